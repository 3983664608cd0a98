package dev.unroll.runtime.kernel;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * A fresh copy of the kernel classes loaded with {@code -Dunroll.math=exact} in effect, for testing the
 * exact mode: {@link FastMath#EXACT} is read once per class loader, so the test JVM's own copy keeps its
 * setting and this one sees the property.
 */
final class ExactMode implements AutoCloseable {
  private final URLClassLoader loader;
  private final String previous;

  ExactMode() {
    previous = System.getProperty("unroll.math");
    System.setProperty("unroll.math", "exact");
    URL classes = FastMath.class.getProtectionDomain().getCodeSource().getLocation();
    loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
  }

  /** Calls the public static method {@code name} of the fresh copy of {@code type}. */
  Object call(Class<?> type, String name, Class<?>[] parameterTypes, Object... args) {
    try {
      Class<?> copy = Class.forName(type.getName(), true, loader);
      if (copy == type) {
        throw new AssertionError("not a fresh copy of " + type);
      }
      return copy.getMethod(name, parameterTypes).invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** {@link FastMath#EXACT} as the fresh copy sees it. */
  boolean exact() {
    try {
      return Class.forName(FastMath.class.getName(), true, loader).getField("EXACT").getBoolean(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  float call(String name, float x) {
    return (float) call(FastMath.class, name, new Class<?>[] {float.class}, x);
  }

  @Override
  public void close() throws Exception {
    if (previous == null) {
      System.clearProperty("unroll.math");
    } else {
      System.setProperty("unroll.math", previous);
    }
    loader.close();
  }
}

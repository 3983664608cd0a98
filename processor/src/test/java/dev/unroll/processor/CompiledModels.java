package dev.unroll.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.unroll.runtime.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Test support: compiles model interfaces with the processor, in memory, and loads the generated
 * classes so tests can run them.
 */
final class CompiledModels {
  private CompiledModels() {}

  /** Compiles {@code source} (a file in package {@code test}) and expects success. */
  static Compilation compile(String qualifiedName, String source) {
    Compilation compilation = javac()
        .withOptions("--release", "17", "-Xlint:all,-processing", "-Werror")
        .withProcessors(new UnrollProcessor())
        .compile(JavaFileObjects.forSourceString(qualifiedName, source));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  /** Loads the generated classes of a compilation and instantiates {@code className} with a seed. */
  static <T extends Model> T instantiate(Compilation compilation, String className, long seed, Class<T> as) {
    return instantiate(compilation, className, seed, 1, as);
  }

  /** As {@link #instantiate(Compilation, String, long, Class)}, splitting batches across {@code threads}. */
  static <T extends Model> T instantiate(Compilation compilation, String className, long seed, int threads,
      Class<T> as) {
    Map<String, byte[]> classes = classFiles(compilation);
    ClassLoader loader = new ClassLoader(CompiledModels.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    try {
      Object model = loader.loadClass(className).getConstructor(long.class, int.class).newInstance(seed, threads);
      return as.cast(model);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + className, e);
    }
  }

  /** The generated source of {@code className}. */
  static String source(Compilation compilation, String className) {
    JavaFileObject file = compilation.generatedSourceFile(className)
        .orElseThrow(() -> new AssertionError("no generated source " + className));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class files of a compilation, by binary name. */
  static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), path.length() - 6)
          .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  /**
   * The source of a one-file network interface {@code test.<name>}: the class annotations (after
   * {@code @Network(...)}), then one layer per entry of {@code layers}, each {@code "<annotation> name"}.
   */
  static String network(String name, String network, String annotations, String... layers) {
    StringBuilder src = new StringBuilder()
        .append("package test;\n\n")
        .append("import dev.unroll.*;\n")
        .append("import dev.unroll.runtime.Tensor;\n\n")
        .append("@Network(").append(network).append(")\n");
    for (String a : annotations.split("\n")) {
      if (!a.isBlank()) {
        src.append(a.strip()).append('\n');
      }
    }
    src.append("interface ").append(name).append(" {\n");
    for (String layer : layers) {
      int space = layer.lastIndexOf(' ');
      src.append("  ").append(layer, 0, space).append("\n  Tensor ").append(layer.substring(space + 1))
          .append("();\n");
    }
    return src.append("}\n").toString();
  }
}

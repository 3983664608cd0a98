package dev.unroll.runtime.kernel;

/**
 * Whether the kernels use the Vector API. The incubating module {@code jdk.incubator.vector} is used when
 * it is in the boot layer ({@code java --add-modules jdk.incubator.vector ...}) and not disabled with
 * {@code -Dunroll.vector=false}; otherwise every kernel runs its scalar form. Classes that touch the
 * Vector API are only loaded when {@link #ENABLED} is true, so the runtime works without the module.
 * The choice is a {@code static final} constant: after the JIT it costs nothing. Loading this class
 * prints which kernels run, once, on standard error (unless {@code -Dunroll.quiet=true}).
 */
public final class VectorSupport {
  /** The incubating module's name. */
  public static final String MODULE = "jdk.incubator.vector";

  /** Whether the Vector API kernels are in use. */
  public static final boolean ENABLED = inBootLayer() && !"false".equals(System.getProperty("unroll.vector"));

  static {
    // One line on standard error, once; -Dunroll.quiet=true silences it. Not System.Logger: its first
    // call costs about 100 ms of start-up.
    if (!Boolean.getBoolean("unroll.quiet")) {
      System.err.println(ENABLED
          ? "unroll: kernels use the Vector API (" + MODULE + ")"
          : "unroll: kernels are scalar; run with --add-modules " + MODULE + " for the Vector API");
    }
  }

  private VectorSupport() {}

  /**
   * Whether {@link #MODULE} is in the boot layer. A loop rather than {@code ModuleLayer.findModule},
   * which for a missing module searches the parent layers with a stream and lambdas: about 8 ms of
   * start-up on a cold JVM.
   */
  private static boolean inBootLayer() {
    for (Module m : ModuleLayer.boot().modules()) {
      if (MODULE.equals(m.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether no kernel is warming up its Vector API form: always on the scalar path; with the Vector API,
   * once every kernel that warms up (the optimizer updates, the products of layers narrower than one
   * vector) and has been called has switched to its vector form. Until then such a kernel runs its
   * scalar form while a background thread gets the vector one compiled, which takes about a second on
   * two cores (see {@code VectorWarmup}; {@code -Dunroll.vectorWarmup=false} turns it off). For
   * benchmarks and tests that must measure the vector kernels themselves.
   */
  public static boolean warmupDone() {
    return !ENABLED || VectorWarmup.idle();
  }

  /** {@code "vector"} or {@code "scalar"}: which kernels run. */
  public static String path() {
    return ENABLED ? "vector" : "scalar";
  }
}

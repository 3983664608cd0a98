package dev.unroll.runtime;

/**
 * Fills parameters at construction, in the logical (PyTorch) element order of the view, so the numbers
 * a seed gives do not depend on how a model stores them.
 */
public final class Initializers {
  private Initializers() {}

  // The values are drawn into an array and copied in one call: models call these at construction, in
  // the interpreter, where a call per element through the view costs milliseconds of start-up.

  /** Every element uniform in {@code [-bound, bound)}. */
  public static void uniform(Tensor t, double bound, Rng rng) {
    double[] values = new double[t.size()];
    rng.uniform(values, -bound, bound);
    t.copyFrom(values);
  }

  /** Every element normal with mean 0 and the given standard deviation. */
  public static void normal(Tensor t, double std, Rng rng) {
    double[] values = new double[t.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = std * rng.nextGaussian();
    }
    t.copyFrom(values);
  }

  /** Every element set to {@code value}. */
  public static void constant(Tensor t, double value) {
    for (int i = 0, n = t.size(); i < n; i++) {
      t.setDouble(i, value);
    }
  }
}

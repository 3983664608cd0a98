package dev.unroll.runtime;

/**
 * Fills parameters at construction, in the logical (PyTorch) element order of the view, so the numbers
 * a seed gives do not depend on how a model stores them.
 */
public final class Initializers {
  private Initializers() {}

  /** Every element uniform in {@code [-bound, bound)}. */
  public static void uniform(Tensor t, double bound, Rng rng) {
    for (int i = 0, n = t.size(); i < n; i++) {
      t.setDouble(i, rng.uniform(-bound, bound));
    }
  }

  /** Every element normal with mean 0 and the given standard deviation. */
  public static void normal(Tensor t, double std, Rng rng) {
    for (int i = 0, n = t.size(); i < n; i++) {
      t.setDouble(i, std * rng.nextGaussian());
    }
  }

  /** Every element set to {@code value}. */
  public static void constant(Tensor t, double value) {
    for (int i = 0, n = t.size(); i < n; i++) {
      t.setDouble(i, value);
    }
  }
}

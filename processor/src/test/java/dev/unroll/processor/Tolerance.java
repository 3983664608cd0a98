package dev.unroll.processor;

import dev.unroll.runtime.Tensor;

/** Element-wise comparisons with a labelled message, as llm.c's test_gpt2 does tensor by tensor. */
final class Tolerance {
  final double absolute;
  final double relative;

  Tolerance(double absolute, double relative) {
    this.absolute = absolute;
    this.relative = relative;
  }

  /** Double models against float64 references: only rounding differences. */
  static final Tolerance DOUBLE = new Tolerance(1e-12, 1e-9);
  /** Float models against float64 references: float rounding. */
  static final Tolerance FLOAT = new Tolerance(2e-6, 2e-5);

  void check(String label, double expected, double actual) {
    double allowed = absolute + relative * Math.abs(expected);
    if (!(Math.abs(expected - actual) <= allowed)) {
      throw new AssertionError(String.format(
          "%s: expected %.17g, got %.17g (difference %.3g, allowed %.3g)", label, expected, actual,
          Math.abs(expected - actual), allowed));
    }
  }

  void check(String label, double[] expected, Tensor actual) {
    if (expected.length != actual.size()) {
      throw new AssertionError(label + ": expected " + expected.length + " values, the model has " + actual.size());
    }
    for (int i = 0; i < expected.length; i++) {
      check(label + "[" + i + "]", expected[i], actual.getDouble(i));
    }
  }
}

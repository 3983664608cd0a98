package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The approximations of {@link FastMath} against the float64 functions: a dense sweep of [-20, 20], a
 * sweep of float bit patterns across the whole range, and the special values. The bounds asserted are
 * the ones the Javadoc states (measured over every float).
 */
class FastMathTest {
  /** Stated bounds: exp relative (normal results), tanh absolute, sigmoid absolute and relative. */
  static final double EXP_REL = 1.6e-7;
  static final double TANH_ABS = 1.7e-7;
  static final double SIGMOID_ABS = 9e-8;
  static final double SIGMOID_REL = 2e-7;

  /** Every 1e-4 over [-20, 20], then every 4099th float bit pattern (about a million, both signs). */
  static float[] inputs() {
    int dense = 400_001;
    int stride = 4099;
    int patterns = (int) ((1L << 32) / stride) + 1;
    float[] x = new float[dense + patterns];
    for (int i = 0; i < dense; i++) {
      x[i] = (float) (-20 + i * 1e-4);
    }
    long bits = 0;
    for (int i = dense; i < x.length; i++, bits += stride) {
      x[i] = Float.intBitsToFloat((int) bits);
    }
    return x;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void exp_relativeErrorWithinBound_whereResultIsNormal() {
    double worst = maxError(FastMath::expFast, Math::exp, true);
    assertTrue(worst <= EXP_REL, "exp relative error " + worst);
  }

  @Test
  void exp_everyPowerOfTwoScale_isExact() {
    // The scale 2^k is built from float arithmetic for each k in [-75, 64]; x near 2k ln 2 hits each one.
    for (int k = -75; k <= 64; k++) {
      for (double offset : new double[] {-0.69, -0.3, 0, 0.3, 0.69}) {
        float x = (float) (2 * k * Math.log(2) + offset);
        double expected = Math.exp(x);
        if (expected >= Float.MIN_NORMAL && expected <= Float.MAX_VALUE) {
          assertEquals(expected, FastMath.expFast(x), expected * EXP_REL, "exp(" + x + ")");
        }
      }
    }
  }

  @Test
  void exp_overflowsUnderflowsAndSpecials_likeFloat64() {
    float x = 88f;
    for (int i = 0; i < 200_000; i++, x = Math.nextUp(x)) { // across the overflow threshold 88.7228
      float expected = (float) Math.exp(x);
      if (expected == Float.POSITIVE_INFINITY) {
        assertEquals(Float.POSITIVE_INFINITY, FastMath.expFast(x), "exp(" + x + ")");
      } else {
        assertEquals(expected, FastMath.expFast(x), expected * EXP_REL, "exp(" + x + ")");
      }
    }
    for (float tiny = -87.3f; tiny > -106f; tiny -= 0.01f) { // subnormal results, then 0
      assertEquals(Math.exp(tiny), FastMath.expFast(tiny), 1.5e-45, "exp(" + tiny + ")");
    }
    assertEquals(1f, FastMath.expFast(0f));
    assertEquals(1f, FastMath.expFast(-0f));
    assertEquals(Float.POSITIVE_INFINITY, FastMath.expFast(Float.POSITIVE_INFINITY));
    assertEquals(Float.POSITIVE_INFINITY, FastMath.expFast(Float.MAX_VALUE));
    assertEquals(0f, FastMath.expFast(Float.NEGATIVE_INFINITY));
    assertEquals(0f, FastMath.expFast(-Float.MAX_VALUE));
    assertEquals(1f, FastMath.expFast(Float.MIN_VALUE));
    assertTrue(Float.isNaN(FastMath.expFast(Float.NaN)));
  }

  @Test
  void tanh_absoluteErrorWithinBound_overAllFloats() {
    double worst = maxError(FastMath::tanhFast, Math::tanh, false);
    assertTrue(worst <= TANH_ABS, "tanh absolute error " + worst);
  }

  @Test
  void tanh_isOddAndSaturates() {
    for (float x : inputs()) {
      float y = FastMath.tanhFast(x);
      assertEquals(Float.floatToRawIntBits(-y), Float.floatToRawIntBits(FastMath.tanhFast(-x)), "tanh(-" + x + ")");
      if (Math.abs(x) >= FastMath.TANH_CLAMP) {
        assertEquals(Math.signum(x), y, "tanh(" + x + ")");
      }
    }
    assertEquals(1f, FastMath.tanhFast(Float.POSITIVE_INFINITY));
    assertEquals(-1f, FastMath.tanhFast(Float.NEGATIVE_INFINITY));
    assertEquals(1f, FastMath.tanhFast(Float.MAX_VALUE));
    assertEquals(1f, FastMath.tanhFast(20f));
    assertEquals(-1f, FastMath.tanhFast(-20f));
    assertEquals(0f, FastMath.tanhFast(0f));
    assertEquals(-0f, FastMath.tanhFast(-0f)); // assertEquals(float, float) tells -0 from +0
    assertEquals(Float.MIN_VALUE, FastMath.tanhFast(Float.MIN_VALUE), Float.MIN_VALUE);
    assertEquals(1e-20f, FastMath.tanhFast(1e-20f), 1e-26f);
    assertTrue(Float.isNaN(FastMath.tanhFast(Float.NaN)));
  }

  @Test
  void sigmoid_absoluteAndRelativeErrorWithinBounds() {
    double abs = maxError(FastMath::sigmoidFast, FastMathTest::sigmoid, false);
    double rel = maxError(FastMath::sigmoidFast, FastMathTest::sigmoid, true);
    assertTrue(abs <= SIGMOID_ABS, "sigmoid absolute error " + abs);
    assertTrue(rel <= SIGMOID_REL, "sigmoid relative error " + rel);
  }

  @Test
  void sigmoid_specials() {
    assertEquals(0.5f, FastMath.sigmoidFast(0f));
    assertEquals(0.5f, FastMath.sigmoidFast(-0f));
    assertEquals(1f, FastMath.sigmoidFast(50f));
    assertEquals(1f, FastMath.sigmoidFast(Float.POSITIVE_INFINITY));
    assertEquals(1f, FastMath.sigmoidFast(Float.MAX_VALUE));
    assertEquals(0f, FastMath.sigmoidFast(Float.NEGATIVE_INFINITY));
    assertEquals(0f, FastMath.sigmoidFast(-Float.MAX_VALUE));
    assertEquals(0f, FastMath.sigmoidFast(-100f));
    assertEquals(sigmoid(-30), FastMath.sigmoidFast(-30f), sigmoid(-30) * SIGMOID_REL);
    assertTrue(Float.isNaN(FastMath.sigmoidFast(Float.NaN)));
  }

  @Test
  void publicFunctions_useTheModeOfThisJvm() {
    for (float x : new float[] {-100f, -3.5f, -1e-3f, 0f, 0.25f, 2f, 30f, 90f}) {
      assertEquals(FastMath.EXACT ? (float) StrictMath.exp(x) : FastMath.expFast(x), FastMath.exp(x));
      assertEquals(FastMath.EXACT ? (float) StrictMath.tanh(x) : FastMath.tanhFast(x), FastMath.tanh(x));
      assertEquals(FastMath.EXACT ? (float) (1 / (1 + StrictMath.exp(-(double) x))) : FastMath.sigmoidFast(x),
          FastMath.sigmoid(x));
    }
  }

  @Test
  void exactMode_equalsStrictMath() throws Exception {
    try (ExactMode exact = new ExactMode()) {
      assertTrue(exact.exact());
      for (float x : new float[] {-200f, -88f, -20f, -3.5f, -1e-3f, -0f, 0f, 1e-30f, 0.25f, 2f, 9.5f, 30f, 88.7f,
          89f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
        assertEquals((float) StrictMath.exp(x), exact.call("exp", x), "exp(" + x + ")");
        assertEquals((float) StrictMath.tanh(x), exact.call("tanh", x), "tanh(" + x + ")");
        assertEquals((float) (1 / (1 + StrictMath.exp(-(double) x))), exact.call("sigmoid", x), "sigmoid(" + x + ")");
      }
    }
  }

  /**
   * The largest error of {@code f} against {@code reference} over {@link #inputs()}: absolute, or relative
   * where the reference is a normal float. Where the reference overflows float, {@code f} must give the
   * same infinity; a NaN input must give NaN.
   */
  static double maxError(FloatFunction f, DoubleUnaryOperator reference, boolean relative) {
    double worst = 0;
    for (float x : inputs()) {
      float y = f.apply(x);
      if (Float.isNaN(x)) {
        assertTrue(Float.isNaN(y), "NaN in, " + y + " out");
        continue;
      }
      double expected = reference.applyAsDouble(x);
      if (Math.abs(expected) > Float.MAX_VALUE) {
        assertEquals((float) expected, y, "f(" + x + ")");
        continue;
      }
      double error = Math.abs(y - expected);
      if (relative) {
        if (Math.abs(expected) < Float.MIN_NORMAL) {
          continue;
        }
        error /= Math.abs(expected);
      }
      worst = Math.max(worst, error);
    }
    return worst;
  }

  @FunctionalInterface
  interface FloatFunction {
    float apply(float x);
  }
}

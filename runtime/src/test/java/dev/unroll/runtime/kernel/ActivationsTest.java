package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each activation kernel against a plain double reference, on lengths around the vector sizes (so both
 * the vector loop and the scalar tail run), and against its documented scalar float form bit for bit,
 * which on the vector path checks that {@code VectorActivations} computes the same bits.
 */
class ActivationsTest {
  static final float SENTINEL = 42.5f;
  static final float SLOPE = 0.1f;

  @Test
  void pathIsTheExpectedOne() {
    assertEquals(System.getProperty("unroll.expectPath", VectorSupport.path()), VectorSupport.path());
  }

  /** Random values of spread {@code scale}, some special values, and sentinels past {@code n}. */
  static float[] input(int n, float scale, long seed) {
    Random random = new Random(seed);
    float[] y = new float[n + 3];
    for (int i = 0; i < n; i++) {
      y[i] = (float) (random.nextGaussian() * scale);
    }
    Arrays.fill(y, n, y.length, SENTINEL);
    return y;
  }

  /** {@link #input} with zeros, infinities and extremes mixed in (no NaN). */
  static float[] inputWithSpecials(int n, long seed) {
    float[] y = input(n, 6, seed);
    float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.MIN_VALUE, -Float.MIN_VALUE, 100f, -100f, 1e-30f};
    for (int i = 0; i < n; i += 3) {
      y[i] = specials[(i / 3) % specials.length];
    }
    return y;
  }

  static void assertUntouchedPast(float[] y, int n) {
    for (int i = n; i < y.length; i++) {
      assertEquals(SENTINEL, y[i], "position " + i + " past n = " + n);
    }
  }

  /** {@code actual} within {@code absolute + relative |expected|} of {@code expected}, element-wise. */
  static void assertClose(double[] expected, float[] actual, double absolute, double relative, String what) {
    for (int i = 0; i < expected.length; i++) {
      double allowed = absolute + relative * Math.abs(expected[i]);
      assertTrue(Math.abs(expected[i] - actual[i]) <= allowed || expected[i] == actual[i],
          () -> what + ": expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual));
    }
  }

  static double[] map(float[] x, int n, DoubleUnaryOperator f) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = f.applyAsDouble(x[i]);
    }
    return out;
  }

  /** Same bits, NaN matching any NaN, {@code -0} matching only {@code -0}. */
  static void assertSameBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i])
          : Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i]);
      int at = i;
      assertTrue(same, () -> what + "[" + at + "]: expected " + expected[at] + ", got " + actual[at]);
    }
  }

  // --- forward against the double reference ---------------------------------------------------

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 3, 15, 16, 17, 33, 1000})
  void forward_matchesDoubleReference(int n) {
    float[] x = input(n, 4, n);

    float[] y = x.clone();
    Activations.sigmoid(y, n);
    assertClose(map(x, n, v -> 1 / (1 + Math.exp(-v))), y, FastMathTest.SIGMOID_ABS, 0, "sigmoid");
    assertUntouchedPast(y, n);

    y = x.clone();
    Activations.tanh(y, n);
    assertClose(map(x, n, Math::tanh), y, FastMathTest.TANH_ABS, 0, "tanh");
    assertUntouchedPast(y, n);

    y = x.clone();
    Activations.relu(y, n);
    assertClose(map(x, n, v -> Math.max(v, 0)), y, 0, 0, "relu");
    assertUntouchedPast(y, n);

    y = x.clone();
    Activations.leakyRelu(y, n, SLOPE);
    assertClose(map(x, n, v -> v > 0 ? v : (double) (SLOPE * (float) v)), y, 0, 0, "leakyRelu");
    assertUntouchedPast(y, n);

    y = x.clone();
    Activations.step(y, n);
    assertClose(map(x, n, v -> v >= 0 ? 1 : 0), y, 0, 0, "step");
    assertUntouchedPast(y, n);

    y = x.clone();
    Activations.softmax(y, n);
    assertClose(softmax(x, n), y, 1e-9, 5e-7, "softmax");
    assertUntouchedPast(y, n);
  }

  static double[] softmax(float[] x, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[i]);
    }
    double[] e = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      e[i] = Math.exp(x[i] - max);
      sum += e[i];
    }
    for (int i = 0; i < n; i++) {
      e[i] /= sum;
    }
    return e;
  }

  @Test
  void forward_specialValues() {
    float[] y = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
    float[] s = y.clone();
    Activations.step(s, s.length);
    assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0}, s);
    float[] r = y.clone();
    Activations.relu(r, r.length);
    assertArrayEquals(new float[] {0, 0, Float.POSITIVE_INFINITY, 0, Float.MIN_VALUE, 0}, r);
    float[] g = y.clone();
    Activations.sigmoid(g, g.length);
    assertArrayEquals(new float[] {0.5f, 0.5f, 1, 0, 0.5f, 0.5f}, g);
    float[] t = y.clone();
    Activations.tanh(t, t.length);
    assertArrayEquals(new float[] {0, -0f, 1, -1, Float.MIN_VALUE, -Float.MIN_VALUE}, t); // tanh(x) = x for tiny x
  }

  // --- softmax ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 3, 15, 16, 17, 33, 1000})
  void softmax_rowSumsToOne_andLargeInputsStayFinite(int n) {
    float[] y = input(n, 30, 7 * n);
    y[0] = 1000f;
    if (n > 2) {
      y[n - 1] = 1000f;
      y[1] = -1000f;
    }
    float[] x = y.clone();
    Activations.softmax(y, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      assertFalse(Float.isNaN(y[i]), "NaN at " + i);
      assertTrue(y[i] >= 0 && y[i] <= 1, "out of [0, 1] at " + i + ": " + y[i]);
      sum += y[i];
    }
    assertEquals(1, sum, 1e-6);
    assertClose(softmax(x, n), y, 1e-9, 5e-7, "softmax");
    assertUntouchedPast(y, n);
  }

  @Test
  void softmax_equalInputsGiveUniform_andMinusInfinityGivesZero() {
    float[] y = new float[40];
    Arrays.fill(y, 1e30f);
    Activations.softmax(y, 40);
    for (float v : y) {
      assertEquals(1f / 40, v, 1e-9f);
    }
    float[] z = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY, 0f};
    Activations.softmax(z, 4);
    assertArrayEquals(new float[] {0, 0.5f, 0, 0.5f}, z);
    Activations.softmax(z, 0); // nothing to do
  }

  // --- backward against the double reference --------------------------------------------------

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 3, 15, 16, 17, 33, 1000})
  void backward_matchesDoubleReference(int n) {
    float[] x = input(n, 3, 31 * n);
    float[] dzIn = input(n, 1, 17 * n);

    float[] y = x.clone();
    Activations.sigmoid(y, n);
    float[] dz = dzIn.clone();
    Activations.sigmoidBackward(y, dz, n);
    assertClose(map2(y, dzIn, n, (v, d) -> d * v * (1 - v)), dz, 1e-12, 4e-7, "sigmoidBackward");
    assertUntouchedPast(dz, n);

    y = x.clone();
    Activations.tanh(y, n);
    dz = dzIn.clone();
    Activations.tanhBackward(y, dz, n);
    assertClose(map2(y, dzIn, n, (v, d) -> d * (1 - v * v)), dz, 1e-12, 4e-7, "tanhBackward");
    assertUntouchedPast(dz, n);

    y = x.clone();
    Activations.relu(y, n);
    dz = dzIn.clone();
    Activations.reluBackward(y, dz, n);
    assertClose(map2(y, dzIn, n, (v, d) -> v > 0 ? d : 0), dz, 0, 0, "reluBackward");
    assertUntouchedPast(dz, n);

    y = x.clone();
    Activations.leakyRelu(y, n, SLOPE);
    dz = dzIn.clone();
    Activations.leakyReluBackward(y, dz, n, SLOPE);
    assertClose(map2(y, dzIn, n, (v, d) -> v > 0 ? d : (double) (SLOPE * (float) d)), dz, 0, 0, "leakyReluBackward");
    assertUntouchedPast(dz, n);

    y = x.clone();
    Activations.softmax(y, n);
    dz = dzIn.clone();
    Activations.softmaxBackward(y, dz, n);
    double dot = 0;
    for (int i = 0; i < n; i++) {
      dot += (double) dzIn[i] * y[i];
    }
    double s = dot;
    assertClose(map2(y, dzIn, n, (v, d) -> v * (d - s)), dz, 1e-7, 1e-6, "softmaxBackward");
    assertUntouchedPast(dz, n);
  }

  @FunctionalInterface
  interface DoubleBinary {
    double apply(double y, double dz);
  }

  static double[] map2(float[] y, float[] dz, int n, DoubleBinary f) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = f.apply(y[i], dz[i]);
    }
    return out;
  }

  // --- the documented float forms, bit for bit (on the vector path: vector == scalar) -----------

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 3, 15, 16, 17, 33, 1000})
  void everyPath_givesTheBitsOfTheScalarForm(int n) {
    float[] x = inputWithSpecials(n, 5 * n);
    x[n / 2] = Float.NaN;
    float[] dzIn = input(n, 1, 3 * n);
    dzIn[0] = 0f;

    assertSameBits(scalar(x, n, FastMath::sigmoid), run(x, n, Activations::sigmoid), "sigmoid");
    assertSameBits(scalar(x, n, FastMath::tanh), run(x, n, Activations::tanh), "tanh");
    assertSameBits(scalar(x, n, v -> Math.max(v, 0f)), run(x, n, Activations::relu), "relu");
    assertSameBits(scalar(x, n, v -> Math.max(v, 0f) + SLOPE * Math.min(v, 0f)),
        run(x, n, (y, m) -> Activations.leakyRelu(y, m, SLOPE)), "leakyRelu");
    assertSameBits(scalar(x, n, v -> 1f - Activations.gate(-v)), run(x, n, Activations::step), "step");

    float[] finite = input(n, 20, n);
    float[] expected = finite.clone();
    float max = Activations.max(expected, n);
    for (int i = 0; i < n; i++) {
      expected[i] = FastMath.exp(expected[i] - max);
    }
    float sum = Activations.sum(expected, n);
    for (int i = 0; i < n; i++) {
      expected[i] = expected[i] / sum;
    }
    float[] softmax = run(finite, n, Activations::softmax);
    assertSameBits(expected, softmax, "softmax");

    float[] y = x.clone(); // any y, including NaN, infinities and zeros
    assertSameBits(scalar2(y, dzIn, n, (v, d) -> d * (v * (1f - v))),
        run2(y, dzIn, n, Activations::sigmoidBackward), "sigmoidBackward");
    assertSameBits(scalar2(y, dzIn, n, (v, d) -> d * ((1f - v) * (1f + v))),
        run2(y, dzIn, n, Activations::tanhBackward), "tanhBackward");
    assertSameBits(scalar2(y, dzIn, n, (v, d) -> d * Activations.gate(v)),
        run2(y, dzIn, n, Activations::reluBackward), "reluBackward");
    assertSameBits(scalar2(y, dzIn, n, (v, d) -> d * Activations.gate(v) + SLOPE * d * (1f - Activations.gate(v))),
        run2(y, dzIn, n, (a, b, m) -> Activations.leakyReluBackward(a, b, m, SLOPE)), "leakyReluBackward");
    float dot = Activations.dot(dzIn, softmax, n);
    assertSameBits(scalar2(softmax, dzIn, n, (v, d) -> v * (d - dot)),
        run2(softmax, dzIn, n, Activations::softmaxBackward), "softmaxBackward");
  }

  interface Kernel {
    void apply(float[] y, int n);
  }

  interface Kernel2 {
    void apply(float[] y, float[] dz, int n);
  }

  interface FloatOp {
    float apply(float v);
  }

  interface FloatOp2 {
    float apply(float y, float dz);
  }

  static float[] run(float[] x, int n, Kernel kernel) {
    float[] y = x.clone();
    kernel.apply(y, n);
    return y;
  }

  static float[] run2(float[] y, float[] dz, int n, Kernel2 kernel) {
    float[] out = dz.clone();
    kernel.apply(y, out, n);
    return out;
  }

  static float[] scalar(float[] x, int n, FloatOp f) {
    float[] y = x.clone();
    for (int i = 0; i < n; i++) {
      y[i] = f.apply(y[i]);
    }
    return y;
  }

  static float[] scalar2(float[] y, float[] dz, int n, FloatOp2 f) {
    float[] out = dz.clone();
    for (int i = 0; i < n; i++) {
      out[i] = f.apply(y[i], out[i]);
    }
    return out;
  }

  // --- sums, bounds, exact mode ------------------------------------------------------------------

  @Test
  void sum_hasTheDocumentedOrder() {
    float[] y = input(21, 1e3f, 5);
    float[] acc = new float[8];
    for (int i = 0; i < 16; i++) {
      acc[i % 8] += y[i];
    }
    float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (int i = 16; i < 21; i++) {
      s += y[i];
    }
    assertEquals(s, Activations.sum(y, 21));
    assertEquals(y[0] + y[1] + y[2], Activations.sum(y, 3));
    assertEquals(0f, Activations.sum(y, 0));
  }

  @Test
  void lengthPastTheArray_throwsBeforeWriting() {
    float[] y = {1f, 2f};
    assertThrows(IndexOutOfBoundsException.class, () -> Activations.sigmoid(y, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> Activations.reluBackward(y, new float[1], 2));
    assertArrayEquals(new float[] {1f, 2f}, y);
  }

  @Test
  void exactMode_usesStrictMath() throws Exception {
    int n = 37;
    float[] x = input(n, 5, 11);
    try (ExactMode exact = new ExactMode()) {
      float[] y = x.clone();
      exact.call(Activations.class, "sigmoid", new Class<?>[] {float[].class, int.class}, y, n);
      assertSameBits(scalar(x, n, v -> (float) (1 / (1 + StrictMath.exp(-(double) v)))), y, "exact sigmoid");
      y = x.clone();
      exact.call(Activations.class, "tanh", new Class<?>[] {float[].class, int.class}, y, n);
      assertSameBits(scalar(x, n, v -> (float) StrictMath.tanh(v)), y, "exact tanh");
      y = x.clone();
      exact.call(Activations.class, "softmax", new Class<?>[] {float[].class, int.class}, y, n);
      float[] expected = x.clone();
      float max = Activations.max(expected, n);
      for (int i = 0; i < n; i++) {
        expected[i] = (float) StrictMath.exp(expected[i] - max);
      }
      float sum = Activations.sum(expected, n);
      for (int i = 0; i < n; i++) {
        expected[i] /= sum;
      }
      assertSameBits(expected, y, "exact softmax");
    }
  }
}

package dev.unroll.runtime.kernel;

import java.util.Objects;

/**
 * Element-wise activation kernels on float arrays, forward and backward, in place on positions
 * {@code [0, n)}; positions from {@code n} on are not touched. No kernel allocates.
 *
 * <h2>Forms</h2>
 *
 * <ul>
 *   <li>{@code sigmoid}, {@code tanh} and {@code softmax} use {@link FastMath}'s approximations (errors
 *       stated there: sigmoid within 9e-8, tanh within 1.7e-7, exp within 1.6e-7 relative), or
 *       {@link StrictMath} in double with {@code -Dunroll.math=exact} ({@link FastMath#EXACT}).
 *   <li>{@code step}, {@code relu}, {@code leakyRelu} and their backward rules give the exact values, up to
 *       the sign of a zero result; they are written without branches ({@link Math#max}, {@link Math#min},
 *       products by 0 or 1) so that C2 vectorises them. The other backward rules are the float formulas
 *       stated on each, a few roundings from the exact values.
 *   <li>With {@link VectorSupport#ENABLED} the loops run on the Vector API ({@code VectorActivations}),
 *       performing the same float operations in the same order: the results are the same bits on both
 *       paths. Sums ({@link #softmax}, {@link #softmaxBackward}) are scalar on both paths, in one fixed
 *       order, so they are deterministic too.
 * </ul>
 *
 * <h2>Speed</h2>
 *
 * <p>ns a value, in place on 4,096 floats, one thread, AVX-512 (JMH, medians of a shared 2-core machine,
 * so about +-20%; each includes the 0.05-0.07 ns of copying the input back). "Scalar" is the path
 * without the module, auto-vectorised by C2; "vector" runs with {@code --add-modules
 * jdk.incubator.vector}.
 *
 * <table>
 *   <caption>Activation kernels, ns a value</caption>
 *   <tr><th>kernel</th><th>JDK 17 scalar</th><th>JDK 17 vector</th><th>JDK 25 scalar</th><th>JDK 25 vector</th></tr>
 *   <tr><td>sigmoid</td><td>1.06</td><td>0.98</td><td>1.19</td><td>1.08</td></tr>
 *   <tr><td>tanh</td><td>0.82</td><td>0.75</td><td>0.86</td><td>0.58</td></tr>
 *   <tr><td>softmax</td><td>1.66</td><td>1.34</td><td>1.81</td><td>1.59</td></tr>
 *   <tr><td>relu, leakyRelu, step</td><td>0.14-0.28</td><td>0.13-0.30</td><td>0.15-0.32</td><td>0.11-0.33</td></tr>
 *   <tr><td>backward rules</td><td>0.16-0.49</td><td>0.18-0.55</td><td>0.15-0.54</td><td>0.15-0.50</td></tr>
 *   <tr><td>for comparison: {@code Math.exp}, {@code Math.tanh}, sigmoid by {@code Math.exp}</td>
 *       <td>15, 36, 8.0</td><td></td><td>6.9, 12.8, 9.0</td><td></td></tr>
 * </table>
 *
 * <p>The two paths are about as fast: C2 vectorises these loops well. The Vector API's own
 * {@code VectorOperators.EXP} (Intel SVML) ran at 0.45 ns and {@code TANH} at 0.7 ns, but they are not
 * used, so that both paths give the same bits on every platform (see {@code VectorActivations}).
 */
public final class Activations {
  /** {@code 2^149}, as two factors: scales the smallest positive float to 1. */
  static final float TO_ONE_A = 0x1p126f;
  static final float TO_ONE_B = 0x1p23f;

  private Activations() {}

  // ---------------------------------------------------------------------------------------------
  // Forward: y = f(y)
  // ---------------------------------------------------------------------------------------------

  /**
   * Heaviside step: {@code y = y >= 0 ? 1 : 0}, computed as {@code 1 - g(-y)} with the gate of
   * {@link #reluBackward} ({@code -0} gives 1; NaN stays NaN).
   */
  public static void step(float[] y, int n) {
    check(y, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.step(y, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] = 1f - gate(-y[i]);
    }
  }

  /** Logistic sigmoid: {@code y = 1 / (1 + e^-y)}; see {@link FastMath#sigmoid} for the error. */
  public static void sigmoid(float[] y, int n) {
    check(y, n);
    if (FastMath.EXACT) {
      for (int i = 0; i < n; i++) {
        y[i] = FastMath.sigmoid(y[i]);
      }
    } else if (VectorSupport.ENABLED) {
      VectorActivations.sigmoid(y, n);
    } else {
      for (int i = 0; i < n; i++) {
        y[i] = FastMath.sigmoidFast(y[i]);
      }
    }
  }

  /** Hyperbolic tangent: {@code y = tanh(y)}; see {@link FastMath#tanh} for the error. */
  public static void tanh(float[] y, int n) {
    check(y, n);
    if (FastMath.EXACT) {
      for (int i = 0; i < n; i++) {
        y[i] = FastMath.tanh(y[i]);
      }
    } else if (VectorSupport.ENABLED) {
      VectorActivations.tanh(y, n);
    } else {
      for (int i = 0; i < n; i++) {
        y[i] = FastMath.tanhFast(y[i]);
      }
    }
  }

  /** Rectifier: {@code y = max(y, 0)} (NaN stays NaN, {@code -0} gives {@code +0}). */
  public static void relu(float[] y, int n) {
    check(y, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.relu(y, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] = Math.max(y[i], 0f);
    }
  }

  /**
   * Leaky rectifier: {@code y = y > 0 ? y : slope * y}, computed as
   * {@code max(y, 0) + slope * min(y, 0)}: the same value, except that a zero result is always
   * {@code +0}.
   */
  public static void leakyRelu(float[] y, int n, float slope) {
    check(y, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.leakyRelu(y, n, slope);
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] = Math.max(y[i], 0f) + slope * Math.min(y[i], 0f);
    }
  }

  /**
   * Softmax over {@code y[0, n)}: {@code y_j = e^(y_j - m) / sum_k e^(y_k - m)} with {@code m = max y}, so
   * large inputs do not overflow. The sum is accumulated in a fixed order ({@link #sum}). The error is
   * that of PyTorch's float softmax (the rounding of {@code y_j - m}, the sum and the quotient) plus
   * {@code exp}'s relative 1.6e-7; the outputs sum to 1 within a few {@code n} float roundings. A NaN or
   * {@code +Infinity} input makes the row NaN, as in PyTorch.
   */
  public static void softmax(float[] y, int n) {
    check(y, n);
    if (n == 0) {
      return;
    }
    float max = VectorSupport.ENABLED ? VectorActivations.max(y, n) : max(y, n);
    if (FastMath.EXACT) {
      for (int i = 0; i < n; i++) {
        y[i] = FastMath.exp(y[i] - max);
      }
    } else if (VectorSupport.ENABLED) {
      VectorActivations.expMinus(y, n, max);
    } else {
      for (int i = 0; i < n; i++) {
        y[i] = FastMath.expFast(y[i] - max);
      }
    }
    float sum = sum(y, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.divide(y, n, sum);
    } else {
      for (int i = 0; i < n; i++) {
        y[i] = y[i] / sum;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Backward: given the forward output y, dz = dLoss/dy becomes dLoss/dx in place.
  // ---------------------------------------------------------------------------------------------

  /** {@code dz = dz * (y * (1 - y))} for {@code y = sigmoid(x)}. */
  public static void sigmoidBackward(float[] y, float[] dz, int n) {
    check(y, dz, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.sigmoidBackward(y, dz, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      dz[i] = dz[i] * (y[i] * (1f - y[i]));
    }
  }

  /**
   * {@code dz = dz * (1 - y^2)} for {@code y = tanh(x)}, computed as {@code dz * ((1 - y) (1 + y))}: where
   * {@code |y|} nears 1, {@code 1 - y * y} would lose the digits of {@code 1 - y^2} to the rounding of
   * {@code y * y}, while {@code 1 - y} is exact there.
   */
  public static void tanhBackward(float[] y, float[] dz, int n) {
    check(y, dz, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.tanhBackward(y, dz, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      dz[i] = dz[i] * ((1f - y[i]) * (1f + y[i]));
    }
  }

  /**
   * {@code dz = y > 0 ? dz : 0} for {@code y = relu(x)}, computed as {@code dz * g} with the gate
   * {@code g = min(max(y * 2^149, 0), 1)}, which is 1 for every positive float and 0 otherwise: the same
   * value for finite {@code dz}, except that the zero may be {@code -0}; where {@code y <= 0} an infinite
   * or NaN {@code dz} (or a NaN {@code y}) gives NaN instead of 0.
   */
  public static void reluBackward(float[] y, float[] dz, int n) {
    check(y, dz, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.reluBackward(y, dz, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      dz[i] = dz[i] * gate(y[i]);
    }
  }

  /**
   * {@code dz = y > 0 ? dz : slope * dz} for {@code y = leakyRelu(x)} with {@code slope > 0} (so that
   * {@code y} has the sign of {@code x}), computed as {@code dz * g + slope * dz * (1 - g)} with the gate
   * of {@link #reluBackward}; the same caveats about zeros and non-finite {@code dz}.
   */
  public static void leakyReluBackward(float[] y, float[] dz, int n, float slope) {
    check(y, dz, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.leakyReluBackward(y, dz, n, slope);
      return;
    }
    for (int i = 0; i < n; i++) {
      float g = gate(y[i]);
      dz[i] = dz[i] * g + slope * dz[i] * (1f - g);
    }
  }

  /**
   * {@code dz_j = y_j (dz_j - sum_k dz_k y_k)} for {@code y = softmax(x)} (the Jacobian-vector product),
   * with the sum accumulated in the fixed order of {@link #dot}.
   */
  public static void softmaxBackward(float[] y, float[] dz, int n) {
    check(y, dz, n);
    float s = dot(dz, y, n);
    if (VectorSupport.ENABLED) {
      VectorActivations.softmaxBackward(y, dz, n, s);
      return;
    }
    for (int i = 0; i < n; i++) {
      dz[i] = y[i] * (dz[i] - s);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shared pieces, the same on both paths.
  // ---------------------------------------------------------------------------------------------

  /** 1 for every positive float {@code y}, 0 for {@code y <= 0}, NaN for NaN. */
  static float gate(float y) {
    return Math.min(Math.max(y * TO_ONE_A * TO_ONE_B, 0f), 1f);
  }

  /**
   * The largest of {@code y[0, n)}, NaN if any is NaN. The order does not change the result; eight
   * running maxima hide the latency of {@link Math#max} (a chain of one ran at 1 ns a value).
   */
  static float max(float[] y, int n) {
    float m0 = Float.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0;
    int i = 0;
    for (; i <= n - 8; i += 8) {
      m0 = Math.max(m0, y[i]);
      m1 = Math.max(m1, y[i + 1]);
      m2 = Math.max(m2, y[i + 2]);
      m3 = Math.max(m3, y[i + 3]);
      m4 = Math.max(m4, y[i + 4]);
      m5 = Math.max(m5, y[i + 5]);
      m6 = Math.max(m6, y[i + 6]);
      m7 = Math.max(m7, y[i + 7]);
    }
    float m = Math.max(Math.max(Math.max(m0, m1), Math.max(m2, m3)), Math.max(Math.max(m4, m5), Math.max(m6, m7)));
    for (; i < n; i++) {
      m = Math.max(m, y[i]);
    }
    return m;
  }

  /**
   * {@code y[0] + ... + y[n-1]} in a fixed order: eight running sums over positions {@code i mod 8} for
   * the first {@code n - n mod 8} values, folded as {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 +
   * s7))}, then the remaining values one by one. Eight independent chains run about 4 times as fast as
   * one, and the order never depends on the path or the machine.
   */
  static float sum(float[] y, int n) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    int i = 0;
    for (; i <= n - 8; i += 8) {
      s0 += y[i];
      s1 += y[i + 1];
      s2 += y[i + 2];
      s3 += y[i + 3];
      s4 += y[i + 4];
      s5 += y[i + 5];
      s6 += y[i + 6];
      s7 += y[i + 7];
    }
    float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; i < n; i++) {
      s += y[i];
    }
    return s;
  }

  /** {@code a[0] b[0] + ... + a[n-1] b[n-1]} in the order of {@link #sum}. */
  static float dot(float[] a, float[] b, int n) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    int i = 0;
    for (; i <= n - 8; i += 8) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
      s4 += a[i + 4] * b[i + 4];
      s5 += a[i + 5] * b[i + 5];
      s6 += a[i + 6] * b[i + 6];
      s7 += a[i + 7] * b[i + 7];
    }
    float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void check(float[] y, int n) {
    Objects.checkFromIndexSize(0, n, y.length);
  }

  private static void check(float[] y, float[] dz, int n) {
    Objects.checkFromIndexSize(0, n, y.length);
    Objects.checkFromIndexSize(0, n, dz.length);
  }
}

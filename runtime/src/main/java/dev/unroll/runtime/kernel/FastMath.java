package dev.unroll.runtime.kernel;

/**
 * Float approximations of {@code exp}, {@code tanh} and the logistic sigmoid that C2 vectorises.
 *
 * <p>{@link Math#exp} costs 13.5 ns a value on JDK 17 and {@link Math#tanh} 31 ns, and a loop calling
 * either is never vectorised. The forms here use only float {@code +}, {@code *}, {@code /},
 * {@link Math#min} and {@link Math#max}, no branch, no table and no bit reinterpretation (C2 on JDK 17
 * and 25 does not vectorise {@code Float.intBitsToFloat}), so a loop applying one to an array runs as
 * AVX code: 0.6-1.2 ns a value on JDK 17 and 25 (see {@link Activations} for the measurements).
 *
 * <p>Every result depends only on the input: Java float arithmetic is exactly rounded on every
 * platform and no {@link Math#fma} is used, so the results are the same bit for bit on every JVM and
 * machine, and the Vector API kernels ({@code VectorActivations}) repeat the same operations in the
 * same order to give the same bits.
 *
 * <p>Errors below were measured against the float64 functions ({@link Math#exp}, {@link Math#tanh},
 * {@code 1 / (1 + Math.exp(-x))} in double) over <em>every</em> float input.
 *
 * <p>With {@code -Dunroll.math=exact} ({@link #EXACT}) the three functions, and the activation kernels
 * that use them, compute in double with {@link StrictMath} and round once to float instead: correctly
 * rounded in all but rare cases, and 10-50 times slower.
 */
public final class FastMath {
  /**
   * Whether {@code -Dunroll.math=exact} is set: {@link StrictMath} in double instead of the
   * approximations. Read once; a constant for the JIT.
   */
  public static final boolean EXACT = "exact".equals(System.getProperty("unroll.math"));

  /** {@code 1.5 * 2^23}: {@code (v + MAGIC) - MAGIC} is {@code v} rounded to an integer for {@code |v| < 2^22}. */
  static final float MAGIC = 12582912f;

  // exp: x = 2k ln 2 + r. LN4_HI has 9 significant bits, so k * LN4_HI is exact for |k| <= 2^15.
  static final float HALF_LOG2E = 0.7213475f;
  static final float LN4_HI = 1.38671875f;
  static final float LN4_LO = -4.2438888e-4f;
  /** Overflow to infinity above this; {@code exp(88.8)} is over {@code Float.MAX_VALUE}. */
  static final float EXP_MAX = 88.8f;
  /** Zero below this; {@code exp(-104)} is under half the smallest subnormal float. */
  static final float EXP_MIN = -104f;
  // e^r = 1 + r + r^2 q(r) on |r| <= ln 2: minimax q of degree 5, relative error 7e-9 in exact arithmetic.
  static final float E0 = 0.5000004f;
  static final float E1 = 0.16666676f;
  static final float E2 = 0.041660402f;
  static final float E3 = 0.008332721f;
  static final float E4 = 0.0014119549f;
  static final float E5 = 2.0053069e-4f;
  // 2^(k/256) ~ 1 + k (T1 + k (T2 + k T3)), Taylor, k in [-75, 64]: within 0.007%, so its 256th power is
  // within 2% of 2^k.
  static final float T1 = 0.0027076062f;
  static final float T2 = 3.6655656e-6f;
  static final float T3 = 3.3083027e-9f;

  // tanh(x) = 2u / (1 + u^2) with u = tanh(x/2) = (x/2) P(x^2/4) / Q(x^2/4) for |x/2| <= 4.51: a minimax
  // rational of degree 7/8, relative error 2e-9 in exact arithmetic. The coefficients below are those of
  // P and Q divided by 4^i, so the polynomials take s = x^2 directly (exact scalings by powers of 2).
  /** Past this, {@code tanh} is 1 in float; the input is clamped to it. */
  static final float TANH_CLAMP = 9.02f;
  static final float P1 = 0.13207953f / 4;
  static final float P2 = 0.0032689315f / 16;
  static final float P3 = 1.5416343e-5f / 64;
  static final float Q1 = 0.46541286f / 4;
  static final float Q2 = 0.025073221f / 16;
  static final float Q3 = 2.863606e-4f / 64;
  static final float Q4 = 3.8983327e-7f / 256;

  private FastMath() {}

  /**
   * {@code e^x}.
   *
   * <p>Fast form ({@link #expFast}): relative error at most 1.6e-7 (about 1.3 ulp) wherever the result
   * is a normal float ({@code x} in [-87.33, 88.72]); {@code +Infinity} exactly where the float64 value
   * rounds to it; subnormal results within 1.4e-45 (one step); 0 below -104; NaN for NaN. Exact form:
   * {@code (float) StrictMath.exp(x)}.
   */
  public static float exp(float x) {
    return EXACT ? (float) StrictMath.exp(x) : expFast(x);
  }

  /**
   * {@code tanh(x)}.
   *
   * <p>Fast form ({@link #tanhFast}): absolute error at most 1.7e-7 over all floats; exactly +-1 for
   * {@code |x| >= 9.02} and the infinities, odd ({@code tanh(-x) == -tanh(x)}, {@code tanh(-0) = -0}),
   * NaN for NaN. Exact form: {@code (float) StrictMath.tanh(x)}.
   */
  public static float tanh(float x) {
    return EXACT ? (float) StrictMath.tanh(x) : tanhFast(x);
  }

  /**
   * The logistic sigmoid {@code 1 / (1 + e^-x)}.
   *
   * <p>Fast form ({@link #sigmoidFast}): absolute error at most 9e-8 over all floats and relative error at
   * most 2e-7 wherever the result is a normal float (so small outputs, as for {@code log} in a
   * cross-entropy, keep their digits); 0 below -88.7 (where the true value is under 3e-39) and 1 for
   * large {@code x}; NaN for NaN. Exact form: {@code (float) (1 / (1 + StrictMath.exp(-x)))} in double.
   */
  public static float sigmoid(float x) {
    return EXACT ? (float) (1.0 / (1.0 + StrictMath.exp(-(double) x))) : sigmoidFast(x);
  }

  /**
   * {@code e^x} by range reduction, always the approximation (see {@link #exp} for its error).
   *
   * <ol>
   *   <li>Clamp {@code x} to [-104, 88.8] (NaN stays NaN) and write {@code x = 2k ln 2 + r} with
   *       {@code k = round(x / (2 ln 2))}, an integer in [-75, 64], and {@code |r| <= ln 2}
   *       (Cody and Waite: {@code ln 4} in two parts, so {@code r} is nearly exact).
   *   <li>{@code p = e^r = 1 + r + r^2 q(r)}, a degree-7 minimax polynomial.
   *   <li>{@code s = 2^k}, exactly, from float arithmetic only: {@code a ~ 2^(k/256)} by a cubic, squared
   *       8 times to within 2% of {@code 2^k}, then rounded to the nearest power of two by
   *       {@code (a + t) - t} with {@code t = 1.5 * 2^23 * a}: in the binade of {@code t} floats are
   *       multiples of the power of two nearest {@code a}. Checked for every {@code k} by the tests.
   *   <li>{@code e^x = (p s) s}: exact until the last product, which rounds once, also into subnormals
   *       and to infinity.
   * </ol>
   *
   * <p>Keep this short: C2 vectorises a loop only after unrolling it, and it unrolls only bodies under a
   * size limit ({@code -XX:LoopUnrollLimit}). A loop of {@code sigmoidFast} is near it: reducing by
   * {@code ln 2} instead of {@code 2 ln 2}, which needs two different powers of two to cover the range,
   * made the loop scalar and ten times slower (about 10 ns a value).
   */
  public static float expFast(float x) {
    x = Math.max(Math.min(x, EXP_MAX), EXP_MIN);
    float k = (x * HALF_LOG2E + MAGIC) - MAGIC;
    float r = (x - k * LN4_HI) - k * LN4_LO;
    float q = E5;
    q = q * r + E4;
    q = q * r + E3;
    q = q * r + E2;
    q = q * r + E1;
    q = q * r + E0;
    float p = (r * r * q + r) + 1f;
    float a = ((T3 * k + T2) * k + T1) * k + 1f;
    a *= a;
    a *= a;
    a *= a;
    a *= a;
    a *= a;
    a *= a;
    a *= a;
    a *= a;
    float t = a * MAGIC;
    float s = (a + t) - t;
    return p * s * s;
  }

  /**
   * {@code tanh(x)}, always the approximation (see {@link #tanh} for its error): with {@code x} clamped to
   * [-9.02, 9.02], {@code v = x P(x^2) / Q(x^2) ~ 2 tanh(x/2)} (a degree 7/8 rational in {@code x/2}, all
   * coefficients positive) and {@code tanh(x) = v / (1 + v^2/4)}, the doubling formula
   * {@code 2u / (1 + u^2)}. It keeps the rational on a short interval and damps its rounding error by
   * {@code (1 - u^2) / (1 + u^2)} where {@code tanh} nears 1; a single 13/6 rational on [0, 7.9] in float
   * (Eigen's) errs by 4.0e-7.
   */
  public static float tanhFast(float x) {
    x = Math.max(Math.min(x, TANH_CLAMP), -TANH_CLAMP);
    float s = x * x;
    float p = ((P3 * s + P2) * s + P1) * s + 1f;
    float q = (((Q4 * s + Q3) * s + Q2) * s + Q1) * s + 1f;
    float v = x * p / q;
    return v / (1f + v * v * 0.25f);
  }

  /**
   * The logistic sigmoid {@code 1 / (1 + expFast(-x))}, always the approximation (see {@link #sigmoid}):
   * for {@code x > 0} the sum rounds near 1, for {@code x < 0} the quotient keeps the relative accuracy
   * of {@code exp}.
   */
  public static float sigmoidFast(float x) {
    return 1f / (1f + expFast(-x));
  }
}

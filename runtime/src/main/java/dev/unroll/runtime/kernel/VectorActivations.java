package dev.unroll.runtime.kernel;

import static dev.unroll.runtime.kernel.FastMath.E0;
import static dev.unroll.runtime.kernel.FastMath.E1;
import static dev.unroll.runtime.kernel.FastMath.E2;
import static dev.unroll.runtime.kernel.FastMath.E3;
import static dev.unroll.runtime.kernel.FastMath.E4;
import static dev.unroll.runtime.kernel.FastMath.E5;
import static dev.unroll.runtime.kernel.FastMath.EXP_MAX;
import static dev.unroll.runtime.kernel.FastMath.EXP_MIN;
import static dev.unroll.runtime.kernel.FastMath.HALF_LOG2E;
import static dev.unroll.runtime.kernel.FastMath.LN4_HI;
import static dev.unroll.runtime.kernel.FastMath.LN4_LO;
import static dev.unroll.runtime.kernel.FastMath.MAGIC;
import static dev.unroll.runtime.kernel.FastMath.P1;
import static dev.unroll.runtime.kernel.FastMath.P2;
import static dev.unroll.runtime.kernel.FastMath.P3;
import static dev.unroll.runtime.kernel.FastMath.Q1;
import static dev.unroll.runtime.kernel.FastMath.Q2;
import static dev.unroll.runtime.kernel.FastMath.Q3;
import static dev.unroll.runtime.kernel.FastMath.Q4;
import static dev.unroll.runtime.kernel.FastMath.T1;
import static dev.unroll.runtime.kernel.FastMath.T2;
import static dev.unroll.runtime.kernel.FastMath.T3;
import static dev.unroll.runtime.kernel.FastMath.TANH_CLAMP;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels of {@link Activations} on the incubating Vector API. Only loaded when
 * {@link VectorSupport#ENABLED}: this class fails to load without {@code jdk.incubator.vector}.
 *
 * <p>Each method performs, lane by lane, exactly the float operations of the scalar form in
 * {@link FastMath} or {@link Activations}, in the same order, so the results are the same bits; the
 * {@code n mod L} values past the last full vector run the scalar form itself. That includes making
 * {@code 2^k} in {@code exp} from float arithmetic: building it from the bits instead
 * ({@code reinterpretAsInts}, a shift, {@code reinterpretAsFloats}) was 30% faster in a plain loop, but in
 * some JIT compilations of JDK 17 the reinterpretation was not intrinsified and sigmoid ran at 3.3 ns a
 * value instead of 0.6-0.9.
 *
 * <p>The library's {@code VectorOperators.EXP} and {@code TANH} are not used: they call Intel's SVML on
 * x64 (EXP at 0.45 ns a value, twice as fast as this {@code exp}; TANH at 0.7 ns, as fast as this
 * {@code tanh}), but their results differ from the scalar path's and between platforms, and elsewhere
 * they may fall back to slow per-lane code.
 */
final class VectorActivations {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorActivations() {}

  // --- the functions on one vector -------------------------------------------------------------

  /** {@link FastMath#expFast} lane-wise. */
  static FloatVector exp(FloatVector x) {
    x = x.min(EXP_MAX).max(EXP_MIN);
    FloatVector k = x.mul(HALF_LOG2E).add(MAGIC).sub(MAGIC);
    FloatVector r = x.sub(k.mul(LN4_HI)).sub(k.mul(LN4_LO));
    FloatVector q = r.mul(E5).add(E4);
    q = q.mul(r).add(E3);
    q = q.mul(r).add(E2);
    q = q.mul(r).add(E1);
    q = q.mul(r).add(E0);
    FloatVector p = r.mul(r).mul(q).add(r).add(1f);
    FloatVector a = k.mul(T3).add(T2).mul(k).add(T1).mul(k).add(1f);
    a = a.mul(a);
    a = a.mul(a);
    a = a.mul(a);
    a = a.mul(a);
    a = a.mul(a);
    a = a.mul(a);
    a = a.mul(a);
    a = a.mul(a);
    FloatVector t = a.mul(MAGIC);
    FloatVector s = a.add(t).sub(t);
    return p.mul(s).mul(s);
  }

  /** {@link FastMath#tanhFast} lane-wise. */
  static FloatVector tanh(FloatVector x) {
    x = x.min(TANH_CLAMP).max(-TANH_CLAMP);
    FloatVector s = x.mul(x);
    FloatVector p = s.mul(P3).add(P2).mul(s).add(P1).mul(s).add(1f);
    FloatVector q = s.mul(Q4).add(Q3).mul(s).add(Q2).mul(s).add(Q1).mul(s).add(1f);
    FloatVector v = x.mul(p).div(q);
    return v.div(v.mul(v).mul(0.25f).add(1f));
  }

  /** {@link Activations#gate} lane-wise: 1 for positive lanes, 0 for the others, NaN for NaN. */
  static FloatVector gate(FloatVector y) {
    return y.mul(Activations.TO_ONE_A).mul(Activations.TO_ONE_B).max(0f).min(1f);
  }

  // --- forward ---------------------------------------------------------------------------------

  static void step(float[] y, int n) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      one.sub(gate(FloatVector.fromArray(S, y, i).neg())).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = 1f - Activations.gate(-y[i]);
    }
  }

  static void sigmoid(float[] y, int n) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      one.div(exp(FloatVector.fromArray(S, y, i).neg()).add(1f)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = FastMath.sigmoidFast(y[i]);
    }
  }

  static void tanh(float[] y, int n) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      tanh(FloatVector.fromArray(S, y, i)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = FastMath.tanhFast(y[i]);
    }
  }

  static void relu(float[] y, int n) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(S, y, i).max(0f).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = Math.max(y[i], 0f);
    }
  }

  static void leakyRelu(float[] y, int n, float slope) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      v.max(0f).add(v.min(0f).mul(slope)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = Math.max(y[i], 0f) + slope * Math.min(y[i], 0f);
    }
  }

  /** The largest of {@code y[0, n)}: the same as {@link Activations#max}, as max does not depend on order. */
  static float max(float[] y, int n) {
    int i = 0;
    float m = Float.NEGATIVE_INFINITY;
    int upper = S.loopBound(n);
    if (upper > 0) {
      FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (; i < upper; i += L) {
        acc = acc.max(FloatVector.fromArray(S, y, i));
      }
      m = acc.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      m = Math.max(m, y[i]);
    }
    return m;
  }

  /** {@code y = expFast(y - shift)}: the exponentials of {@link Activations#softmax}. */
  static void expMinus(float[] y, int n, float shift) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      exp(FloatVector.fromArray(S, y, i).sub(shift)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = FastMath.expFast(y[i] - shift);
    }
  }

  /** {@code y = y / d}. */
  static void divide(float[] y, int n, float d) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(S, y, i).div(d).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = y[i] / d;
    }
  }

  // --- backward --------------------------------------------------------------------------------

  static void sigmoidBackward(float[] y, float[] dz, int n) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, dz, i).mul(v.mul(one.sub(v))).intoArray(dz, i);
    }
    for (; i < n; i++) {
      dz[i] = dz[i] * (y[i] * (1f - y[i]));
    }
  }

  static void tanhBackward(float[] y, float[] dz, int n) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector.fromArray(S, dz, i).mul(one.sub(v).mul(one.add(v))).intoArray(dz, i);
    }
    for (; i < n; i++) {
      dz[i] = dz[i] * ((1f - y[i]) * (1f + y[i]));
    }
  }

  static void reluBackward(float[] y, float[] dz, int n) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(S, dz, i).mul(gate(FloatVector.fromArray(S, y, i))).intoArray(dz, i);
    }
    for (; i < n; i++) {
      dz[i] = dz[i] * Activations.gate(y[i]);
    }
  }

  static void leakyReluBackward(float[] y, float[] dz, int n, float slope) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector g = gate(FloatVector.fromArray(S, y, i));
      FloatVector d = FloatVector.fromArray(S, dz, i);
      d.mul(g).add(d.mul(slope).mul(one.sub(g))).intoArray(dz, i);
    }
    for (; i < n; i++) {
      float g = Activations.gate(y[i]);
      dz[i] = dz[i] * g + slope * dz[i] * (1f - g);
    }
  }

  /** {@code dz = y (dz - s)}, {@code s} the dot product computed by {@link Activations#softmaxBackward}. */
  static void softmaxBackward(float[] y, float[] dz, int n, float s) {
    int i = 0;
    for (int upper = S.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(S, y, i).mul(FloatVector.fromArray(S, dz, i).sub(s)).intoArray(dz, i);
    }
    for (; i < n; i++) {
      dz[i] = y[i] * (dz[i] - s);
    }
  }
}

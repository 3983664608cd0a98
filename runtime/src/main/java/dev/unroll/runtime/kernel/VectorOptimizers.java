package dev.unroll.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Optimizers} on the incubating Vector API: whole vectors from {@code from}, lane by lane the
 * same operations in the same order as the scalar form; each method returns where its caller's scalar
 * loop takes over (the last {@code (to - from) mod L} elements). Only loaded when {@link
 * VectorSupport#ENABLED}.
 */
final class VectorOptimizers {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorOptimizers() {}

  /** Zeros for {@link #warmUpAdam} and the others: 3L floats each, so both loops of each form run. */
  private static final float[] P = new float[3 * S.length()];
  private static final float[] G = new float[3 * S.length()];
  private static final float[] M = new float[3 * S.length()];
  private static final float[] V = new float[3 * S.length()];

  /** Runs {@link #adam} on zeros, which it leaves zero: its warm-up (see {@link VectorWarmup}). */
  static void warmUpAdam() {
    adam(P, G, M, V, 0, P.length, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f);
  }

  /** Runs {@link #sgd} on zeros. */
  static void warmUpSgd() {
    sgd(P, G, 0, P.length, 0.1f);
  }

  /** Runs {@link #momentum} on zeros, both forms. */
  static void warmUpMomentum() {
    momentum(P, G, M, 0, P.length, 0.1f, 0.9f, false);
    momentum(P, G, M, 0, P.length, 0.1f, 0.9f, true);
  }

  static int adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1,
      float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction2,
      float epsilon) {
    int j = from;
    int l = S.length();
    // The scalars broadcast once, outside the loops. With mul(float) and the like inside (each its own
    // broadcast) and both loops hot (the warm-up's scratch problem runs both), C2 left some of the
    // Vector API calls unintrinsified in about half the JVMs and boxed vectors on every step
    // (AllocationTest: 300 KB a step; JFR placed the allocations in this method's sub). With the
    // broadcasts hoisted: 0 bytes in 72 of 72 JVMs.
    FloatVector b1 = FloatVector.broadcast(S, beta1);
    FloatVector c1 = FloatVector.broadcast(S, oneMinusBeta1);
    FloatVector b2 = FloatVector.broadcast(S, beta2);
    FloatVector c2 = FloatVector.broadcast(S, oneMinusBeta2);
    FloatVector size = FloatVector.broadcast(S, stepSize);
    FloatVector corr = FloatVector.broadcast(S, correction2);
    FloatVector eps = FloatVector.broadcast(S, epsilon);
    // Two vectors an iteration. Besides overlapping the two divisions and square roots of one with the
    // other's, it keeps this method above C2's size for inlining a hot callee (FreqInlineSize, 325
    // bytecodes): compiled on its own it has the whole inlining depth and node budget for the Vector API
    // calls. Inlined into a generated optimizerStep four times or more, C2 hit its node-count cut-off
    // inside the Vector API code and the step allocated boxed vectors (AllocationTest, two threads).
    for (; j <= to - 2 * l; j += 2 * l) {
      int k = j + l;
      FloatVector g0 = FloatVector.fromArray(S, g, j);
      FloatVector g1 = FloatVector.fromArray(S, g, k);
      FloatVector m0 = FloatVector.fromArray(S, m, j).mul(b1).add(g0.mul(c1));
      FloatVector m1 = FloatVector.fromArray(S, m, k).mul(b1).add(g1.mul(c1));
      FloatVector v0 = FloatVector.fromArray(S, v, j).mul(b2).add(g0.mul(c2).mul(g0));
      FloatVector v1 = FloatVector.fromArray(S, v, k).mul(b2).add(g1.mul(c2).mul(g1));
      m0.intoArray(m, j);
      m1.intoArray(m, k);
      v0.intoArray(v, j);
      v1.intoArray(v, k);
      FloatVector step0 = m0.mul(size).div(v0.sqrt().div(corr).add(eps));
      FloatVector step1 = m1.mul(size).div(v1.sqrt().div(corr).add(eps));
      FloatVector.fromArray(S, p, j).sub(step0).intoArray(p, j);
      FloatVector.fromArray(S, p, k).sub(step1).intoArray(p, k);
    }
    for (; j <= to - l; j += l) {
      FloatVector gj = FloatVector.fromArray(S, g, j);
      FloatVector mj = FloatVector.fromArray(S, m, j).mul(b1).add(gj.mul(c1));
      FloatVector vj = FloatVector.fromArray(S, v, j).mul(b2).add(gj.mul(c2).mul(gj));
      mj.intoArray(m, j);
      vj.intoArray(v, j);
      FloatVector step = mj.mul(size).div(vj.sqrt().div(corr).add(eps));
      FloatVector.fromArray(S, p, j).sub(step).intoArray(p, j);
    }
    return j;
  }

  static int sgd(float[] p, float[] g, int from, int to, float learningRate) {
    int j = from;
    FloatVector rate = FloatVector.broadcast(S, learningRate);
    for (; j <= to - S.length(); j += S.length()) {
      FloatVector.fromArray(S, p, j).sub(FloatVector.fromArray(S, g, j).mul(rate)).intoArray(p, j);
    }
    return j;
  }

  static int momentum(float[] p, float[] g, float[] buf, int from, int to, float learningRate,
      float momentum, boolean nesterov) {
    int j = from;
    FloatVector rate = FloatVector.broadcast(S, learningRate);
    FloatVector mu = FloatVector.broadcast(S, momentum);
    for (; j <= to - S.length(); j += S.length()) {
      FloatVector gj = FloatVector.fromArray(S, g, j);
      FloatVector bj = FloatVector.fromArray(S, buf, j).mul(mu).add(gj);
      bj.intoArray(buf, j);
      FloatVector step = nesterov ? gj.add(bj.mul(mu)).mul(rate) : bj.mul(rate);
      FloatVector.fromArray(S, p, j).sub(step).intoArray(p, j);
    }
    return j;
  }
}

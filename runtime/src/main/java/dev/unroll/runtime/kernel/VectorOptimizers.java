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

  static int adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1,
      float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction2,
      float epsilon) {
    int j = from;
    int l = S.length();
    // Two vectors an iteration. Besides overlapping the two divisions and square roots of one with the
    // other's, it keeps this method above C2's size for inlining a hot callee (FreqInlineSize, 325
    // bytecodes): compiled on its own it has the whole inlining depth and node budget for the Vector API
    // calls. Inlined into a generated optimizerStep four times or more, C2 hit its node-count cut-off
    // inside the Vector API code and the step allocated boxed vectors (AllocationTest, two threads).
    for (; j <= to - 2 * l; j += 2 * l) {
      int k = j + l;
      FloatVector g0 = FloatVector.fromArray(S, g, j);
      FloatVector g1 = FloatVector.fromArray(S, g, k);
      FloatVector m0 = FloatVector.fromArray(S, m, j).mul(beta1).add(g0.mul(oneMinusBeta1));
      FloatVector m1 = FloatVector.fromArray(S, m, k).mul(beta1).add(g1.mul(oneMinusBeta1));
      FloatVector v0 = FloatVector.fromArray(S, v, j).mul(beta2).add(g0.mul(oneMinusBeta2).mul(g0));
      FloatVector v1 = FloatVector.fromArray(S, v, k).mul(beta2).add(g1.mul(oneMinusBeta2).mul(g1));
      m0.intoArray(m, j);
      m1.intoArray(m, k);
      v0.intoArray(v, j);
      v1.intoArray(v, k);
      FloatVector step0 = m0.mul(stepSize).div(v0.sqrt().div(correction2).add(epsilon));
      FloatVector step1 = m1.mul(stepSize).div(v1.sqrt().div(correction2).add(epsilon));
      FloatVector.fromArray(S, p, j).sub(step0).intoArray(p, j);
      FloatVector.fromArray(S, p, k).sub(step1).intoArray(p, k);
    }
    for (; j <= to - l; j += l) {
      FloatVector gj = FloatVector.fromArray(S, g, j);
      FloatVector mj = FloatVector.fromArray(S, m, j).mul(beta1).add(gj.mul(oneMinusBeta1));
      FloatVector vj = FloatVector.fromArray(S, v, j).mul(beta2).add(gj.mul(oneMinusBeta2).mul(gj));
      mj.intoArray(m, j);
      vj.intoArray(v, j);
      FloatVector step = mj.mul(stepSize).div(vj.sqrt().div(correction2).add(epsilon));
      FloatVector.fromArray(S, p, j).sub(step).intoArray(p, j);
    }
    return j;
  }

  static int sgd(float[] p, float[] g, int from, int to, float learningRate) {
    int j = from;
    for (; j <= to - S.length(); j += S.length()) {
      FloatVector.fromArray(S, p, j).sub(FloatVector.fromArray(S, g, j).mul(learningRate)).intoArray(p, j);
    }
    return j;
  }

  static int momentum(float[] p, float[] g, float[] buf, int from, int to, float learningRate,
      float momentum, boolean nesterov) {
    int j = from;
    for (; j <= to - S.length(); j += S.length()) {
      FloatVector gj = FloatVector.fromArray(S, g, j);
      FloatVector bj = FloatVector.fromArray(S, buf, j).mul(momentum).add(gj);
      bj.intoArray(buf, j);
      FloatVector step = nesterov ? gj.add(bj.mul(momentum)).mul(learningRate) : bj.mul(learningRate);
      FloatVector.fromArray(S, p, j).sub(step).intoArray(p, j);
    }
    return j;
  }
}

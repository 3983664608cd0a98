package dev.unroll.runtime.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Optimizers} on the incubating Vector API: whole vectors from {@code from}, returning where the
 * scalar loop takes over. Only loaded when {@link VectorSupport#ENABLED}. Lanewise {@code mul}, {@code
 * add}, {@code div} and {@code sqrt} round as Java's operators do, in the same order.
 */
final class VectorOptimizers {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private VectorOptimizers() {}

  static int adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1,
      float oneMinusBeta1, float beta2, float oneMinusBeta2, float epsilon, float stepSize,
      float correction2) {
    int j = from;
    for (; j + S.length() <= to; j += S.length()) {
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

  static int adam(double[] p, double[] g, double[] m, double[] v, int from, int to, double beta1,
      double oneMinusBeta1, double beta2, double oneMinusBeta2, double epsilon, double stepSize,
      double correction2) {
    int j = from;
    for (; j + D.length() <= to; j += D.length()) {
      DoubleVector gj = DoubleVector.fromArray(D, g, j);
      DoubleVector mj = DoubleVector.fromArray(D, m, j).mul(beta1).add(gj.mul(oneMinusBeta1));
      DoubleVector vj = DoubleVector.fromArray(D, v, j).mul(beta2).add(gj.mul(oneMinusBeta2).mul(gj));
      mj.intoArray(m, j);
      vj.intoArray(v, j);
      DoubleVector step = mj.mul(stepSize).div(vj.sqrt().div(correction2).add(epsilon));
      DoubleVector.fromArray(D, p, j).sub(step).intoArray(p, j);
    }
    return j;
  }
}

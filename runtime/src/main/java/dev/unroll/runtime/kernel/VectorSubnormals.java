package dev.unroll.runtime.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Subnormals} on the incubating Vector API: a vector at a time, stored back only where it holds a
 * subnormal. Only loaded when {@link VectorSupport#ENABLED}. The same elements become zero as in the
 * scalar form.
 */
final class VectorSubnormals {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private VectorSubnormals() {}

  static int flush(float[] a, int from, int to) {
    int j = from;
    for (; j + S.length() <= to; j += S.length()) {
      FloatVector x = FloatVector.fromArray(S, a, j);
      VectorMask<Float> subnormal =
          x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL).and(x.compare(VectorOperators.NE, 0f));
      if (subnormal.anyTrue()) {
        x.blend(0f, subnormal).intoArray(a, j);
      }
    }
    return j;
  }

  static int flush(double[] a, int from, int to) {
    int j = from;
    for (; j + D.length() <= to; j += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, a, j);
      VectorMask<Double> subnormal =
          x.abs().compare(VectorOperators.LT, Double.MIN_NORMAL).and(x.compare(VectorOperators.NE, 0d));
      if (subnormal.anyTrue()) {
        x.blend(0d, subnormal).intoArray(a, j);
      }
    }
    return j;
  }
}

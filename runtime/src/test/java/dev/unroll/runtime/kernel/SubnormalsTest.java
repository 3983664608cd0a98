package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SubnormalsTest {
  @Test
  void floats_subnormalsBecomeZero_everythingElseStays() {
    float[] a = {Float.MIN_VALUE, -Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), -4 * Float.MIN_VALUE,
        Float.MIN_NORMAL, -Float.MIN_NORMAL, 0f, -0f, 1e-30f, -2.5f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE};
    float[] expected = {0f, 0f, 0f, 0f, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0f, -0f, 1e-30f, -2.5f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE};
    Subnormals.flush(a, 0, a.length);
    assertArrayEquals(expected, a);
  }

  @Test
  void doubles_subnormalsBecomeZero_everythingElseStays() {
    double[] a = {Double.MIN_VALUE, -Double.MIN_VALUE, Math.nextDown(Double.MIN_NORMAL), Double.MIN_NORMAL,
        -Double.MIN_NORMAL, 0d, -0d, 1e-300, (double) Float.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY};
    double[] expected = {0d, 0d, 0d, Double.MIN_NORMAL, -Double.MIN_NORMAL, 0d, -0d, 1e-300,
        (double) Float.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY};
    Subnormals.flush(a, 0, a.length);
    assertArrayEquals(expected, a);
  }

  /** Long enough for whole vectors on any width, with ranges that start and end inside one. */
  @Test
  void longArrays_matchTheDefinition_onEveryRange() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    float[] f = new float[301];
    double[] d = new double[301];
    for (int i = 0; i < f.length; i++) {
      int kind = random.nextInt(5);
      double sign = random.nextBoolean() ? 1 : -1;
      f[i] = (float) (sign * (kind == 0 ? 0 : kind == 1 ? random.nextInt(1 << 23) * (double) Float.MIN_VALUE
          : kind == 2 ? Float.MIN_NORMAL * (1 + random.nextDouble()) : random.nextDouble()));
      d[i] = sign * (kind == 0 ? 0 : kind == 1 ? random.nextInt(1 << 30) * Double.MIN_VALUE
          : kind == 2 ? Double.MIN_NORMAL * (1 + random.nextDouble()) : random.nextDouble());
    }
    for (int[] range : new int[][] {{0, 301}, {3, 290}, {17, 18}, {5, 5}}) {
      float[] fa = f.clone();
      double[] da = d.clone();
      float[] fe = f.clone();
      double[] de = d.clone();
      for (int i = range[0]; i < range[1]; i++) {
        fe[i] = fe[i] != 0 && Math.abs(fe[i]) < Float.MIN_NORMAL ? 0f : fe[i];
        de[i] = de[i] != 0 && Math.abs(de[i]) < Double.MIN_NORMAL ? 0d : de[i];
      }
      Subnormals.flush(fa, range[0], range[1]);
      Subnormals.flush(da, range[0], range[1]);
      assertArrayEquals(fe, fa, java.util.Arrays.toString(range));
      assertArrayEquals(de, da, java.util.Arrays.toString(range));
    }
  }

  @Test
  void onlyTheRangeChanges() {
    float[] a = {Float.MIN_VALUE, Float.MIN_VALUE, Float.MIN_VALUE, Float.MIN_VALUE};
    Subnormals.flush(a, 1, 3);
    assertArrayEquals(new float[] {Float.MIN_VALUE, 0f, 0f, Float.MIN_VALUE}, a);
    assertThrows(IndexOutOfBoundsException.class, () -> Subnormals.flush(a, 2, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> Subnormals.flush(new double[2], -1, 1));
  }
}

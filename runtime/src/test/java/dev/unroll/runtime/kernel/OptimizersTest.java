package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizers} against the plain loop the generated classes used to contain, bit for bit, on both
 * kernel paths (this class runs in both of the runtime's test executions): row lengths that fill no
 * vector, a whole number of them and a remainder, ranges that start inside a row, and several steps so
 * that the moments carry over.
 */
class OptimizersTest {
  private static final float B1 = 0.9f, OMB1 = 0.1f, B2 = 0.999f, OMB2 = 0.001f, EPS = 1e-8f;

  @Test
  void adamFloat_sameBitsAsThePlainLoop() {
    SplittableRandom random = new SplittableRandom(7);
    for (int length : new int[] {1, 3, 8, 15, 16, 17, 31, 64, 100, 128, 131}) {
      for (int from : new int[] {0, 1, length / 2}) {
        float[] p = floats(random, length, 1), g = floats(random, length, 1e-2);
        float[] m = new float[length], v = new float[length];
        float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
        g[0] = 0f; // a zero gradient, and (below) huge and tiny ones
        if (length > 2) {
          g[1] = 3e4f;
          g[2] = 1e-30f;
        }
        for (int step = 1; step <= 5; step++) {
          float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
          float correction2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
          Optimizers.adam(p, g, m, v, from, length, B1, OMB1, B2, OMB2, EPS, stepSize, correction2);
          for (int j = from; j < length; j++) {
            float gj = g[j];
            m2[j] = B1 * m2[j] + OMB1 * gj;
            v2[j] = B2 * v2[j] + OMB2 * gj * gj;
            p2[j] -= stepSize * m2[j] / ((float) Math.sqrt(v2[j]) / correction2 + EPS);
          }
          String what = "length " + length + " from " + from + " step " + step;
          assertArrayEquals(p2, p, what + ": p");
          assertArrayEquals(m2, m, what + ": m");
          assertArrayEquals(v2, v, what + ": v");
        }
      }
    }
  }

  @Test
  void adamDouble_sameBitsAsThePlainLoop() {
    SplittableRandom random = new SplittableRandom(8);
    for (int length : new int[] {1, 3, 7, 8, 9, 64, 131}) {
      for (int from : new int[] {0, 2}) {
        if (from > length) {
          continue;
        }
        double[] p = doubles(random, length, 1), g = doubles(random, length, 1e-2);
        double[] m = new double[length], v = new double[length];
        double[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
        for (int step = 1; step <= 5; step++) {
          double stepSize = 1e-3 / (1 - Math.pow(0.9, step));
          double correction2 = Math.sqrt(1 - Math.pow(0.999, step));
          Optimizers.adam(p, g, m, v, from, length, 0.9, 0.1, 0.999, 0.001, 1e-8, stepSize, correction2);
          for (int j = from; j < length; j++) {
            double gj = g[j];
            m2[j] = 0.9 * m2[j] + 0.1 * gj;
            v2[j] = 0.999 * v2[j] + 0.001 * gj * gj;
            p2[j] -= stepSize * m2[j] / (Math.sqrt(v2[j]) / correction2 + 1e-8);
          }
          String what = "length " + length + " from " + from + " step " + step;
          assertArrayEquals(p2, p, what + ": p");
          assertArrayEquals(m2, m, what + ": m");
          assertArrayEquals(v2, v, what + ": v");
        }
      }
    }
  }

  @Test
  void adam_rangeOutsideAnArray_throws() {
    float[] a = new float[8], shorter = new float[6];
    assertThrows(IndexOutOfBoundsException.class,
        () -> Optimizers.adam(a, a, a, shorter, 0, 8, B1, OMB1, B2, OMB2, EPS, 1e-3f, 1f));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Optimizers.adam(a, a, a, a, 5, 4, B1, OMB1, B2, OMB2, EPS, 1e-3f, 1f));
  }

  private static float[] floats(SplittableRandom random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((2 * random.nextDouble() - 1) * scale);
    }
    return a;
  }

  private static double[] doubles(SplittableRandom random, int n, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = (2 * random.nextDouble() - 1) * scale;
    }
    return a;
  }
}

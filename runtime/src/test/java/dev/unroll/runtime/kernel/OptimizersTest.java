package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizers} against the element-by-element definitions in its Javadoc, bit for bit, on ranges that
 * start and end inside a vector and lengths below, at and above every vector width. The surefire run with
 * {@code --add-modules jdk.incubator.vector} checks the Vector API form, the other the scalar form.
 */
class OptimizersTest {
  private static final float BETA1 = 0.9f;
  private static final float ONE_MINUS_BETA1 = 0.1f;
  private static final float BETA2 = 0.999f;
  private static final float ONE_MINUS_BETA2 = (float) (1 - 0.999);
  private static final float EPSILON = 1e-8f;

  /** Lengths and ranges: empty, shorter than any vector, one element either side of 8, 16 and 32, rows of 128. */
  private static final int[][] RANGES = {
    {0, 0}, {0, 1}, {3, 10}, {0, 7}, {0, 8}, {1, 9}, {0, 15}, {0, 16}, {0, 17}, {5, 38}, {0, 128}, {1, 128},
    {0, 129}, {13, 300}, {0, 301}
  };

  @Test
  void kernelPath_isTheExpectedOne() {
    assertEquals(System.getProperty("unroll.expectPath", VectorSupport.path()), VectorSupport.path());
  }

  @Test
  void adam_matchesTheDefinition_bitForBit_everyRange() {
    SplittableRandom random = new SplittableRandom(11);
    for (int step = 1; step <= 3; step++) {
      float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
      float correction2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
      for (int[] r : RANGES) {
        int n = 301;
        float[] p = values(random, n, 1);
        float[] g = values(random, n, 1e-2);
        float[] m = values(random, n, 1e-3);
        float[] v = abs(values(random, n, 1e-5));
        float[] ep = p.clone();
        float[] em = m.clone();
        float[] ev = v.clone();
        for (int j = r[0]; j < r[1]; j++) {
          float gj = g[j];
          em[j] = BETA1 * em[j] + ONE_MINUS_BETA1 * gj;
          ev[j] = BETA2 * ev[j] + ONE_MINUS_BETA2 * gj * gj;
          ep[j] = ep[j] - stepSize * em[j] / ((float) Math.sqrt(ev[j]) / correction2 + EPSILON);
        }
        float[] g0 = g.clone();
        Optimizers.adam(p, g, m, v, r[0], r[1], BETA1, ONE_MINUS_BETA1, BETA2, ONE_MINUS_BETA2, stepSize,
            correction2, EPSILON);
        String where = "step " + step + ", range " + Arrays.toString(r);
        assertBits(em, m, "m, " + where);
        assertBits(ev, v, "v, " + where);
        assertBits(ep, p, "p, " + where);
        assertBits(g0, g, "g is read only, " + where);
      }
    }
  }

  /** Zero gradients, zero state, huge and tiny gradients, and a subnormal second moment: the same bits. */
  @Test
  void adam_edgeValues_sameBitsAsTheDefinition() {
    float[] g = new float[40];
    float[] m = new float[40];
    float[] v = new float[40];
    float[] p = new float[40];
    for (int j = 0; j < 40; j++) {
      g[j] = j % 5 == 0 ? 0f : j % 5 == 1 ? 3e18f : j % 5 == 2 ? -1e-30f : j % 5 == 3 ? -0f : 1f;
      m[j] = j % 3 == 0 ? 0f : 1e-20f;
      v[j] = j % 4 == 0 ? 0f : j % 4 == 1 ? Float.MIN_VALUE * 7 : 1f;
      p[j] = j - 20;
    }
    float[] ep = p.clone();
    float[] em = m.clone();
    float[] ev = v.clone();
    for (int j = 0; j < 40; j++) {
      float gj = g[j];
      em[j] = BETA1 * em[j] + ONE_MINUS_BETA1 * gj;
      ev[j] = BETA2 * ev[j] + ONE_MINUS_BETA2 * gj * gj;
      ep[j] = ep[j] - 0.01f * em[j] / ((float) Math.sqrt(ev[j]) / 0.05f + EPSILON);
    }
    Optimizers.adam(p, g, m, v, 0, 40, BETA1, ONE_MINUS_BETA1, BETA2, ONE_MINUS_BETA2, 0.01f, 0.05f, EPSILON);
    assertBits(em, m, "m");
    assertBits(ev, v, "v");
    assertBits(ep, p, "p");
  }

  @Test
  void sgd_matchesTheDefinition_bitForBit_everyRange() {
    SplittableRandom random = new SplittableRandom(12);
    for (int[] r : RANGES) {
      float[] p = values(random, 301, 1);
      float[] g = values(random, 301, 1);
      float[] expected = p.clone();
      for (int j = r[0]; j < r[1]; j++) {
        expected[j] = expected[j] - 0.03f * g[j];
      }
      Optimizers.sgd(p, g, r[0], r[1], 0.03f);
      assertBits(expected, p, "range " + Arrays.toString(r));
    }
  }

  @Test
  void momentumAndNesterov_matchTheDefinitions_bitForBit_everyRange() {
    SplittableRandom random = new SplittableRandom(13);
    for (boolean nesterov : new boolean[] {false, true}) {
      for (int[] r : RANGES) {
        float[] p = values(random, 301, 1);
        float[] g = values(random, 301, 1);
        float[] buf = values(random, 301, 1);
        float[] ep = p.clone();
        float[] eb = buf.clone();
        for (int j = r[0]; j < r[1]; j++) {
          eb[j] = 0.9f * eb[j] + g[j];
          ep[j] = nesterov ? ep[j] - 0.05f * (g[j] + 0.9f * eb[j]) : ep[j] - 0.05f * eb[j];
        }
        Optimizers.momentum(p, g, buf, r[0], r[1], 0.05f, 0.9f, nesterov);
        String where = (nesterov ? "nesterov" : "momentum") + ", range " + Arrays.toString(r);
        assertBits(eb, buf, "buf, " + where);
        assertBits(ep, p, "p, " + where);
      }
    }
  }

  /** A bad range is refused before anything is written, whichever array is short. */
  @Test
  void badRanges_throw_andWriteNothing() {
    float[] p = {1, 2, 3, 4};
    float[] g = {1, 1, 1, 1};
    float[] m = new float[4];
    float[] shortV = new float[3];
    assertThrows(IndexOutOfBoundsException.class,
        () -> Optimizers.adam(p, g, m, shortV, 0, 4, 0.9f, 0.1f, 0.999f, 0.001f, 1f, 1f, 1e-8f));
    assertThrows(IndexOutOfBoundsException.class, () -> Optimizers.sgd(p, g, 2, 1, 1f));
    assertThrows(IndexOutOfBoundsException.class, () -> Optimizers.sgd(p, g, -1, 2, 1f));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Optimizers.momentum(p, g, new float[2], 0, 4, 1f, 0.9f, false));
    assertArrayEquals(new float[] {1, 2, 3, 4}, p);
    assertArrayEquals(new float[4], m);
  }

  private static float[] values(SplittableRandom random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  private static float[] abs(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.abs(a[i]);
    }
    return a;
  }

  private static void assertBits(float[] expected, float[] actual, String message) {
    for (int i = 0; i < expected.length; i++) {
      int at = i;
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          () -> message + ": element " + at + " is " + actual[at] + ", expected " + expected[at]);
    }
  }
}

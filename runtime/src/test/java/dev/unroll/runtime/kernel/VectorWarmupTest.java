package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The warm-up of the kernels that warm their vector form up on a thread of their own (see {@link
 * VectorWarmup}), in a JVM with the Vector API and warm-up on (its own surefire run; skipped elsewhere):
 * the first call finds the kernel not ready (and starts the warm-up), every call before and after the
 * switch gives the chains' bits, and the kernel becomes ready within a minute.
 */
class VectorWarmupTest {
  private static final long TIMEOUT_NANOS = 60_000_000_000L;

  @Test
  void adam_sameBitsBeforeAndAfterTheSwitch() throws InterruptedException {
    assumeTrue(VectorSupport.ENABLED && VectorWarmup.ON, "needs the Vector API with warm-up on");
    SplittableRandom random = new SplittableRandom(21);
    int n = 37;
    float[] p = new float[n];
    float[] g = new float[n];
    float[] m = new float[n];
    float[] v = new float[n];
    float[] ep = new float[n];
    float[] em = new float[n];
    float[] ev = new float[n];
    for (int j = 0; j < n; j++) {
      p[j] = (float) random.nextDouble();
      ep[j] = p[j];
    }
    assertFalse(Optimizers.ADAM.ready(), "a fresh JVM starts on the scalar form");
    long start = System.nanoTime();
    int afterReady = 0;
    for (int call = 0; afterReady < 100; call++) {
      assertTrue(System.nanoTime() - start < TIMEOUT_NANOS, "the vector form not ready after a minute");
      for (int j = 0; j < n; j++) {
        g[j] = (float) (random.nextDouble() - 0.5) * 1e-2f;
        float gj = g[j];
        em[j] = 0.9f * em[j] + 0.1f * gj;
        ev[j] = 0.999f * ev[j] + 0.001f * gj * gj;
        ep[j] = ep[j] - 1e-3f * em[j] / ((float) Math.sqrt(ev[j]) / 0.5f + 1e-8f);
      }
      if (Optimizers.ADAM.ready()) {
        afterReady++;
      } else {
        Thread.sleep(1);
      }
      Optimizers.adam(p, g, m, v, 0, n, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 0.5f, 1e-8f);
      for (int j = 0; j < n; j++) {
        assertEquals(Float.floatToRawIntBits(ep[j]), Float.floatToRawIntBits(p[j]), "p, call " + call);
        assertEquals(Float.floatToRawIntBits(em[j]), Float.floatToRawIntBits(m[j]), "m, call " + call);
        assertEquals(Float.floatToRawIntBits(ev[j]), Float.floatToRawIntBits(v[j]), "v, call " + call);
      }
    }
  }

  @Test
  void narrowLayer_sameBitsBeforeAndAfterTheSwitch() throws InterruptedException {
    assumeTrue(VectorSupport.ENABLED && VectorWarmup.ON, "needs the Vector API with warm-up on");
    SplittableRandom random = new SplittableRandom(22);
    int n = 9;
    int in = 35;
    int lanes = FloatVectorLanes.get();
    int out = lanes > 10 ? 10 : lanes - 1; // narrower than a vector: mnist-mlp's 10 with AVX-512
    float[][] x = new float[n][in];
    float[][] wT = new float[in][out];
    float[] bias = new float[out];
    float[][] dz = new float[n][out];
    for (float[] r : x) {
      fill(random, r);
    }
    for (float[] r : wT) {
      fill(random, r);
    }
    fill(random, bias);
    for (float[] r : dz) {
      fill(random, r);
    }
    float[][] y = new float[n][out];
    float[][] dwT = new float[in][out];
    float[][] expectedDwT = new float[in][out];
    assertFalse(VectorLinear.NARROW_FORWARD.ready(), "a fresh JVM starts on the scalar form");
    long start = System.nanoTime();
    int afterReady = 0;
    for (int call = 0; afterReady < 20; call++) {
      assertTrue(System.nanoTime() - start < TIMEOUT_NANOS, "the vector forms not ready after a minute");
      if (VectorLinear.NARROW_FORWARD.ready() && VectorLinear.NARROW_WEIGHT.ready()) {
        afterReady++;
      } else {
        Thread.sleep(2);
      }
      Linear.forward(x, wT, bias, y, 0, n, in, out);
      Linear.backwardWeight(x, dz, dwT, n, 0, in, out);
      for (int b = 0; b < n; b++) {
        for (int o = 0; o < out; o++) {
          float s = LinearTest.forwardChain(bias[o], x[b], wT, o, in);
          assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(y[b][o]), "y, call " + call);
        }
      }
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          float s = LinearTest.weightChain(expectedDwT[i][o], x, dz, i, o, n);
          expectedDwT[i][o] = s;
          assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(dwT[i][o]), "dwT, call " + call);
        }
      }
    }
  }

  private static void fill(SplittableRandom random, float[] a) {
    for (int k = 0; k < a.length; k++) {
      a[k] = (float) (2 * random.nextDouble() - 1);
    }
  }

  /** The preferred species' lane count, in a class of its own so that the skipped runs never load it. */
  private static final class FloatVectorLanes {
    static int get() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }
  }
}

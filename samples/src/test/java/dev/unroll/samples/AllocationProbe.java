package dev.unroll.samples;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.kernel.VectorSupport;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the generated mnist-mlp allocates in its steady state: predictions at batch 1 and 32 and
 * training steps, with 1 and 2 threads. Each case runs windows of calls until one window allocates
 * nothing on the calling thread (the JIT has to compile the kernels first: before that the Vector API
 * boxes vectors) or the windows run out, after waiting for the kernels that warm their vector form up
 * in the background to switch to it ({@code VectorSupport.warmupDone}). {@link AllocationTest} runs it in its own JVM (scalar kernels)
 * and in a child JVM with the Vector API.
 */
public final class AllocationProbe {
  private static final int WINDOWS = 60;

  private AllocationProbe() {}

  /** One line per case: its name and the bytes its last window allocated (0 when it got there). */
  static List<String> run() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<String> lines = new ArrayList<>();
    float[] x = new float[32 * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 37 % 101) / 100f;
    }
    int[] labels = new int[32];
    for (int b = 0; b < 32; b++) {
      labels[b] = b % 10;
    }
    Batch batch = Batch.ofLabels(x, labels, 784);
    float[] one = new float[784];
    float[] y = new float[32 * 10];
    for (int threads = 1; threads <= 2; threads++) {
      UnrollMnistMlp model = new UnrollMnistMlp(7, threads);
      for (String call : new String[] {"predict-b1", "predict-b32", "trainStep-b32"}) {
        int calls = call.equals("trainStep-b32") ? 200 : 2000;
        // With the Vector API, some kernels run their scalar form until their vector form has warmed up
        // on a background thread: wait for the switch, so that the windows measure the vector kernels.
        long deadline = System.nanoTime() + 120_000_000_000L;
        do {
          step(model, call, one, x, y, batch);
        } while (!VectorSupport.warmupDone() && System.nanoTime() < deadline && pause());
        long allocated = -1;
        for (int w = 0; w < WINDOWS && allocated != 0; w++) {
          long before = mx.getCurrentThreadAllocatedBytes();
          for (int k = 0; k < calls; k++) {
            step(model, call, one, x, y, batch);
          }
          allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        lines.add(call + "-t" + threads + " " + allocated);
      }
    }
    return lines;
  }

  private static void step(UnrollMnistMlp model, String call, float[] one, float[] x, float[] y, Batch batch) {
    switch (call) {
      case "predict-b1":
        model.predict(one, y);
        break;
      case "predict-b32":
        model.predict(x, 32, y);
        break;
      default:
        model.trainStep(batch);
    }
  }

  /** Sleeps a millisecond; true. */
  private static boolean pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  public static void main(String[] args) {
    System.out.println(VectorSupport.path());
    run().forEach(System.out::println);
  }
}

package dev.unroll.benchmarks;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.kernel.VectorSupport;
import dev.unroll.samples.UnrollMnistMlp;
import java.util.Locale;

/**
 * How long {@code mnist-mlp}'s training takes from a cold JVM: the wall time from the first step to the
 * 1st, 10th, 100th, 300th, 1,000th, 3,000th and 10,000th, on the MNIST test digits that {@link
 * MnistSamples} finds (synthetic ones without the files), 32 at a time in order. Prints one line, for
 * example
 *
 * <pre>
 * threads 1, vector: 1 steps 203 ms; 10 steps 1166 ms; 100 steps 1782 ms; ...
 * </pre>
 *
 * <p>What JMH leaves out on purpose: JIT compilation. The Vector API's kernels run a hundred times slower
 * or more until C2 has compiled them, so for a short training job the scalar path can finish first; this
 * probe shows where the two cross. Run it several times (one JVM each) and compare medians:
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp benchmarks/target/benchmarks.jar \
 *     dev.unroll.benchmarks.WarmupProbe [THREADS]
 * </pre>
 */
public final class WarmupProbe {
  private static final int[] MARKS = {1, 10, 100, 300, 1_000, 3_000, 10_000};
  private static final int MNIST_DIGITS = 2_000;
  private static final int BATCH = 32;

  private WarmupProbe() {}

  /** Runs the probe: optionally the thread count (default 1). */
  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Batch[] batches = MnistSamples.load(MNIST_DIGITS).batches(BATCH);
    UnrollMnistMlp model = new UnrollMnistMlp(1, threads);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "threads %d, %s:", threads,
        VectorSupport.path()));
    long start = System.nanoTime();
    int mark = 0;
    for (int step = 1; step <= MARKS[MARKS.length - 1]; step++) {
      model.trainStep(batches[step % batches.length]);
      if (step == MARKS[mark]) {
        line.append(String.format(Locale.ROOT, " %d steps %d ms;", step, (System.nanoTime() - start) / 1_000_000));
        mark++;
      }
    }
    System.out.println(line);
  }
}

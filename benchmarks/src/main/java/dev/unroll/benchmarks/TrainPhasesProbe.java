package dev.unroll.benchmarks;

import dev.unroll.runtime.Batch;
import dev.unroll.samples.UnrollMnistMlp;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the two halves of {@code mnist-mlp}'s training step separately: {@code computeGradients} (forward,
 * loss, zeroing, backward, parameter gradients) and {@code applyGradients} (Adam), for a given thread
 * count and number of distinct batches. Prints the medians of each round of 4,000 steps, for example
 *
 * <pre>
 * threads 2, batches 256: gradients 175.0 us, optimizer 103.6 us (medians of 4000 steps)
 * </pre>
 *
 * <p>With {@code mnist} for BATCHES, the batches are the MNIST test digits that {@link MnistSamples} finds
 * (synthetic ones without the files), 32 at a time in order: a model that learns real digits, whose
 * border pixels never have a gradient (see {@code FLUSH_INTERVAL} in the generated class). Otherwise the
 * batches are 32 random MNIST-like samples each (80% zero pixels, the rest uniform in [0, 1),
 * random labels; fixed seed), used in turn. With one batch the model learns it and its gradients shrink
 * until Adam's {@code g * g} is subnormal, which slows the optimizer; with many batches it does not. Not
 * a JMH benchmark (no forks, no blackhole; the model's results feed the next step, so nothing is dead
 * code): a probe for where a step's time goes. The first rounds are warm-up; compare the last ones.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.unroll.benchmarks.TrainPhasesProbe THREADS BATCHES|mnist [ROUNDS]
 * </pre>
 */
public final class TrainPhasesProbe {
  private static final int STEPS = 4_000;
  private static final int BATCH = 32;
  private static final int INPUT = 784;
  /** The MNIST test digits the probe trains on with {@code mnist}: all 2,000 of the project's copy. */
  private static final int MNIST_DIGITS = 2_000;

  private TrainPhasesProbe() {}

  /** Runs the probe: thread count, number of batches, and optionally rounds (default 6). */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: TrainPhasesProbe THREADS BATCHES|mnist [ROUNDS]");
      System.exit(2);
    }
    int threads = Integer.parseInt(args[0]);
    Batch[] batches = args[1].equals("mnist")
        ? MnistSamples.load(MNIST_DIGITS).batches(BATCH)
        : batches(Integer.parseInt(args[1]), new SplittableRandom(3));
    int count = batches.length;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    UnrollMnistMlp model = new UnrollMnistMlp(1, threads);
    long[] gradients = new long[STEPS];
    long[] optimizer = new long[STEPS];
    for (int round = 0; round < rounds; round++) {
      for (int s = 0; s < STEPS; s++) {
        long t0 = System.nanoTime();
        model.computeGradients(batches[s % count]);
        long t1 = System.nanoTime();
        model.applyGradients();
        long t2 = System.nanoTime();
        gradients[s] = t1 - t0;
        optimizer[s] = t2 - t1;
      }
      double optimizerMean = Arrays.stream(optimizer).average().orElse(0);
      Arrays.sort(gradients);
      Arrays.sort(optimizer);
      System.out.printf(Locale.ROOT,
          "threads %d, batches %d: gradients %.1f us, optimizer %.1f us (medians of %d steps; optimizer mean"
              + " %.1f us)%n", threads, count, gradients[STEPS / 2] / 1e3, optimizer[STEPS / 2] / 1e3, STEPS,
          optimizerMean / 1e3);
    }
  }

  private static Batch[] batches(int count, SplittableRandom random) {
    Batch[] batches = new Batch[count];
    for (int k = 0; k < count; k++) {
      float[] features = new float[BATCH * INPUT];
      int[] labels = new int[BATCH];
      for (int i = 0; i < features.length; i++) {
        features[i] = random.nextDouble() < 0.8 ? 0f : (float) random.nextDouble();
      }
      for (int b = 0; b < BATCH; b++) {
        labels[b] = random.nextInt(10);
      }
      batches[k] = Batch.ofLabels(features, labels, INPUT);
    }
    return batches;
  }
}

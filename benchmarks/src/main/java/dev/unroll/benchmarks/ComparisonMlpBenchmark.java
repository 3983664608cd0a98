package dev.unroll.benchmarks;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.kernel.VectorSupport;
import dev.unroll.samples.UnrollMnistMlp;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code mnist-mlp} rows of {@code benchmarks/compare}, the same work as {@code benchmarks/pytorch/bench.py}
 * does with PyTorch: the 784-128-10 ReLU perceptron, {@link UnrollMnistMlp} (batches of up to 32) and its
 * benchmark-only twin {@code UnrollMnistMlp64} (batches of up to 64), each built with
 * {@code new UnrollX(seed, threads)}.
 *
 * <ul>
 *   <li>{@link #inferBatch1}: row {@code mlp-infer-b1-t<threads>}, one digit in, 10 logits out, each call
 *       the next of 64 digits.
 *   <li>{@link #inferBatch1Dense}: row {@code mlp-infer-b1dense-t<threads>}, the same on inputs without a
 *       zero pixel, which the kernels cannot skip; PyTorch's time does not depend on the values.
 *   <li>{@link #inferBatch64}: row {@code mlp-infer-b64-t<threads>}, 64 digits in one call.
 *   <li>{@link #trainBatch32}: row {@code mlp-train-b32-t<threads>}, one training step on 32 digits (forward,
 *       cross-entropy, backward, Adam), the next of 62 batches of real digits each call, from fresh
 *       parameters at every iteration; samples/s = 32 / time.
 * </ul>
 *
 * <p>All report microseconds per call. {@code threads} is the model's thread count: 1 runs everything on
 * JMH's thread, 2 lets the model split batched work with one worker thread (batch 1 has a single row, so it
 * runs on the caller either way). The inputs are real MNIST test digits (see {@link MnistSamples}), as in
 * bench.py when it finds them. A batch-1 forward pass skips zero inputs, about 80% of a digit's pixels, so
 * that row depends on the data, and {@code mlp-infer-b1dense} shows the cost without zeros; a block of 4
 * samples in the batched rows skips the inputs zero in all four (a digit's border), so those depend on the
 * data too; and subnormal numbers (tiny gradients, decayed optimizer state) make the arithmetic itself
 * slower, so the training row trains as real training does.
 * {@code -prof gc} shows the allocation per call. Forks, iterations and their times can be overridden on the
 * command line ({@code -f}, {@code -wi}, {@code -w}, {@code -i}, {@code -r}); {@code -p threads=1} selects one
 * thread count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class ComparisonMlpBenchmark {
  /** Digits in the batched inference call. */
  static final int INFER_BATCH = 64;

  /** Digits in one training step: the samples' batch size. */
  static final int TRAIN_BATCH = 32;

  /** Digits the training row cycles through: 62 batches of the first 1,984 MNIST test digits. */
  static final int TRAIN_DIGITS = 62 * TRAIN_BATCH;

  /** The number of threads each model splits its work over (1: JMH's thread only). */
  @Param({"1", "2"})
  public int threads;

  private UnrollMnistMlp model;
  private UnrollMnistMlp64 model64;
  private float[][] digits;
  private float[][] denseInputs;
  private int next;
  private float[] output;
  private float[] inputs64;
  private float[] outputs64;
  private Batch[] batches;
  private int nextBatch;
  /** For the training row: one untrained model per iteration, all built before the first. */
  private UnrollMnistMlp[] fresh;
  private int iteration;

  /**
   * Loads the digits and builds the one model the running benchmark uses (the training row: one per
   * iteration), once per fork: another model would only add idle worker threads.
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    MnistSamples samples = MnistSamples.load(benchmark.endsWith(".trainBatch32") ? TRAIN_DIGITS : INFER_BATCH);
    if (benchmark.endsWith(".inferBatch64")) {
      model64 = new UnrollMnistMlp64(UnrollMnistMlp64.SEED, threads);
      inputs64 = samples.features().clone();
      outputs64 = new float[INFER_BATCH * UnrollMnistMlp64.OUTPUT_SIZE];
      for (int k = 0; k < PRE_WARM_CALLS || !warmupDoneOrLate(k); k++) {
        model64.predict(inputs64, INFER_BATCH, outputs64);
      }
    } else if (benchmark.endsWith(".trainBatch32")) {
      batches = samples.batches(TRAIN_BATCH);
      fresh = freshModels(params, () -> new UnrollMnistMlp(UnrollMnistMlp.SEED, threads));
      // A model of its own, so that every measured iteration still starts untrained.
      UnrollMnistMlp warm = new UnrollMnistMlp(UnrollMnistMlp.SEED, threads);
      for (int k = 0; k < PRE_WARM_CALLS || !warmupDoneOrLate(k); k++) {
        warm.trainStep(batches[k % batches.length]);
      }
    } else {
      model = new UnrollMnistMlp(UnrollMnistMlp.SEED, threads);
      digits = new float[INFER_BATCH][];
      for (int i = 0; i < INFER_BATCH; i++) {
        digits[i] = samples.digit(i);
      }
      denseInputs = MnistSamples.dense(INFER_BATCH);
      output = new float[UnrollMnistMlp.OUTPUT_SIZE];
    }
  }

  /**
   * Calls each batched row makes in {@code @Setup}, and more until the kernels that warm their Vector API
   * form up in the background have switched to it ({@link VectorSupport#warmupDone}, at most {@link
   * #PRE_WARM_LIMIT} calls): JMH's own warm-up is timed by the clock, and the quick run's 1.5 s of it ended
   * while the training step still ran its first, interpreted steps (iterations of 100 ms a step, then
   * 7.9, 0.44 and 0.21 ms measured). What a cold JVM costs is {@link WarmupProbe}'s to show.
   */
  static final int PRE_WARM_CALLS = 300;

  /** The most calls the pre-warm makes while waiting for the background warm-up. */
  static final int PRE_WARM_LIMIT = 200_000;

  private static boolean warmupDoneOrLate(int calls) {
    return calls >= PRE_WARM_LIMIT || VectorSupport.warmupDone();
  }

  /**
   * Before each iteration of the training row: the next untrained model, so that every iteration times
   * steps of the first few epochs, as bench.py's steps are. A model that trains on for tens of thousands
   * of steps learns the digits so well that its gradients turn subnormal, which slows the arithmetic
   * (benchmarks/README.md, "Subnormal numbers") and which no real training stays in. Separate models rather
   * than {@code initialize}, which allocates (it draws the initial values into a fresh array) and would
   * show up in {@code -prof gc}'s bytes per step.
   */
  @Setup(Level.Iteration)
  public void restartTraining() {
    if (fresh != null) {
      model = fresh[Math.min(iteration++, fresh.length - 1)];
      nextBatch = 0;
    }
  }

  /** One model per warm-up and measurement iteration of the running benchmark. */
  static UnrollMnistMlp[] freshModels(BenchmarkParams params, Supplier<UnrollMnistMlp> build) {
    UnrollMnistMlp[] models = new UnrollMnistMlp[params.getWarmup().getCount() + params.getMeasurement().getCount()];
    for (int i = 0; i < models.length; i++) {
      models[i] = build.get();
    }
    return models;
  }

  /** Row {@code mlp-infer-b1-t<threads>}: one digit in, 10 logits out; the next of 64 digits each call. */
  @Benchmark
  public void inferBatch1(Blackhole bh) {
    next = (next + 1) & (INFER_BATCH - 1);
    model.predict(digits[next], output);
    bh.consume(output);
  }

  /** Row {@code mlp-infer-b1dense-t<threads>}: {@link #inferBatch1} on inputs with no zero pixel. */
  @Benchmark
  public void inferBatch1Dense(Blackhole bh) {
    next = (next + 1) & (INFER_BATCH - 1);
    model.predict(denseInputs[next], output);
    bh.consume(output);
  }

  /** Row {@code mlp-infer-b64-t<threads>}: 64 digits in one call. */
  @Benchmark
  public void inferBatch64(Blackhole bh) {
    model64.predict(inputs64, INFER_BATCH, outputs64);
    bh.consume(outputs64);
  }

  /**
   * Row {@code mlp-train-b32-t<threads>}: one training step on 32 digits, the next of 62 batches each
   * call (an epoch of 1,984 digits, round and round), from fresh parameters at each iteration.
   */
  @Benchmark
  public double trainBatch32() {
    Batch batch = batches[nextBatch];
    nextBatch = nextBatch + 1 == batches.length ? 0 : nextBatch + 1;
    return model.trainStep(batch);
  }
}

package dev.unroll.benchmarks;

import dev.unroll.runtime.Batch;
import dev.unroll.samples.UnrollMnistMlp;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmarks of the {@code mnist-mlp} sample, {@link UnrollMnistMlp}: a 784-128-10 perceptron with a
 * ReLU hidden layer, softmax cross-entropy and Adam, about 203 kFLOP per sample forward.
 *
 * <ul>
 *   <li>{@link #predictBatch1}: inference latency of one digit, {@code predict(input, output)}, each call
 *       the next of 32 digits.
 *   <li>{@link #predictBatch1Dense}: the same for inputs without a zero pixel: what batch 1 costs when the
 *       kernels cannot skip zero inputs (a digit's pixels are about 80% zero).
 *   <li>{@link #predictBatch32}: inference of 32 digits in one call, {@code predict(inputs, 32, outputs)}.
 *   <li>{@link #trainStepBatch32}: one training step on 32 digits, {@code trainStep(batch)}: forward pass,
 *       loss, backward pass and an Adam update of all 101,770 parameters, each step on the next of 62
 *       batches, each iteration from an untrained model. Samples per second are {@code 32 / score}.
 * </ul>
 *
 * <p>All three report the average time per call in microseconds. Each runs on real MNIST test digits
 * (see {@link MnistSamples}), prepared once per fork, so the timed calls do nothing but the model's work;
 * the model promises to allocate nothing per call, which {@code -prof gc} checks ({@code gc.alloc.rate.norm}
 * should be 0 B/op). Run with {@code java -jar benchmarks/target/benchmarks.jar MnistMlp -prof gc}.
 *
 * <p>The settings aim at stable numbers on a small shared machine in under three minutes for all three:
 * three forks with a fixed 1 GB heap, each warmed up for 5 x 1 s (the model's methods are small and reach
 * C2 well within that) and measured for 10 x 1 s, so that a neighbour's burst of work spoils a few of the
 * 30 measured iterations rather than a whole fork.
 *
 * <p>The {@code gc.alloc.rate.norm} that {@code -prof gc} reports is not quite 0: JMH's infrastructure
 * allocates a few KB per iteration, whatever the benchmark, which the profiler divides by the operations
 * of that iteration. The model itself allocates nothing per call once it is warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class MnistMlpBenchmark {
  /** The batch size of the batched benchmarks: the model's largest batch. */
  static final int BATCH = UnrollMnistMlp.MAX_BATCH;

  private UnrollMnistMlp model;

  /** 32 digits, 784 pixels in {@code [0, 1]} each, predicted in turn at batch 1. */
  private float[][] digits;

  /** 32 inputs with every pixel in {@code [0.01, 1]}: no zeros for the kernels to skip. */
  private float[][] denseInputs;

  /** The index of the next input of {@link #predictBatch1} and {@link #predictBatch1Dense}. */
  private int next;

  /** The 10 logits of one digit. */
  private float[] output;

  /** 32 digits one after another. */
  private float[] inputs;

  /** The logits of 32 digits. */
  private float[] outputs;

  /** 62 batches of 32 digits with their labels, trained on in turn. */
  private Batch[] batches;

  /** The index of the next batch of {@link #trainStepBatch32}. */
  private int nextBatch;

  /** For {@link #trainStepBatch32}: one untrained model per iteration, all built before the first. */
  private UnrollMnistMlp[] fresh;

  private int iteration;

  /** Loads the digits and builds the model (for training, one per iteration), once per fork. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    if (params.getBenchmark().endsWith(".trainStepBatch32")) {
      // no inference model: its worker thread would only sit beside the training models'
      batches = MnistSamples.load(ComparisonMlpBenchmark.TRAIN_DIGITS).batches(BATCH);
      fresh = ComparisonMlpBenchmark.freshModels(params, UnrollMnistMlp::new);
      return;
    }
    MnistSamples samples = MnistSamples.load(BATCH);
    model = new UnrollMnistMlp();
    digits = new float[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      digits[i] = samples.digit(i);
    }
    denseInputs = MnistSamples.dense(BATCH);
    output = new float[UnrollMnistMlp.OUTPUT_SIZE];
    inputs = samples.features().clone();
    outputs = new float[BATCH * UnrollMnistMlp.OUTPUT_SIZE];
  }

  /** Before each iteration of {@link #trainStepBatch32}: the next untrained model (see ComparisonMlpBenchmark). */
  @Setup(Level.Iteration)
  public void restartTraining() {
    if (fresh != null) {
      model = fresh[Math.min(iteration++, fresh.length - 1)];
      nextBatch = 0;
    }
  }

  /**
   * Inference latency at batch 1: one digit in, 10 logits out. Each call takes the next of 32 digits, so
   * that the kernels' work (which skips zero pixels) is a digit's average, not one digit's.
   */
  @Benchmark
  public void predictBatch1(Blackhole bh) {
    next = (next + 1) & (BATCH - 1);
    model.predict(digits[next], output);
    bh.consume(output);
  }

  /** {@link #predictBatch1} on inputs without zeros: nothing to skip. */
  @Benchmark
  public void predictBatch1Dense(Blackhole bh) {
    next = (next + 1) & (BATCH - 1);
    model.predict(denseInputs[next], output);
    bh.consume(output);
  }

  /** Inference of 32 digits in one call. */
  @Benchmark
  public void predictBatch32(Blackhole bh) {
    model.predict(inputs, BATCH, outputs);
    bh.consume(outputs);
  }

  /**
   * One training step on 32 digits: forward, loss, backward, Adam; returns the loss. Each call trains on
   * the next of 62 batches of real digits, and each iteration starts from fresh parameters: the time per
   * step does depend on the values after all, through subnormal numbers (the optimizer state of weights
   * without gradient, which the model now flushes, and the squares of the tiny gradients of a model
   * that has learnt one batch perfectly, which it cannot), and steps of the first few epochs are the
   * ones real training spends its time in.
   */
  @Benchmark
  public double trainStepBatch32() {
    Batch batch = batches[nextBatch];
    nextBatch = nextBatch + 1 == batches.length ? 0 : nextBatch + 1;
    return model.trainStep(batch);
  }
}

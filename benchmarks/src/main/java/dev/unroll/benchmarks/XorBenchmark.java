package dev.unroll.benchmarks;

import dev.unroll.runtime.Batch;
import dev.unroll.samples.UnrollXor;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmarks of the {@code xor} sample, {@link UnrollXor}: 2-2-1, sigmoid, binary cross-entropy, SGD
 * with momentum, 9 parameters. Its batch is the whole XOR truth table, 4 rows, so the batched benchmarks
 * use 4 (the model refuses more); what they measure is the fixed cost of a call into a generated model:
 * argument checks, copying in and out, and the optimizer's bookkeeping.
 *
 * <ul>
 *   <li>{@link #predictBatch1}: one pair in, one probability out.
 *   <li>{@link #predictBatch4}: the 4 rows of the truth table in one call.
 *   <li>{@link #trainStepBatch4}: one training step on the 4 rows.
 * </ul>
 *
 * <p>The model runs on the calling thread ({@code new UnrollXor(seed, 1)}): no split is worth it at this
 * size, and the generated code would not split anyway. Run with {@code java -jar
 * benchmarks/target/benchmarks.jar Xor -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class XorBenchmark {
  /** The truth table: the model's largest batch. */
  static final int BATCH = UnrollXor.MAX_BATCH;

  private static final float[] TABLE = {0, 0, 0, 1, 1, 0, 1, 1};
  private static final float[] TARGETS = {0, 1, 1, 0};

  private UnrollXor model;
  private float[] input;
  private float[] output;
  private float[] inputs;
  private float[] outputs;
  private Batch batch;

  /** Builds the model and the truth table, once per fork. */
  @Setup(Level.Trial)
  public void setUp() {
    model = new UnrollXor(UnrollXor.SEED, 1);
    input = new float[] {1, 0};
    output = new float[UnrollXor.OUTPUT_SIZE];
    inputs = TABLE.clone();
    outputs = new float[BATCH * UnrollXor.OUTPUT_SIZE];
    batch = Batch.ofTargets(TABLE.clone(), TARGETS.clone(), UnrollXor.INPUT_SIZE, UnrollXor.OUTPUT_SIZE);
  }

  /** One pair in, one probability out. */
  @Benchmark
  public void predictBatch1(Blackhole bh) {
    model.predict(input, output);
    bh.consume(output);
  }

  /** The whole truth table in one call. */
  @Benchmark
  public void predictBatch4(Blackhole bh) {
    model.predict(inputs, BATCH, outputs);
    bh.consume(outputs);
  }

  /** One training step on the truth table: forward, loss, backward, SGD with momentum. */
  @Benchmark
  public double trainStepBatch4() {
    return model.trainStep(batch);
  }
}

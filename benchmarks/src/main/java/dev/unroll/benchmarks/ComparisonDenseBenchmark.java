package dev.unroll.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Row {@code dense1024-gflops-t1} of {@code benchmarks/compare}: the forward pass of {@link Dense1024}, one
 * dense layer 1024 -> 1024 without bias, on a batch of 256, against PyTorch's {@code F.linear} (an OpenBLAS
 * sgemm 256 x 1024 x 1024). Reports microseconds per batch; GFLOP/s = 2 * 256 * 1024 * 1024 / time.
 *
 * <p>The inputs are uniform in {@code [0, 1)} from a fixed seed. {@code threads} defaults to 1, the row
 * compared; {@code -p threads=1,2} adds the two-thread figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class ComparisonDenseBenchmark {
  /** Rows per call. */
  static final int BATCH = 256;

  /** Floating-point operations per call: a multiply and an add per weight and row. */
  static final double FLOPS = 2.0 * BATCH * 1024 * 1024;

  /** The number of threads the model splits its work over (1: JMH's thread only). */
  @Param({"1"})
  public int threads;

  private UnrollDense1024 model;
  private float[] inputs;
  private float[] outputs;

  /** Builds the model and 256 random inputs, once per fork. */
  @Setup(Level.Trial)
  public void setUp() {
    model = new UnrollDense1024(UnrollDense1024.SEED, threads);
    SplittableRandom random = new SplittableRandom(42);
    inputs = new float[BATCH * UnrollDense1024.INPUT_SIZE];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble();
    }
    outputs = new float[BATCH * UnrollDense1024.OUTPUT_SIZE];
  }

  /** Row {@code dense1024-gflops-t1}: 256 rows of 1024 in, 256 rows of 1024 out. */
  @Benchmark
  public void forward(Blackhole bh) {
    model.predict(inputs, BATCH, outputs);
    bh.consume(outputs);
  }
}

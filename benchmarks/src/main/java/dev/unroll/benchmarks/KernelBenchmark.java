package dev.unroll.benchmarks;

import dev.unroll.runtime.kernel.Linear;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense-layer kernels of {@code dev.unroll.runtime.kernel.Linear} alone, in GFLOP/s: each method
 * counts its floating-point operations as JMH operations ({@code 2 * n * in * out} per call), so in
 * {@code Mode.Throughput} per nanosecond the score is GFLOP/s (higher is better). Three shapes: the square
 * 256 x 1024 x 1024 of the comparison's dense row, and mnist-mlp's first layer (784 -> 128, {@code Mlp})
 * and output layer (128 -> 10, narrower than a vector: {@code Out}) at batch 32, for the three products
 * training needs:
 *
 * <ul>
 *   <li>{@code forward}: {@code y = x W^T + b};
 *   <li>{@code backwardInput}: {@code dx = dz W};
 *   <li>{@code backwardWeight}: {@code dW += dz^T x}.
 * </ul>
 *
 * <p>One thread (the kernels themselves never start threads). Run with {@code java -jar
 * benchmarks/target/benchmarks.jar Kernel -prof gc}, adding {@code -jvmArgsAppend "-Xms1g -Xmx1g
 * --add-modules=jdk.incubator.vector"} for the Vector API kernels. Values are uniform in {@code [-1, 1)}
 * from a fixed seed; no kernel branches on them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class KernelBenchmark {
  private static final int SQ = 1024;
  private static final int SQ_BATCH = 256;
  private static final int SQ_FLOPS = 2 * SQ_BATCH * SQ * SQ;
  private static final int MLP_IN = 784;
  private static final int MLP_OUT = 128;
  private static final int MLP_BATCH = 32;
  private static final int MLP_FLOPS = 2 * MLP_BATCH * MLP_IN * MLP_OUT;
  private static final int OUT_IN = 128;
  private static final int OUT_OUT = 10;
  private static final int OUT_FLOPS = 2 * MLP_BATCH * OUT_IN * OUT_OUT;

  private Operands square;
  private Operands mlp;
  private Operands output;

  /** The arrays of one shape. */
  private static final class Operands {
    final int n;
    final int in;
    final int out;
    final float[][] x;
    final float[][] wT;
    final float[] bias;
    final float[][] y;
    final float[][] dz;
    final float[][] dx;
    final float[][] dwT;

    Operands(SplittableRandom random, int n, int in, int out) {
      this.n = n;
      this.in = in;
      this.out = out;
      x = fill(random, n, in);
      wT = fill(random, in, out);
      bias = fill(random, 1, out)[0];
      y = new float[n][out];
      dz = fill(random, n, out);
      dx = new float[n][in];
      dwT = new float[in][out];
    }
  }

  /**
   * A {@code rows x cols} matrix of values uniform in {@code [-1, 1)}; {@link LayerWidthBenchmark} fills
   * its operands with it too.
   */
  static float[][] fill(SplittableRandom random, int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      for (int k = 0; k < cols; k++) {
        row[k] = (float) (2 * random.nextDouble() - 1);
      }
    }
    return m;
  }

  /** Builds both shapes' operands, once per fork. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    square = new Operands(random, SQ_BATCH, SQ, SQ);
    mlp = new Operands(random, MLP_BATCH, MLP_IN, MLP_OUT);
    output = new Operands(random, MLP_BATCH, OUT_IN, OUT_OUT);
  }

  @Benchmark
  @OperationsPerInvocation(SQ_FLOPS)
  public float[][] forward1024() {
    Linear.forward(square.x, square.wT, square.bias, square.y, 0, square.n, square.in, square.out);
    return square.y;
  }

  @Benchmark
  @OperationsPerInvocation(SQ_FLOPS)
  public float[][] backwardInput1024() {
    Linear.backwardInput(square.dz, square.wT, square.dx, 0, square.n, square.in, square.out);
    return square.dx;
  }

  @Benchmark
  @OperationsPerInvocation(SQ_FLOPS)
  public float[][] backwardWeight1024() {
    Linear.backwardWeight(square.x, square.dz, square.dwT, square.n, 0, square.in, square.out);
    return square.dwT;
  }

  @Benchmark
  @OperationsPerInvocation(MLP_FLOPS)
  public float[][] forwardMlp() {
    Linear.forward(mlp.x, mlp.wT, mlp.bias, mlp.y, 0, mlp.n, mlp.in, mlp.out);
    return mlp.y;
  }

  @Benchmark
  @OperationsPerInvocation(MLP_FLOPS)
  public float[][] backwardInputMlp() {
    Linear.backwardInput(mlp.dz, mlp.wT, mlp.dx, 0, mlp.n, mlp.in, mlp.out);
    return mlp.dx;
  }

  @Benchmark
  @OperationsPerInvocation(MLP_FLOPS)
  public float[][] backwardWeightMlp() {
    Linear.backwardWeight(mlp.x, mlp.dz, mlp.dwT, mlp.n, 0, mlp.in, mlp.out);
    return mlp.dwT;
  }

  @Benchmark
  @OperationsPerInvocation(OUT_FLOPS)
  public float[][] forwardOut() {
    Linear.forward(output.x, output.wT, output.bias, output.y, 0, output.n, output.in, output.out);
    return output.y;
  }

  @Benchmark
  @OperationsPerInvocation(OUT_FLOPS)
  public float[][] backwardInputOut() {
    Linear.backwardInput(output.dz, output.wT, output.dx, 0, output.n, output.in, output.out);
    return output.dx;
  }

  @Benchmark
  @OperationsPerInvocation(OUT_FLOPS)
  public float[][] backwardWeightOut() {
    Linear.backwardWeight(output.x, output.dz, output.dwT, output.n, 0, output.in, output.out);
    return output.dwT;
  }
}

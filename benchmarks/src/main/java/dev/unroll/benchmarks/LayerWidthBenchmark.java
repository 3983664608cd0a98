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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three dense-layer products of {@code dev.unroll.runtime.kernel.Linear} at batch 32 with 784
 * inputs (an MNIST image) and a layer width of {@code out} units, in GFLOP/s as in {@link
 * KernelBenchmark}. Each invocation makes {@code 768 / out} calls, so that it is the same number of
 * operations ({@code 2 * 32 * 784 * 768}) at every width and the score is GFLOP/s at each.
 *
 * <p>It shows how the scalar kernels' distance from the Vector API ones depends on the width: the scalar
 * kernels are loops C2 vectorises by itself, over rows of {@code out} floats for the forward pass and the
 * weight gradient, and C2 picks the vector width of such a loop and leaves some iterations of every
 * call to scalar pre- and post-loops, while the Vector API kernels keep their partial sums in registers
 * at the preferred width. The widths avoid multiples of 1,024 floats, whose rows lie a multiple of 4 KB
 * apart (see {@code ScalarLinear}); 768 stands for the wide layers.
 *
 * <p>One thread. Run with {@code java -jar benchmarks/target/benchmarks.jar LayerWidth}, adding {@code
 * -jvmArgsAppend "-Xms1g -Xmx1g --add-modules=jdk.incubator.vector"} for the Vector API kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class LayerWidthBenchmark {
  private static final int BATCH = 32;
  private static final int IN = 784;
  /** Every width divides this many units. */
  private static final int UNITS = 768;
  private static final int FLOPS = 2 * BATCH * IN * UNITS;

  @Param({"64", "128", "256", "768"})
  public int out;

  /** {@code UNITS / out}: kernel calls per invocation. */
  private int calls;

  private float[][] x;
  private float[][] wT;
  private float[] bias;
  private float[][] y;
  private float[][] dz;
  private float[][] dx;
  private float[][] dwT;

  @Setup(Level.Trial)
  public void setUp() {
    if (UNITS % out != 0) {
      throw new IllegalArgumentException("out must divide " + UNITS + ": " + out);
    }
    calls = UNITS / out;
    SplittableRandom random = new SplittableRandom(42);
    x = KernelBenchmark.fill(random, BATCH, IN);
    wT = KernelBenchmark.fill(random, IN, out);
    bias = KernelBenchmark.fill(random, 1, out)[0];
    y = new float[BATCH][out];
    dz = KernelBenchmark.fill(random, BATCH, out);
    dx = new float[BATCH][IN];
    dwT = new float[IN][out];
  }

  @Benchmark
  @OperationsPerInvocation(FLOPS)
  public float[][] forward() {
    for (int c = 0; c < calls; c++) {
      Linear.forward(x, wT, bias, y, 0, BATCH, IN, out);
    }
    return y;
  }

  @Benchmark
  @OperationsPerInvocation(FLOPS)
  public float[][] backwardInput() {
    for (int c = 0; c < calls; c++) {
      Linear.backwardInput(dz, wT, dx, 0, BATCH, IN, out);
    }
    return dx;
  }

  @Benchmark
  @OperationsPerInvocation(FLOPS)
  public float[][] backwardWeight() {
    for (int c = 0; c < calls; c++) {
      Linear.backwardWeight(x, dz, dwT, BATCH, 0, IN, out);
    }
    return dwT;
  }
}

package dev.unroll.benchmarks;

import dev.unroll.samples.UnrollMnistMlp;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Measures start-up: the time from JVM start to the first prediction of {@code mnist-mlp}. Constructs
 * {@link UnrollMnistMlp} (which draws its 101,770 initial parameters), predicts once on an all-zero
 * digit, and prints one line such as
 *
 * <pre>
 * startup: first prediction 39 ms after JVM start (main entered at 19 ms; construct 17.1 ms, first predict 2.9 ms;
 *     then 20.0 ms to query the start time; logit[0] = 0.0)
 * </pre>
 *
 * <p>The JVM's start is {@code RuntimeMXBean.getStartTime()}, recorded by the VM as it begins to create
 * itself, so the launcher's few milliseconds before that are not included; time the whole process from
 * outside for those. The management classes are loaded only after the prediction, so their cost is not
 * counted either; the probe prints it, as it is part of a wall-clock time taken from outside. Both clocks are in milliseconds; the two phases inside {@code main} are timed with
 * {@link System#nanoTime()}.
 *
 * <p>With the argument {@code --baseline} the probe touches no model class and reports only when
 * {@code main} was entered: the cost of a bare JVM running this jar, to subtract from the full run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.unroll.benchmarks.StartupProbe
 * java -cp benchmarks/target/benchmarks.jar dev.unroll.benchmarks.StartupProbe --baseline
 * </pre>
 */
public final class StartupProbe {
  private StartupProbe() {}

  /** Runs the probe; {@code --baseline} skips the model. */
  public static void main(String[] args) {
    long mainEntered = System.currentTimeMillis();
    if (args.length > 0 && args[0].equals("--baseline")) {
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.printf(Locale.ROOT, "baseline: main entered %d ms after JVM start%n", mainEntered - jvmStart);
      return;
    }
    long t0 = System.nanoTime();
    UnrollMnistMlp model = new UnrollMnistMlp();
    long t1 = System.nanoTime();
    float[] input = new float[UnrollMnistMlp.INPUT_SIZE];
    float[] output = new float[UnrollMnistMlp.OUTPUT_SIZE];
    model.predict(input, output);
    long t2 = System.nanoTime();
    long firstPrediction = System.currentTimeMillis();

    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long t3 = System.nanoTime();
    System.out.printf(Locale.ROOT,
        "startup: first prediction %d ms after JVM start (main entered at %d ms; construct %.1f ms, "
            + "first predict %.1f ms; then %.1f ms to query the start time; logit[0] = %s)%n",
        firstPrediction - jvmStart, mainEntered - jvmStart, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
        output[0]);
  }
}

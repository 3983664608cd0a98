package dev.unroll.samples;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.data.DataSet;
import dev.unroll.runtime.kernel.VectorSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trains mnist-mlp for a few steps on real digits and prints the kernel path, then the loss of each step
 * and the final predictions, one number per line: {@link VectorPathTest} runs it with and without the
 * Vector API and compares.
 */
public final class PathProbe {
  static final int STEPS = 20;

  private PathProbe() {}

  static double[] run(Path mnist) throws IOException {
    DataSet digits = MnistMlpSample.load(mnist, "test");
    UnrollMnistMlp model = new UnrollMnistMlp(7, 2);
    float[] x = Arrays.copyOf(digits.features(), 32 * 784);
    Batch batch = Batch.ofLabels(x, Arrays.copyOf(digits.labels(), 32), 784);
    double[] out = new double[STEPS + 32 * 10];
    for (int s = 0; s < STEPS; s++) {
      out[s] = model.trainStep(batch);
    }
    float[] y = new float[32 * 10];
    model.predict(x, 32, y);
    for (int i = 0; i < y.length; i++) {
      out[STEPS + i] = y[i];
    }
    return out;
  }

  public static void main(String[] args) throws IOException {
    System.out.println(VectorSupport.path());
    for (double v : run(Path.of(args[0]))) {
      System.out.println(v);
    }
  }
}

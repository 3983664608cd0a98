package dev.unroll.processor;

import static dev.unroll.processor.CompiledModels.network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.unroll.runtime.Batch;
import dev.unroll.runtime.Model;
import dev.unroll.runtime.Rng;
import dev.unroll.runtime.TrainableModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The same seed and the same data give bit-identical parameters. */
class DeterminismTest {
  private static final String SOURCE = network("Det", "input = 6, batchSize = 8, seed = 42",
      "@CrossEntropy\n@Adam(learningRate = 0.01)",
      "@Dense(units = 16, activation = Activation.RELU) fc1",
      "@Dense(units = 16, activation = Activation.TANH, init = Init.HE_NORMAL) fc2",
      "@Dense(units = 3) fc3");

  private static float[][] train(Compilation compilation, long seed, int steps) {
    return train(compilation, seed, steps, 1);
  }

  private static float[][] train(Compilation compilation, long seed, int steps, int threads) {
    return train(compilation, seed, steps, threads, 6);
  }

  private static float[][] train(Compilation compilation, long seed, int steps, int threads, int inputs) {
    TrainableModel model =
        CompiledModels.instantiate(compilation, "test.UnrollDet", seed, threads, TrainableModel.class);
    Rng data = new Rng(1);
    float[] x = new float[8 * inputs];
    int[] labels = new int[8];
    Batch batch = Batch.ofLabels(x, labels, inputs);
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) data.nextGaussian();
      }
      for (int b = 0; b < 8; b++) {
        labels[b] = data.nextInt(3);
      }
      model.trainStep(batch);
    }
    assertEquals(steps, model.stepCount());
    return model.parameters().values().stream().map(t -> t.toFloatArray()).toArray(float[][]::new);
  }

  private static boolean bitIdentical(float[][] a, float[][] b) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        if (Float.floatToRawIntBits(a[i][j]) != Float.floatToRawIntBits(b[i][j])) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void sameSeed_givesBitIdenticalParametersAfterTraining() {
    Compilation compilation = CompiledModels.compile("test.Det", SOURCE);
    float[][] first = train(compilation, 42, 50);
    float[][] second = train(compilation, 42, 50);
    assertEquals(first.length, second.length);
    assertFalse(Arrays.equals(first[0], train(compilation, 42, 0)[0]), "training changed nothing");
    for (int i = 0; i < first.length; i++) {
      assertArrayEquals(first[i], second[i]);
    }
    assertFalse(bitIdentical(first, train(compilation, 43, 50)), "a different seed gave the same parameters");
  }

  @Test
  void oneAndTwoThreads_giveBitIdenticalParameters() {
    // wide enough that the batch, the parameter gradients and the optimizer step are all split
    String wide = network("Det", "input = 300, batchSize = 8, seed = 42", "@CrossEntropy\n@Adam(learningRate = 0.01)",
        "@Dense(units = 256, activation = Activation.RELU) fc1",
        "@Dense(units = 128, activation = Activation.TANH) fc2",
        "@Dense(units = 3) fc3");
    Compilation compilation = CompiledModels.compile("test.Det", wide);
    float[][] one = train(compilation, 42, 20, 1, 300);
    float[][] two = train(compilation, 42, 20, 2, 300);
    for (int i = 0; i < one.length; i++) {
      assertArrayEquals(one[i], two[i]);
    }
  }

  @Test
  void singleSample_outputsSplitAcrossThreads_sameBitsAsOneThread() {
    // fc1 (600 x 256) and the softmax layer (100 x 2000) are wide enough to share their outputs between
    // two threads when a batch is a single sample; fc2 (256 x 100) is not and runs on the caller.
    String wide = network("Wide", "input = 600, batchSize = 4, seed = 7", "",
        "@Dense(units = 256, activation = Activation.RELU) fc1",
        "@Dense(units = 100, activation = Activation.TANH) fc2",
        "@Dense(units = 2000, activation = Activation.SOFTMAX) fc3");
    Compilation compilation = CompiledModels.compile("test.Wide", wide);
    String source = CompiledModels.source(compilation, "test.UnrollWide");
    assertTrue(source.contains("workers.runParts(fc1ColumnsTask, true);"), "fc1 splits its outputs");
    assertTrue(source.contains("workers.runParts(fc3ColumnsTask, true);\n    fc3ForwardFinish(0, n);"),
        "fc3 splits its outputs, then the softmax runs over whole rows");
    assertFalse(source.contains("fc2ColumnsTask"), "fc2 is too small to split");

    Model one = CompiledModels.instantiate(compilation, "test.UnrollWide", 7, 1, Model.class);
    Model two = CompiledModels.instantiate(compilation, "test.UnrollWide", 7, 2, Model.class);
    Rng data = new Rng(3);
    float[] x = new float[3 * 600];
    for (int trial = 0; trial < 5; trial++) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) data.nextGaussian();
      }
      for (int n : new int[] {1, 3}) {
        float[] a = new float[n * 2000];
        float[] b = new float[n * 2000];
        one.predict(x, n, a);
        two.predict(x, n, b);
        for (int i = 0; i < a.length; i++) {
          assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "n=" + n + " at " + i);
        }
        float sum = 0;
        for (int i = 0; i < 2000; i++) {
          sum += b[i];
        }
        assertEquals(1f, sum, 1e-4f, "a softmax row");
      }
    }
  }

  @Test
  void initialize_restoresTheConstructedState() {
    Compilation compilation = CompiledModels.compile("test.Det", SOURCE);
    TrainableModel model = CompiledModels.instantiate(compilation, "test.UnrollDet", 42, TrainableModel.class);
    float[] before = model.parameters().get("fc2.weight").toFloatArray();
    Batch batch = Batch.ofLabels(new float[6], new int[] {1}, 6);
    model.trainStep(batch);
    model.initialize(42);
    assertArrayEquals(before, model.parameters().get("fc2.weight").toFloatArray());
    assertEquals(0, model.stepCount());
  }
}

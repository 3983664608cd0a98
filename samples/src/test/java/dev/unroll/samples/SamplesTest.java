package dev.unroll.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.Tensor;
import dev.unroll.runtime.data.DataSet;
import dev.unroll.runtime.io.CheckpointException;
import dev.unroll.runtime.io.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples end to end, on real data, with the issue's accuracy thresholds. */
class SamplesTest {
  private static final Path MNIST = Path.of("data", "mnist");

  /** Runs a subcommand and returns its output; fails on a non-zero exit code. */
  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void xor_getsAllFourCasesRight() {
    assertEquals("result: xor accuracy 1.0", lastLine(run("xor", "--quiet")));
  }

  @Test
  void mnistMlp_reachesTheIssuesAccuracyOnHeldOutDigits() {
    String result = lastLine(run("mnist-mlp", "--quiet", "--data", MNIST.toString()));
    assertTrue(result.startsWith("result: mnist-mlp test_accuracy "), result);
    double accuracy = Double.parseDouble(result.substring(result.lastIndexOf(' ') + 1));
    assertTrue(accuracy >= 0.945, "test accuracy " + accuracy + " is below 0.945");
  }

  @Test
  void unknownOption_isRefusedWithExitCode2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("xor", "--epoch", "3"), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --epoch"));
  }

  @Test
  void checkpoint_roundTripsAGeneratedModelBitExactly(@TempDir Path dir) throws IOException {
    UnrollMnistMlp trained = new UnrollMnistMlp(5);
    DataSet digits = MnistMlpSample.load(MNIST, "test").head(64);
    Batch batch = Batch.ofLabels(java.util.Arrays.copyOf(digits.features(), 32 * 784),
        java.util.Arrays.copyOf(digits.labels(), 32), 784);
    trained.trainStep(batch);
    Path file = dir.resolve("mlp.safetensors");
    Checkpoints.save(trained, file);

    UnrollMnistMlp restored = new UnrollMnistMlp(6);
    Checkpoints.load(restored, file);
    for (String name : trained.parameters().keySet()) {
      assertArrayEquals(trained.parameters().get(name).toFloatArray(), restored.parameters().get(name).toFloatArray(),
          name);
    }
    float[] a = new float[10];
    float[] b = new float[10];
    float[] first = java.util.Arrays.copyOf(digits.features(), 784);
    trained.predict(first, a);
    restored.predict(first, b);
    assertArrayEquals(a, b);
  }

  @Test
  void checkpoint_ofAnotherModel_isRefusedAndChangesNothing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("xor.safetensors");
    Checkpoints.save(new UnrollXor(), file);
    UnrollMnistMlp model = new UnrollMnistMlp();
    float[] before = model.parameters().get("fc1.weight").toFloatArray();
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model, file));
    assertTrue(e.getMessage().contains("missing from the checkpoint: fc1.weight, fc1.bias, fc2.weight, fc2.bias"),
        e.getMessage());
    assertTrue(e.getMessage().contains("saved from model Xor"), e.getMessage());
    assertArrayEquals(before, model.parameters().get("fc1.weight").toFloatArray());
  }

  @Test
  void layerViews_showTheLatestBatch() {
    UnrollMnistMlp model = new UnrollMnistMlp();
    float[] x = new float[3 * 784];
    x[100] = 1;
    float[] y = new float[30];
    model.predict(x, 3, y);
    Tensor hidden = model.fc1();
    assertArrayEquals(new int[] {3, 128}, hidden.shape());
    assertTrue(hidden.at(0, 5) >= 0, "relu output is negative");
    assertArrayEquals(new int[] {3, 10}, model.output().shape());
    assertEquals(y[13], model.output().get(13));
    assertThrows(UnsupportedOperationException.class, () -> hidden.set(0, 1f));
  }

  @Test
  void wrongInputSize_namesExpectedAndActual() {
    UnrollMnistMlp model = new UnrollMnistMlp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(new float[700], new float[10]));
    assertEquals("inputs needs 1 x 784 = 784 values, got an array of 700", e.getMessage());
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> model.predict(new float[33 * 784], 33, new float[330]));
    assertEquals("batch size must be in [1, 32] (the model's batchSize), got 33", batch.getMessage());
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> model.trainStep(Batch.ofLabels(new float[784], new int[] {10}, 784)));
    assertEquals("label 10 of sample 0 is out of range: the model has 10 classes, [0, 10)", label.getMessage());
  }
}

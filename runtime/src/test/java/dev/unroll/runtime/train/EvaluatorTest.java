package dev.unroll.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.runtime.LossKind;
import dev.unroll.runtime.data.DataSet;
import dev.unroll.runtime.testing.LinearModel;
import dev.unroll.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * Every model here is the identity ({@code W = I, b = 0}, batches of 2), so each sample's features are its
 * outputs and the expected metrics can be worked out by hand.
 */
class EvaluatorTest {
  @Test
  void crossEntropy_accuracyConfusionAndLossOverPartialBatches() {
    LinearModel model = identity(LossKind.CROSS_ENTROPY, 3);
    DataSet data = DataSet.ofLabels(new float[] {
        2, 0, 0, // predicted 0, label 0: correct
        0, 1, 0, // predicted 1, label 1: correct
        0, 0, 5, // predicted 2, label 1: wrong
        1, 3, 0, // predicted 1, label 2: wrong
        0, 0, 1, // predicted 2, label 2: correct
    }, new int[] {3}, new int[] {0, 1, 1, 2, 2});

    Evaluation evaluation = Evaluator.evaluate(model, data);

    assertEquals(5, evaluation.samples());
    assertEquals(0.6, evaluation.accuracy(), 1e-12);
    assertArrayEquals(new int[][] {{1, 0, 0}, {0, 1, 1}, {0, 1, 1}}, evaluation.confusion().counts());
    double expectedLoss = (crossEntropy(new double[] {2, 0, 0}, 0) + crossEntropy(new double[] {0, 1, 0}, 1)
        + crossEntropy(new double[] {0, 0, 5}, 1) + crossEntropy(new double[] {1, 3, 0}, 2)
        + crossEntropy(new double[] {0, 0, 1}, 2)) / 5;
    assertEquals(expectedLoss, evaluation.loss(), 1e-6);
  }

  @Test
  void binaryWithLogits_thresholdsAtZero_withTwoByTwoConfusion() {
    LinearModel model = identity(LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS, 1);
    DataSet data = DataSet.ofTargets(new float[] {2, -1, 0.5f, -3, 0}, new int[] {1}, new float[] {1, 1, 0, 0, 0.6f},
        1);

    Evaluation evaluation = Evaluator.evaluate(model, data);

    // predictions 1, 0, 1, 0, 1 against classes 1, 1, 0, 0, 1
    assertEquals(0.6, evaluation.accuracy(), 1e-12);
    assertArrayEquals(new int[][] {{1, 1}, {1, 2}}, evaluation.confusion().counts());
  }

  @Test
  void binaryOnProbabilities_countsEveryOutput_withoutConfusionForSeveralOutputs() {
    LinearModel model = identity(LossKind.BINARY_CROSS_ENTROPY, 2);
    // the model outputs sigmoid(features): positive features are >= 0.5
    DataSet data = DataSet.ofTargets(new float[] {1, -1, 1, 1, -2, 3}, new int[] {2},
        new float[] {1, 0, 0, 1, 0, 0}, 2);

    Evaluation evaluation = Evaluator.evaluate(model, data);

    assertEquals(4 / 6.0, evaluation.accuracy(), 1e-12);
    assertFalse(evaluation.hasConfusion());
  }

  @Test
  void meanSquaredError_oneOutput_hasNoAccuracy() {
    LinearModel model = identity(LossKind.MEAN_SQUARED_ERROR, 1);
    DataSet data = DataSet.ofTargets(new float[] {1, 2, 3}, new int[] {1}, new float[] {1, 0, 5}, 1);

    Evaluation evaluation = Evaluator.evaluate(model, data);

    assertTrue(Double.isNaN(evaluation.accuracy()));
    assertEquals((0 + 4 + 4) / 3.0, evaluation.loss(), 1e-6);
    assertFalse(evaluation.hasConfusion());
  }

  @Test
  void meanSquaredError_oneHotTargets_comparesArgmax() {
    LinearModel model = identity(LossKind.MEAN_SQUARED_ERROR, 2);
    DataSet data = DataSet.ofTargets(new float[] {0.9f, 0.1f, 0.2f, 0.7f, 0.6f, 0.4f}, new int[] {2},
        new float[] {1, 0, 0, 1, 0, 1}, 2);

    assertEquals(2 / 3.0, Evaluator.evaluate(model, data).accuracy(), 1e-12);
  }

  @Test
  void evaluate_dataNotFittingModel_isRefused() {
    LinearModel model = identity(LossKind.CROSS_ENTROPY, 3);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(model, TestData.blobs(10, 3, 1)));

    assertEquals("model Linear takes 3 features per sample, the data has 2", e.getMessage());
  }

  @Test
  void evaluate_leavesModelUnchanged() {
    LinearModel model = new LinearModel(LossKind.CROSS_ENTROPY, 2, 3, 8, 0.1f, 1);
    float[] before = model.weight().toFloatArray();

    Evaluator.evaluate(model, TestData.blobs(20, 3, 1));

    assertArrayEquals(before, model.weight().toFloatArray());
    assertEquals(0, model.stepCount());
  }

  private static LinearModel identity(LossKind kind, int size) {
    LinearModel model = new LinearModel(kind, size, size, 2, 0.1f, 1);
    for (int o = 0; o < size; o++) {
      model.bias().set(o, 0);
      for (int i = 0; i < size; i++) {
        model.weight().set(o * size + i, o == i ? 1 : 0);
      }
    }
    return model;
  }

  private static double crossEntropy(double[] logits, int label) {
    double sum = 0;
    for (double z : logits) {
      sum += Math.exp(z);
    }
    return Math.log(sum) - logits[label];
  }
}

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private final DataSet train = TestData.blobs(300, 3, 1);
  private final DataSet validation = TestData.blobs(150, 3, 2);

  @Test
  void fit_separableBlobs_lossFallsAndHeldOutAccuracyIsHigh() {
    LinearModel model = classifier(7);

    History history = Trainer.builder().epochs(8).shuffleSeed(1).build().fit(model, train, validation);

    assertEquals(8, history.size());
    double[] loss = history.trainLoss();
    assertTrue(loss[7] < loss[0] / 2, "train loss " + Arrays.toString(loss));
    assertTrue(history.validationLoss()[7] < history.validationLoss()[0], history.toString());
    assertTrue(history.last().validationAccuracy() >= 0.97, history.toString());
    assertEquals(8 * 19, model.stepCount()); // 300 samples in batches of 16
  }

  @Test
  void fit_sameSeeds_identicalParameters_otherShuffleSeed_differentOnes() {
    float[] first = trainedWeights(1);

    assertArrayEquals(first, trainedWeights(1));
    assertFalse(Arrays.equals(first, trainedWeights(2)));
  }

  @Test
  void fit_listenersSeeEveryBatchAndEpoch() {
    List<EpochMetrics> epochs = new ArrayList<>();
    int[] samplesPerEpoch = new int[4];
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        epochs.add(metrics);
      }

      @Override
      public void onBatchEnd(int epoch, int batch, int batchSize, double loss) {
        samplesPerEpoch[epoch] += batchSize;
        assertTrue(batch < 19 && loss > 0);
      }
    };

    History history = Trainer.builder().epochs(3).listener(listener).build().fit(classifier(7), train, null);

    assertEquals(history.epochs(), epochs);
    assertArrayEquals(new int[] {0, 300, 300, 300}, samplesPerEpoch);
    assertFalse(history.last().hasValidation());
    assertTrue(Double.isNaN(history.last().validationAccuracy()));
    String firstRow = history.toString().split("\\R")[1];
    assertTrue(firstRow.matches(" +1 +\\d+\\.\\d{4} +- +- +\\d+\\.\\d"), firstRow);
  }

  @Test
  void fit_validationNotFittingModel_isRefusedBeforeAnyStep() {
    LinearModel model = classifier(7);
    DataSet fourClasses = TestData.blobs(50, 4, 3);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder().build().fit(model, train, fourClasses));

    assertEquals("model Linear has 3 outputs (classes 0 to 2), but the data has labels up to 3", e.getMessage());
    assertEquals(0, model.stepCount());
  }

  @Test
  void fit_withProgress_printsOneSummaryPerEpoch() {
    StringBuilder out = new StringBuilder();
    Progress progress = Progress.to(out, System::nanoTime, false);

    Trainer.builder().epochs(2).progress(progress).build().fit(classifier(7), train, validation);

    String[] lines = out.toString().split("\n");
    assertEquals(2, Arrays.stream(lines).filter(l -> l.contains("train loss")).count());
    assertTrue(lines[lines.length - 1].startsWith("epoch 2/2  train loss "), lines[lines.length - 1]);
  }

  private float[] trainedWeights(long shuffleSeed) {
    LinearModel model = classifier(7);
    Trainer.builder().epochs(2).shuffleSeed(shuffleSeed).build().fit(model, train, validation);
    return model.weight().toFloatArray();
  }

  private static LinearModel classifier(long seed) {
    return new LinearModel(LossKind.CROSS_ENTROPY, 2, 3, 16, 0.1f, seed);
  }
}

package dev.unroll.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {
  /** Feature 0: 1, 3, 5, 7 (mean 4, population std sqrt(5)); feature 1: always 2 (zero variance). */
  private static final DataSet TRAIN =
      DataSet.ofLabels(new float[] {1, 2, 3, 2, 5, 2, 7, 2}, new int[] {2}, new int[] {0, 1, 0, 1});

  @Test
  void fit_computesMeanAndPopulationStd_constantFeatureScaledByOne() {
    Standardizer standardizer = Standardizer.fit(TRAIN);

    assertArrayEquals(new float[] {4, 2}, standardizer.mean());
    assertArrayEquals(new float[] {(float) Math.sqrt(5), 1}, standardizer.scale(), 1e-6f);
  }

  @Test
  void apply_toValidation_usesTrainingStatisticsOnly() {
    Standardizer standardizer = Standardizer.fit(TRAIN);
    DataSet validation = DataSet.ofLabels(new float[] {100, 2, 4, 5}, new int[] {2}, new int[] {1, 0});

    DataSet standardized = standardizer.apply(validation);

    float std = (float) Math.sqrt(5);
    assertArrayEquals(new float[] {96 / std, 0, 0, 3}, standardized.features(), 1e-5f);
    assertSame(validation.labels(), standardized.labels());
    assertArrayEquals(new float[] {100, 2, 4, 5}, validation.features()); // the input is untouched
  }

  @Test
  void apply_toTraining_givesZeroMeanUnitStd() {
    float[] x = Standardizer.fit(TRAIN).apply(TRAIN).features();

    double sum = 0;
    double squares = 0;
    for (int s = 0; s < 4; s++) {
      sum += x[2 * s];
      squares += x[2 * s] * x[2 * s];
      assertEquals(0f, x[2 * s + 1]);
    }
    assertEquals(0, sum / 4, 1e-6);
    assertEquals(1, squares / 4, 1e-6);
  }

  @Test
  void apply_otherFeatureSize_isRefused() {
    Standardizer standardizer = Standardizer.fit(TRAIN);
    DataSet wider = DataSet.ofLabels(new float[4], new int[] {4}, new int[] {0});

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> standardizer.apply(wider));

    assertEquals("fitted on 2 features per sample, the data has 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> standardizer.applyInPlace(new float[3]));
    assertEquals("expected a multiple of 2 features (the fitted feature size), got 3", e.getMessage());
  }
}

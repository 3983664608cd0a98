package dev.unroll.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DataSetTest {
  private static final float[] SIX = {0, 1, 2, 3, 4, 5};

  @Test
  void ofLabels_describesSamples() {
    DataSet data = DataSet.ofLabels(new float[12], new int[] {2, 2}, new int[] {0, 4, 1});

    assertEquals(3, data.size());
    assertEquals(4, data.featureSize());
    assertArrayEquals(new int[] {2, 2}, data.featureShape());
    assertTrue(data.hasLabels());
    assertEquals(5, data.numClasses());
    assertEquals(0, data.targetSize());
    assertNull(data.targets());
  }

  @Test
  void ofLabels_wrongFeatureLength_namesExpectedAndActual() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataSet.ofLabels(new float[7], new int[] {2}, new int[] {0, 1, 2}));

    assertEquals("expected 3 samples x 2 features = 6 floats, got 7", e.getMessage());
  }

  @Test
  void ofLabels_negativeLabel_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataSet.ofLabels(SIX, new int[] {2}, new int[] {0, -1, 2}));

    assertEquals("label of sample 1 is -1; class labels must be >= 0", e.getMessage());
  }

  @Test
  void ofTargets_wrongTargetLength_namesExpectedAndActual() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataSet.ofTargets(SIX, new int[] {3}, new float[5], 2));

    assertEquals("expected 2 samples x 2 targets = 4 target values, got 5", e.getMessage());
  }

  @Test
  void ofTargets_featuresNotWholeSamples_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataSet.ofTargets(SIX, new int[] {4}, new float[1], 1));

    assertEquals("expected a multiple of 4 features (samples of shape [4]), got 6", e.getMessage());
  }

  @Test
  void numClasses_withTargets_isRefused() {
    DataSet data = DataSet.ofTargets(SIX, new int[] {3}, new float[] {1, 2}, 1);

    assertFalse(data.hasLabels());
    assertThrows(IllegalStateException.class, data::numClasses);
  }

  @Test
  void subset_copiesSamplesInGivenOrder() {
    DataSet data = DataSet.ofTargets(SIX, new int[] {2}, new float[] {10, 11, 12}, 1);

    DataSet subset = data.subset(new int[] {2, 0, 2});

    assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5}, subset.features());
    assertArrayEquals(new float[] {12, 10, 12}, subset.targets());
    assertArrayEquals(new int[] {2}, subset.featureShape());
  }

  @Test
  void subset_indexOutOfRange_isRefused() {
    DataSet data = DataSet.ofLabels(SIX, new int[] {2}, new int[] {0, 1, 2});

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {0, 3}));

    assertEquals("index 3 (position 1) is out of range for a data set of 3 samples", e.getMessage());
  }

  @Test
  void head_takesFirstSamples() {
    DataSet data = DataSet.ofLabels(SIX, new int[] {2}, new int[] {0, 1, 2});

    DataSet head = data.head(2);

    assertEquals(2, head.size());
    assertArrayEquals(new float[] {0, 1, 2, 3}, head.features());
    assertArrayEquals(new int[] {0, 1}, head.labels());
    assertThrows(IllegalArgumentException.class, () -> data.head(4));
  }
}

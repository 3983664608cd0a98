package dev.unroll.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.runtime.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitTest {
  private final DataSet data = TestData.numbered(100, 3);

  @Test
  void of_partsAreDisjointAndCoverTheData() {
    Split split = Split.of(data, 0.2, 7);

    assertEquals(20, split.validation().size());
    assertEquals(80, split.train().size());
    float[] all = new float[100];
    System.arraycopy(split.train().features(), 0, all, 0, 80);
    System.arraycopy(split.validation().features(), 0, all, 80, 20);
    Arrays.sort(all);
    assertArrayEquals(data.features(), all);
  }

  @Test
  void of_keepsLabelsWithTheirSamplesAndTheirOrder() {
    DataSet train = Split.of(data, 0.3, 7).train();

    for (int i = 0; i < train.size(); i++) {
      assertEquals((int) train.features()[i] % 3, train.labels()[i]);
      if (i > 0) {
        assertEquals(true, train.features()[i - 1] < train.features()[i]);
      }
    }
  }

  @Test
  void of_sameSeed_sameSplit_otherSeed_otherSplit() {
    float[] first = Split.of(data, 0.2, 7).validation().features();

    assertArrayEquals(first, Split.of(data, 0.2, 7).validation().features());
    assertFalse(Arrays.equals(first, Split.of(data, 0.2, 8).validation().features()));
  }

  @Test
  void of_fractionLeavingAnEmptyPart_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Split.of(TestData.numbered(3, 2), 0.1, 1));

    assertEquals("a validation fraction of 0.1 of 3 samples leaves 0 for validation and 3 for training;"
        + " both need at least one", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Split.of(data, 1.0, 1));
  }

  @Test
  void shuffledIndices_isASeededPermutation() {
    int[] shuffled = Split.shuffledIndices(50, 3);

    assertArrayEquals(shuffled, Split.shuffledIndices(50, 3));
    assertFalse(Arrays.equals(Split.indices(50), shuffled));
    int[] sorted = shuffled.clone();
    Arrays.sort(sorted);
    assertArrayEquals(Split.indices(50), sorted);
  }
}

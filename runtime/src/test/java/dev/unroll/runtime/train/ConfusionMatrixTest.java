package dev.unroll.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  /** Class 0: 8 right, 2 taken for 1; class 1: 1 taken for 0, 4 right; class 2: never seen nor predicted. */
  private static ConfusionMatrix example() {
    ConfusionMatrix matrix = new ConfusionMatrix(3);
    for (int i = 0; i < 8; i++) {
      matrix.add(0, 0);
    }
    matrix.add(0, 1);
    matrix.add(0, 1);
    matrix.add(1, 0);
    for (int i = 0; i < 4; i++) {
      matrix.add(1, 1);
    }
    return matrix;
  }

  @Test
  void metrics_fromCounts() {
    ConfusionMatrix matrix = example();

    assertEquals(15, matrix.total());
    assertEquals(12, matrix.correct());
    assertEquals(0.8, matrix.accuracy(), 1e-12);
    assertEquals(8 / 9.0, matrix.precision(0), 1e-12);
    assertEquals(0.8, matrix.recall(0), 1e-12);
    assertEquals(4 / 6.0, matrix.precision(1), 1e-12);
    assertEquals(0.8, matrix.recall(1), 1e-12);
    assertTrue(Double.isNaN(matrix.precision(2)));
    assertTrue(Double.isNaN(matrix.recall(2)));
  }

  @Test
  void toString_alignedTable() {
    assertEquals(""
        + "actual \\ predicted       0       1       2  recall\n"
        + "                 0       8       2       0   80.0%\n"
        + "                 1       1       4       0   80.0%\n"
        + "                 2       0       0       0       -\n"
        + "         precision   88.9%   66.7%       -\n", example().toString());
  }
}

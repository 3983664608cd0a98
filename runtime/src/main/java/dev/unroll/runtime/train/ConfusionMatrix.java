package dev.unroll.runtime.train;

import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs: {@code count(a, p)} samples of class {@code a} were
 * predicted as {@code p}. The diagonal holds the correct predictions.
 */
public final class ConfusionMatrix {
  private static final String CORNER = "actual \\ predicted";
  private static final String PRECISION = "precision";
  private static final String RECALL = "recall";

  private final int[][] counts;

  /**
   * An empty matrix for classes {@code 0..classes-1}.
   *
   * @throws IllegalArgumentException if {@code classes < 1}
   */
  public ConfusionMatrix(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be positive, got " + classes);
    }
    counts = new int[classes][classes];
  }

  /**
   * Counts one sample of class {@code actual} predicted as {@code predicted}.
   *
   * @throws IndexOutOfBoundsException if a class is not in {@code [0, classes())}
   */
  public void add(int actual, int predicted) {
    counts[actual][predicted]++;
  }

  /** The number of classes. */
  public int classes() {
    return counts.length;
  }

  /** How many samples of class {@code actual} were predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** All counts, {@code [actual][predicted]}; a copy. */
  public int[][] counts() {
    int[][] copy = new int[counts.length][];
    for (int a = 0; a < counts.length; a++) {
      copy[a] = counts[a].clone();
    }
    return copy;
  }

  /** The number of samples counted. */
  public long total() {
    long total = 0;
    for (int[] row : counts) {
      for (int c : row) {
        total += c;
      }
    }
    return total;
  }

  /** The number of samples predicted correctly: the sum of the diagonal. */
  public long correct() {
    long correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    return correct;
  }

  /** The fraction of samples predicted correctly, or NaN if none were counted. */
  public double accuracy() {
    return ratio(correct(), total());
  }

  /**
   * Of the samples predicted as {@code c}, the fraction that really are {@code c}; NaN if none was predicted
   * as {@code c}.
   */
  public double precision(int c) {
    long predicted = 0;
    for (int[] row : counts) {
      predicted += row[c];
    }
    return ratio(counts[c][c], predicted);
  }

  /** Of the samples of class {@code c}, the fraction predicted as {@code c}; NaN if there were none. */
  public double recall(int c) {
    long actual = 0;
    for (int p : counts[c]) {
      actual += p;
    }
    return ratio(counts[c][c], actual);
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  /**
   * An aligned table: one row per actual class, one column per predicted class, the recall of each class at
   * the end of its row and the precision of each predicted class in the last row ({@code -} where undefined).
   */
  @Override
  public String toString() {
    int k = counts.length;
    int width = Math.max(Integer.toString(k - 1).length(), "100.0%".length());
    for (int[] row : counts) {
      for (int c : row) {
        width = Math.max(width, Integer.toString(c).length());
      }
    }
    int labelWidth = Math.max(CORNER.length(), PRECISION.length());
    StringBuilder table = new StringBuilder();
    pad(table, CORNER, labelWidth);
    for (int p = 0; p < k; p++) {
      pad(table.append("  "), Integer.toString(p), width);
    }
    table.append("  ").append(RECALL).append('\n');
    for (int a = 0; a < k; a++) {
      pad(table, Integer.toString(a), labelWidth);
      for (int p = 0; p < k; p++) {
        pad(table.append("  "), Integer.toString(counts[a][p]), width);
      }
      pad(table.append("  "), percent(recall(a)), RECALL.length());
      table.append('\n');
    }
    pad(table, PRECISION, labelWidth);
    for (int p = 0; p < k; p++) {
      pad(table.append("  "), percent(precision(p)), width);
    }
    return table.append('\n').toString();
  }

  private static void pad(StringBuilder out, String text, int width) {
    out.append(" ".repeat(Math.max(0, width - text.length()))).append(text);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}

package dev.unroll.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a table of numbers from CSV: one sample per line, the target column or columns chosen by index,
 * every other column a feature. Configured fluently and immutably:
 *
 * <pre>{@code
 * DataSet iris = Csv.labels(-1).header(true).read(Path.of("iris.csv"));      // last column: class index
 * DataSet houses = Csv.targets(13).separator(';').read(Path.of("houses.csv")); // column 13: real target
 * }</pre>
 *
 * <p>Column indices start at 0; a negative index counts from the end ({@code -1} is the last column).
 * Fields are trimmed; blank lines are skipped; a byte-order mark is ignored. Quoted fields are not
 * supported: every field must be a plain number. Errors name the source, the line number and the column:
 * a field that is not a number, a label that is not a non-negative integer, a line with a different number
 * of columns than the first one.
 */
public final class Csv {
  private static final int INITIAL_CAPACITY = 1024;

  private final int[] targetColumns;
  private final boolean labels;
  private final char separator;
  private final boolean header;

  private Csv(int[] targetColumns, boolean labels, char separator, boolean header) {
    this.targetColumns = targetColumns;
    this.labels = labels;
    this.separator = separator;
    this.header = header;
  }

  /** Reads column {@code column} as integer class labels ({@code 0, 1, 2...}); comma-separated, no header. */
  public static Csv labels(int column) {
    return new Csv(new int[] {column}, true, ',', false);
  }

  /**
   * Reads the given columns, in the given order, as real targets; comma-separated, no header.
   *
   * @throws IllegalArgumentException if no column is given (a column named twice is reported by {@code read})
   */
  public static Csv targets(int... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("name at least one target column");
    }
    return new Csv(columns.clone(), false, ',', false);
  }

  /** The same reader with another field separator. */
  public Csv separator(char separator) {
    return new Csv(targetColumns, labels, separator, header);
  }

  /** The same reader, skipping (or not) the first non-blank line as a header row. */
  public Csv header(boolean header) {
    return new Csv(targetColumns, labels, separator, header);
  }

  /** Reads a UTF-8 file. */
  public DataSet read(Path path) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(in, path.toString());
    }
  }

  /**
   * Reads CSV text; {@code source} names it in error messages.
   *
   * @throws IOException if reading fails or the text is not a table of numbers as configured
   */
  public DataSet read(Reader reader, String source) throws IOException {
    BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
    Layout layout = null;
    float[] features = new float[INITIAL_CAPACITY];
    float[] targets = labels ? null : new float[INITIAL_CAPACITY];
    int[] classes = labels ? new int[INITIAL_CAPACITY] : null;
    int rows = 0;
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      String[] fields = split(line);
      if (layout == null) {
        layout = new Layout(source, lineNumber, fields.length);
        if (header) {
          continue;
        }
      }
      layout.checkColumns(lineNumber, fields.length);
      features = numbers(fields, layout.featureColumns, features, rows, source, lineNumber);
      if (labels) {
        classes = ensure(classes, rows + 1);
        classes[rows] = label(fields, layout.resolvedTargets[0], source, lineNumber);
      } else {
        targets = numbers(fields, layout.resolvedTargets, targets, rows, source, lineNumber);
      }
      rows++;
    }
    if (rows == 0) {
      throw new IOException(source + ": no data rows");
    }
    int featureCount = layout.featureColumns.length;
    float[] f = Arrays.copyOf(features, rows * featureCount);
    int[] shape = {featureCount};
    return labels
        ? DataSet.ofLabels(f, shape, Arrays.copyOf(classes, rows))
        : DataSet.ofTargets(f, shape, Arrays.copyOf(targets, rows * targetColumns.length), targetColumns.length);
  }

  /** Which columns are features and which targets, fixed by the first non-blank line. */
  private final class Layout {
    final String source;
    final int firstLine;
    final int columns;
    final int[] resolvedTargets;
    final int[] featureColumns;

    Layout(String source, int firstLine, int columns) throws IOException {
      this.source = source;
      this.firstLine = firstLine;
      this.columns = columns;
      this.resolvedTargets = new int[targetColumns.length];
      boolean[] isTarget = new boolean[columns];
      for (int k = 0; k < targetColumns.length; k++) {
        int given = targetColumns[k];
        int column = given < 0 ? columns + given : given;
        if (column < 0 || column >= columns) {
          throw new IOException(source + ": target column " + given + " does not exist; line " + firstLine + " has "
              + columns + " columns");
        }
        if (isTarget[column]) {
          throw new IOException(source + ": column " + column + " is named twice as a target");
        }
        isTarget[column] = true;
        resolvedTargets[k] = column;
      }
      featureColumns = new int[columns - resolvedTargets.length];
      if (featureColumns.length == 0) {
        throw new IOException(source + ": every one of the " + columns + " columns is a target; no features left");
      }
      for (int column = 0, k = 0; column < columns; column++) {
        if (!isTarget[column]) {
          featureColumns[k++] = column;
        }
      }
    }

    void checkColumns(int lineNumber, int found) throws IOException {
      if (found != columns) {
        throw new IOException(source + " line " + lineNumber + ": expected " + columns + " columns (as on line "
            + firstLine + "), found " + found);
      }
    }
  }

  private String[] split(String line) {
    int count = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == separator) {
        count++;
      }
    }
    String[] fields = new String[count];
    int start = 0;
    for (int k = 0; k < count; k++) {
      int end = k == count - 1 ? line.length() : line.indexOf(separator, start);
      fields[k] = line.substring(start, end).trim();
      start = end + 1;
    }
    return fields;
  }

  /** Parses the given columns of one line into row {@code row} of {@code into}, grown if needed; returns it. */
  private static float[] numbers(String[] fields, int[] columns, float[] into, int row, String source, int lineNumber)
      throws IOException {
    float[] values = ensure(into, (row + 1) * columns.length);
    for (int k = 0; k < columns.length; k++) {
      try {
        values[row * columns.length + k] = Float.parseFloat(fields[columns[k]]);
      } catch (NumberFormatException e) {
        throw fieldError(fields, columns[k], source, lineNumber, "is not a number");
      }
    }
    return values;
  }

  private static int label(String[] fields, int column, String source, int lineNumber) throws IOException {
    int label;
    try {
      label = Integer.parseInt(fields[column]);
    } catch (NumberFormatException e) {
      throw fieldError(fields, column, source, lineNumber, "is not an integer class label");
    }
    if (label < 0) {
      throw fieldError(fields, column, source, lineNumber, "is negative; class labels must be >= 0");
    }
    return label;
  }

  private static IOException fieldError(String[] fields, int column, String source, int lineNumber, String problem) {
    return new IOException(source + " line " + lineNumber + ", column " + column + ": '" + fields[column] + "' "
        + problem);
  }

  private static float[] ensure(float[] a, int length) {
    return length <= a.length ? a : Arrays.copyOf(a, Math.max(length, 2 * a.length));
  }

  private static int[] ensure(int[] a, int length) {
    return length <= a.length ? a : Arrays.copyOf(a, Math.max(length, 2 * a.length));
  }
}

package dev.unroll.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  @Test
  void labels_lastColumnWithHeader_fromFile() throws IOException {
    Path file = Files.writeString(dir.resolve("iris.csv"), "\uFEFFa,b,species\n1.5, 2 ,0\n\n3,4e1,2\r\n");

    DataSet data = Csv.labels(-1).header(true).read(file);

    assertEquals(2, data.size());
    assertArrayEquals(new int[] {2}, data.featureShape());
    assertArrayEquals(new float[] {1.5f, 2, 3, 40}, data.features());
    assertArrayEquals(new int[] {0, 2}, data.labels());
  }

  @Test
  void targets_severalColumnsAndSeparator_keepGivenOrder() throws IOException {
    DataSet data = Csv.targets(2, 0).separator(';').read(new StringReader("1;2;3;4\n5;6;7;8\n"), "t.csv");

    assertArrayEquals(new float[] {2, 4, 6, 8}, data.features());
    assertEquals(2, data.targetSize());
    assertArrayEquals(new float[] {3, 1, 7, 5}, data.targets());
  }

  @Test
  void badNumber_namesLineAndColumn() {
    IOException e = assertThrows(IOException.class,
        () -> Csv.labels(0).header(true).read(new StringReader("y,x\n1,2\n0,abc\n"), "data.csv"));

    assertEquals("data.csv line 3, column 1: 'abc' is not a number", e.getMessage());
  }

  @Test
  void fractionalLabel_isRefused() {
    IOException e = assertThrows(IOException.class,
        () -> Csv.labels(1).read(new StringReader("1,2\n3,0.5\n"), "data.csv"));

    assertEquals("data.csv line 2, column 1: '0.5' is not an integer class label", e.getMessage());
  }

  @Test
  void negativeLabel_isRefused() {
    IOException e = assertThrows(IOException.class, () -> Csv.labels(1).read(new StringReader("1,-2\n"), "d.csv"));

    assertEquals("d.csv line 1, column 1: '-2' is negative; class labels must be >= 0", e.getMessage());
  }

  @Test
  void wrongColumnCount_namesBothLines() {
    IOException e = assertThrows(IOException.class,
        () -> Csv.labels(-1).header(true).read(new StringReader("a,b,c\n1,2,0\n1,0\n"), "data.csv"));

    assertEquals("data.csv line 3: expected 3 columns (as on line 1), found 2", e.getMessage());
  }

  @Test
  void missingTargetColumn_isRefused() {
    IOException e = assertThrows(IOException.class, () -> Csv.targets(5).read(new StringReader("1,2\n"), "d.csv"));

    assertEquals("d.csv: target column 5 does not exist; line 1 has 2 columns", e.getMessage());
  }

  @Test
  void headerOnly_isRefused() {
    IOException e = assertThrows(IOException.class,
        () -> Csv.labels(0).header(true).read(new StringReader("a,b\n\n"), "d.csv"));

    assertEquals("d.csv: no data rows", e.getMessage());
  }
}

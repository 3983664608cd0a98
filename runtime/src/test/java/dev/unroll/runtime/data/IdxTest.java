package dev.unroll.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  /** Two 2x3 images. */
  private static final byte[] PIXELS = {0, 1, 2, 3, 4, (byte) 255, 10, 20, 30, 40, 50, 60};

  @TempDir Path dir;

  @Test
  void readImages_rawFile_givesValuesAndShape() throws IOException {
    Path file = write("images", false, idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS));

    Idx.Images images = Idx.readImages(file);

    assertArrayEquals(new int[] {2, 2, 3}, images.shape());
    assertEquals(2, images.count());
    assertArrayEquals(new int[] {2, 3}, images.imageShape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 255, 10, 20, 30, 40, 50, 60}, images.values());
  }

  @Test
  void readImages_gzipDetectedByMagicNotName() throws IOException {
    byte[] raw = idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS);
    Path zippedWithoutSuffix = write("images.idx", true, raw);
    Path rawWithGzSuffix = write("images.gz", false, raw);

    assertArrayEquals(Idx.readImages(rawWithGzSuffix).values(), Idx.readImages(zippedWithoutSuffix).values());
  }

  @Test
  void load_scalesPixelsAndPairsLabels() throws IOException {
    Path images = write("images", true, idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS));
    Path labels = write("labels", false, idx(LABELS_MAGIC, new int[] {2}, new byte[] {7, (byte) 200}));

    DataSet data = Idx.load(images, labels, 1 / 255f);

    assertEquals(2, data.size());
    assertArrayEquals(new int[] {2, 3}, data.featureShape());
    assertArrayEquals(new int[] {7, 200}, data.labels());
    assertEquals(1f, data.features()[5]);
    assertEquals(10 / 255f, data.features()[6]);
  }

  @Test
  void load_countMismatch_isRefused() throws IOException {
    Path images = write("images", false, idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS));
    Path labels = write("labels", false, idx(LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 3}));

    IOException e = assertThrows(IOException.class, () -> Idx.load(images, labels, 1f));

    assertEquals(images + " holds 2 images but " + labels + " holds 3 labels; expected the same count", e.getMessage());
  }

  @Test
  void readImages_labelsFile_isRefusedNamingBothMagics() throws IOException {
    Path labels = write("labels", false, idx(LABELS_MAGIC, new int[] {2}, new byte[] {1, 2}));

    IOException e = assertThrows(IOException.class, () -> Idx.readImages(labels));

    assertEquals(labels + ": expected IDX magic 0x00000803 (unsigned bytes, 3 dimensions), found 0x00000801"
        + " (unsigned bytes, 1 dimension)", e.getMessage());
  }

  @Test
  void readLabels_notIdx_isRefused() throws IOException {
    Path text = write("notes.txt", false, "hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    IOException e = assertThrows(IOException.class, () -> Idx.readLabels(text));

    assertTrue(e.getMessage().endsWith("found 0x68656C6C (not an IDX file)"), e.getMessage());
  }

  @Test
  void readImages_truncatedData_isRefusedWithCounts() throws IOException {
    byte[] full = idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS);
    Path file = write("images", false, Arrays.copyOf(full, full.length - 5));

    IOException e = assertThrows(IOException.class, () -> Idx.readImages(file));

    assertEquals(file + ": truncated: dimensions [2, 2, 3] need 12 bytes of data, the file has 7", e.getMessage());
  }

  @Test
  void readImages_truncatedHeader_isRefused() throws IOException {
    Path file = write("images", false, Arrays.copyOf(idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS), 10));

    IOException e = assertThrows(IOException.class, () -> Idx.readImages(file));

    assertEquals(file + ": truncated: the file ends inside the header, while reading the size of dimension 1",
        e.getMessage());
  }

  @Test
  void readImages_truncatedGzip_isRefused() throws IOException {
    Path whole = write("whole", true, idx(IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS));
    byte[] zipped = Files.readAllBytes(whole);
    Path file = write("cut", false, Arrays.copyOf(zipped, zipped.length - 12));

    IOException e = assertThrows(IOException.class, () -> Idx.readImages(file));

    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void readLabels_trailingData_isRefused() throws IOException {
    byte[] bytes = idx(LABELS_MAGIC, new int[] {2}, new byte[] {1, 2, 3});
    Path file = write("labels", false, bytes);

    IOException e = assertThrows(IOException.class, () -> Idx.readLabels(file));

    assertEquals(file + ": more data than dimensions [2] describe (2 bytes); not a single IDX array", e.getMessage());
  }

  @Test
  void load_projectMnistTestDigits_hasTwoThousandDigitsInRange() throws IOException {
    Path mnist = Path.of("..", "samples", "data", "mnist"); // the project's copy of the real digits

    DataSet digits = Idx.load(mnist.resolve("test-images-idx3-ubyte.gz"), mnist.resolve("test-labels-idx1-ubyte.gz"),
        1 / 255f);

    assertEquals(2000, digits.size());
    assertArrayEquals(new int[] {28, 28}, digits.featureShape());
    assertEquals(10, digits.numClasses());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : digits.features()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  /** An IDX file: magic, dimension sizes, then the given bytes (which need not match the sizes). */
  private static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
    buffer.putInt(magic);
    for (int d : dims) {
      buffer.putInt(d);
    }
    return buffer.put(data).array();
  }

  private Path write(String name, boolean gzip, byte[] bytes) throws IOException {
    byte[] content = bytes;
    if (gzip) {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
        out.write(bytes);
      }
      content = zipped.toByteArray();
    }
    return Files.write(dir.resolve(name), content);
  }
}

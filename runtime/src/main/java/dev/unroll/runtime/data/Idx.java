package dev.unroll.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and its relatives: a big-endian 32-bit magic number (two zero
 * bytes, a type code, the number of dimensions), one big-endian 32-bit size per dimension, then the
 * values in row-major order. Only unsigned bytes (type code {@code 0x08}) are read: 3-d images
 * (magic {@code 0x00000803}) and 1-d labels ({@code 0x00000801}).
 *
 * <p>Files may be raw or gzipped; gzip is recognised by its magic bytes {@code 0x1f 0x8b}, not by the
 * file name. Wrong magic numbers, truncated files, trailing data and corrupt gzip streams are refused
 * with an {@link IOException} that names the file and says what was expected and what was found.
 */
public final class Idx {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;
  private static final int BUFFER_BYTES = 1 << 16;

  private Idx() {}

  /**
   * Images as read from an IDX file: {@code values} holds {@code shape[0]} images of
   * {@code shape[1] x shape[2]} values, one after another, each in {@code [0, 255]}.
   *
   * @param values the pixel values, unscaled
   * @param shape {@code {count, rows, columns}}
   */
  public record Images(float[] values, int[] shape) {
    /** The number of images. */
    public int count() {
      return shape[0];
    }

    /** The shape of one image: {@code {rows, columns}}. */
    public int[] imageShape() {
      return Arrays.copyOfRange(shape, 1, shape.length);
    }
  }

  /** Reads a 3-d unsigned-byte IDX file (magic {@code 0x00000803}) as unscaled floats in {@code [0, 255]}. */
  public static Images readImages(Path path) throws IOException {
    Contents images = read(path, 3);
    return new Images(toFloats(images.bytes, 1f), images.dims);
  }

  /** Reads a 1-d unsigned-byte IDX file (magic {@code 0x00000801}) as class labels in {@code [0, 255]}. */
  public static int[] readLabels(Path path) throws IOException {
    byte[] bytes = read(path, 1).bytes;
    int[] labels = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      labels[i] = Byte.toUnsignedInt(bytes[i]);
    }
    return labels;
  }

  /**
   * Reads images and their labels into a data set whose samples have shape {@code {rows, columns}}, each
   * pixel multiplied by {@code scale} ({@code 1 / 255f} maps them to {@code [0, 1]}).
   *
   * @throws IOException if a file cannot be read or is not a valid IDX file of its kind, or if the number of
   *     images differs from the number of labels
   */
  public static DataSet load(Path images, Path labels, float scale) throws IOException {
    Contents pixels = read(images, 3);
    int[] classes = readLabels(labels);
    if (pixels.dims[0] != classes.length) {
      throw new IOException(images + " holds " + pixels.dims[0] + " images but " + labels + " holds "
          + classes.length + " labels; expected the same count");
    }
    int[] imageShape = {pixels.dims[1], pixels.dims[2]};
    return DataSet.ofLabels(toFloats(pixels.bytes, scale), imageShape, classes);
  }

  private static float[] toFloats(byte[] bytes, float scale) {
    float[] values = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = Byte.toUnsignedInt(bytes[i]) * scale;
    }
    return values;
  }

  /** The dimension sizes and raw bytes of an unsigned-byte IDX file. */
  private record Contents(int[] dims, byte[] bytes) {}

  private static Contents read(Path path, int dimensions) throws IOException {
    try (InputStream in = open(path)) {
      int expectedMagic = UNSIGNED_BYTE << 8 | dimensions;
      int magic = readInt(in, path, "the magic number");
      if (magic != expectedMagic) {
        throw new IOException(path + ": expected IDX magic " + hex(expectedMagic) + " (" + describe(expectedMagic)
            + "), found " + hex(magic) + " (" + describe(magic) + ")");
      }
      int[] dims = new int[dimensions];
      long count = 1;
      for (int d = 0; d < dimensions; d++) {
        dims[d] = readInt(in, path, "the size of dimension " + d);
        if (dims[d] < 0) {
          throw new IOException(path + ": dimension " + d + " has negative size " + dims[d]);
        }
        count *= dims[d];
        if (count > Integer.MAX_VALUE - 8) {
          throw new IOException(path + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, d + 1))
              + " hold more values than a Java array can");
        }
      }
      byte[] bytes = new byte[(int) count];
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read < bytes.length) {
        throw new IOException(path + ": truncated: dimensions " + Arrays.toString(dims) + " need " + bytes.length
            + " bytes of data, the file has " + read);
      }
      if (in.read() != -1) {
        throw new IOException(path + ": more data than dimensions " + Arrays.toString(dims) + " describe ("
            + bytes.length + " bytes); not a single IDX array");
      }
      return new Contents(dims, bytes);
    } catch (ZipException | EOFException e) {
      throw new IOException(path + ": corrupt or truncated gzip data: " + e.getMessage(), e);
    }
  }

  /** Opens the file, unzipping it on the fly if it starts with the gzip magic bytes. */
  private static InputStream open(Path path) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
    try {
      in.mark(2);
      boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
      in.reset();
      return gzip ? new GZIPInputStream(in, BUFFER_BYTES) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static int readInt(InputStream in, Path path, String what) throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length < 4) {
      throw new IOException(path + ": truncated: the file ends inside the header, while reading " + what);
    }
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static String hex(int magic) {
    return String.format("0x%08X", magic);
  }

  private static String describe(int magic) {
    if ((magic >>> 16) != 0) {
      return "not an IDX file";
    }
    int dims = magic & 0xFF;
    return typeName((magic >>> 8) & 0xFF) + ", " + dims + (dims == 1 ? " dimension" : " dimensions");
  }

  private static String typeName(int code) {
    switch (code) {
      case 0x08: return "unsigned bytes";
      case 0x09: return "signed bytes";
      case 0x0B: return "16-bit integers";
      case 0x0C: return "32-bit integers";
      case 0x0D: return "32-bit floats";
      case 0x0E: return "64-bit floats";
      default: return "unknown type 0x" + Integer.toHexString(code);
    }
  }
}

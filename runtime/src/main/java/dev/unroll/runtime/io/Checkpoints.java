package dev.unroll.runtime.io;

import dev.unroll.runtime.Model;
import dev.unroll.runtime.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a model's {@link Model#parameters() parameters} as a
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> file, so that weights move between
 * Unroll and PyTorch ({@code safetensors.torch.load_file}) unchanged:
 *
 * <ul>
 *   <li>8 bytes: the header length {@code N}, an unsigned little-endian 64-bit integer;
 *   <li>{@code N} bytes: a UTF-8 JSON object, padded with spaces to a multiple of 8 bytes, mapping each tensor
 *       name to its {@code dtype}, {@code shape} and {@code data_offsets} ({@code [begin, end)} in bytes, counted
 *       from the first byte after the header), plus {@code "__metadata__"}: {@code {"format": "pt",
 *       "unroll.model": <model name>}};
 *   <li>the tensors' values, little-endian, one tensor after another in the order of
 *       {@link Model#parameters()}, each in the row-major order of its PyTorch-layout shape.
 * </ul>
 *
 * <p>{@link #save(Model, Path)} writes {@code F32}, whatever precision the model computes in: a model in double
 * precision is rounded to float, which is what PyTorch models usually hold. To keep every bit of a double model,
 * save with {@link Dtype#F64}. Saving is atomic: a crash or an error leaves either the old file or the new one,
 * never a mix. Loading reads {@code F32} and {@code F64} files into a model of either precision, and changes
 * nothing unless the whole file is valid and fits the model.
 */
public final class Checkpoints {
  private static final String METADATA = "__metadata__";
  private static final String FORMAT_KEY = "format";
  private static final String FORMAT = "pt";
  private static final String MODEL_KEY = "unroll.model";
  private static final int LENGTH_BYTES = Long.BYTES;
  private static final int HEADER_ALIGNMENT = 8;
  private static final long MAX_HEADER_BYTES = 100_000_000L; // the limit of the reference implementation
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8; // the largest Java array

  private Checkpoints() {}

  /** Saves the model's parameters as {@link Dtype#F32}; see {@link #save(Model, Path, Dtype)}. */
  public static void save(Model model, Path path) throws IOException {
    save(model, path, Dtype.F32);
  }

  /**
   * Saves the model's parameters in the given precision. The file is written to a temporary file beside
   * {@code path}, forced to disk and then moved over {@code path} atomically; on any failure the temporary
   * file is deleted and an existing file at {@code path} is left untouched.
   *
   * @throws IOException if writing fails, or the file system cannot replace files atomically
   */
  public static void save(Model model, Path path, Dtype dtype) throws IOException {
    Map<String, Tensor> parameters = model.parameters();
    byte[] header = header(model.name(), parameters, dtype);
    Path target = path.toAbsolutePath();
    Path directory = target.getParent();
    Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + System.nanoTime() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeData(channel, header, parameters, dtype);
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (Throwable e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    forceDirectory(directory);
  }

  /**
   * Loads a checkpoint into the model's parameters. Everything is checked before anything is copied: the file
   * is read whole and must be a valid safetensors file, with exactly the model's tensor names (no fewer, no
   * more) and for each the model's shape; otherwise the model is left unchanged. The metadata's model name is
   * not required to match (a checkpoint from PyTorch has none), but is mentioned when the tensors do not fit.
   *
   * @throws CheckpointException naming every problem: truncation, malformed header, unsupported dtype, missing
   *     or unexpected tensors, wrong shapes
   * @throws IOException if the file cannot be read
   */
  public static void load(Model model, Path path) throws IOException {
    Contents checkpoint = readContents(path);
    Map<String, Tensor> parameters = model.parameters();
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      StoredTensor stored = checkpoint.tensors.get(name);
      int[] expected = parameter.getValue().shape();
      if (stored == null) {
        missing.add(name);
      } else if (!Arrays.equals(stored.shape(), expected)) {
        problems.add(name + ": checkpoint has " + Arrays.toString(stored.shape()) + ", model expects "
            + Arrays.toString(expected));
      } else if (!parameter.getValue().writable()) {
        problems.add(name + ": the model's view is read-only");
      }
    }
    List<String> unexpected = new ArrayList<>(checkpoint.tensors.keySet());
    unexpected.removeAll(parameters.keySet());
    if (!unexpected.isEmpty()) {
      problems.add(0, "not in the model: " + String.join(", ", unexpected));
    }
    if (!missing.isEmpty()) {
      problems.add(0, "missing from the checkpoint: " + String.join(", ", missing));
    }
    if (!problems.isEmpty()) {
      String savedFrom = checkpoint.metadata.get(MODEL_KEY);
      String origin = savedFrom == null || savedFrom.equals(model.name()) ? ""
          : " (the checkpoint was saved from model " + savedFrom + ")";
      throw new CheckpointException(path + " does not fit model " + model.name() + origin + ": "
          + String.join("; ", problems));
    }
    for (Map.Entry<String, Tensor> parameter : parameters.entrySet()) {
      checkpoint.tensors.get(parameter.getKey()).copyTo(parameter.getValue());
    }
  }

  /**
   * Reads every tensor of a safetensors file (F32 or F64), by name in header order, for inspection.
   *
   * @throws CheckpointException if the file is truncated or malformed, or holds another dtype
   */
  public static Map<String, StoredTensor> read(Path path) throws IOException {
    return readContents(path).tensors;
  }

  /**
   * The {@code "__metadata__"} of a safetensors file (empty if it has none); reads only the header.
   *
   * @throws CheckpointException if the header is malformed
   */
  public static Map<String, String> metadata(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return readHeader(channel, path).metadata;
    }
  }

  // ---- writing

  /** The JSON header, padded with spaces to a multiple of {@link #HEADER_ALIGNMENT} bytes. */
  private static byte[] header(String modelName, Map<String, Tensor> parameters, Dtype dtype) {
    StringBuilder json = new StringBuilder("{").append(Json.quote(METADATA)).append(":{")
        .append(Json.quote(FORMAT_KEY)).append(':').append(Json.quote(FORMAT)).append(',')
        .append(Json.quote(MODEL_KEY)).append(':').append(Json.quote(modelName)).append('}');
    long offset = 0;
    for (Map.Entry<String, Tensor> parameter : parameters.entrySet()) {
      Tensor tensor = parameter.getValue();
      long end = offset + (long) tensor.size() * dtype.bytes();
      json.append(',').append(Json.quote(parameter.getKey())).append(":{\"dtype\":\"").append(dtype.name())
          .append("\",\"shape\":[");
      int[] shape = tensor.shape();
      for (int d = 0; d < shape.length; d++) {
        json.append(d == 0 ? "" : ",").append(shape[d]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    byte[] utf8 = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(utf8, (utf8.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT);
    Arrays.fill(padded, utf8.length, padded.length, (byte) ' ');
    return padded;
  }

  private static void writeData(FileChannel channel, byte[] header, Map<String, Tensor> parameters, Dtype dtype)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(header.length);
    drain(channel, buffer);
    writeFully(channel, ByteBuffer.wrap(header));
    for (Tensor tensor : parameters.values()) {
      for (int i = 0, n = tensor.size(); i < n; i++) {
        if (buffer.remaining() < dtype.bytes()) {
          drain(channel, buffer);
        }
        if (dtype == Dtype.F32) {
          buffer.putFloat(tensor.get(i));
        } else {
          buffer.putDouble(tensor.getDouble(i));
        }
      }
    }
    drain(channel, buffer);
  }

  /** Writes what the buffer holds and empties it. */
  private static void drain(FileChannel channel, ByteBuffer buffer) throws IOException {
    buffer.flip();
    writeFully(channel, buffer);
    buffer.clear();
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The file itself is complete and in place; only the durability of its directory entry is best-effort.
    }
  }

  // ---- reading

  /** A tensor's entry in the header: where its values are and how to read them. */
  private record Entry(String name, Dtype dtype, int[] shape, int count, long begin, long end) {}

  /** The header of a checkpoint file. */
  private record Header(Map<String, String> metadata, List<Entry> entries, long dataStart) {}

  /** A whole checkpoint in memory. */
  private record Contents(Map<String, String> metadata, Map<String, StoredTensor> tensors) {}

  private static Contents readContents(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      Header header = readHeader(channel, path);
      Map<String, StoredTensor> tensors = new LinkedHashMap<>();
      for (Entry entry : header.entries) {
        tensors.put(entry.name, readTensor(channel, path, header.dataStart + entry.begin, entry));
      }
      return new Contents(header.metadata, Collections.unmodifiableMap(tensors));
    }
  }

  private static Header readHeader(FileChannel channel, Path path) throws IOException {
    long fileSize = channel.size();
    if (fileSize < LENGTH_BYTES) {
      throw new CheckpointException(path + ": truncated: the file has " + fileSize + " bytes, fewer than the "
          + LENGTH_BYTES + " of the header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, path, 0, lengthBytes);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength < 0 || headerLength > fileSize - LENGTH_BYTES) {
      throw new CheckpointException(path + ": header length " + Long.toUnsignedString(headerLength)
          + " goes beyond the end of the file (" + fileSize + " bytes): truncated, or not a safetensors file");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new CheckpointException(path + ": header length " + headerLength + " is over the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, path, LENGTH_BYTES, headerBytes);
    Object root;
    try {
      root = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(headerBytes.flip()).toString());
    } catch (CharacterCodingException e) {
      throw new CheckpointException(path + ": bad header: not valid UTF-8");
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(path + ": bad header JSON " + e.getMessage());
    }
    if (!(root instanceof Map)) {
      throw new CheckpointException(path + ": bad header: expected a JSON object");
    }
    Map<String, String> metadata = Map.of();
    List<Entry> entries = new ArrayList<>();
    long dataEnd = 0;
    for (Map.Entry<?, ?> field : ((Map<?, ?>) root).entrySet()) {
      String name = (String) field.getKey();
      if (name.equals(METADATA)) {
        metadata = metadata(path, field.getValue());
      } else {
        Entry entry = entry(path, name, field.getValue());
        entries.add(entry);
        dataEnd = Math.max(dataEnd, entry.end);
      }
    }
    long dataStart = LENGTH_BYTES + headerLength;
    long available = fileSize - dataStart;
    if (dataEnd > available) {
      throw new CheckpointException(path + ": truncated: header says " + dataEnd + " bytes of data, file has "
          + available);
    }
    return new Header(metadata, entries, dataStart);
  }

  private static Map<String, String> metadata(Path path, Object value) throws CheckpointException {
    if (!(value instanceof Map)) {
      throw new CheckpointException(path + ": bad header: " + METADATA + " is not an object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> field : ((Map<?, ?>) value).entrySet()) {
      if (!(field.getValue() instanceof String)) {
        throw new CheckpointException(path + ": bad header: " + METADATA + "." + field.getKey() + " is not a string");
      }
      metadata.put((String) field.getKey(), (String) field.getValue());
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static Entry entry(Path path, String name, Object value) throws CheckpointException {
    String where = path + ": " + name + ": ";
    if (!(value instanceof Map)) {
      throw new CheckpointException(where + "expected an object with dtype, shape and data_offsets");
    }
    Map<?, ?> fields = (Map<?, ?>) value;
    Object dtypeName = fields.get("dtype");
    if (!(dtypeName instanceof String)) {
      throw new CheckpointException(where + "no \"dtype\" string");
    }
    Dtype dtype = Arrays.stream(Dtype.values()).filter(d -> d.name().equals(dtypeName)).findFirst()
        .orElseThrow(() -> new CheckpointException(where + "dtype " + dtypeName + " is not supported; Unroll reads "
            + Arrays.toString(Dtype.values())));
    long[] shape = naturals(where, fields.get("shape"), "shape");
    long[] offsets = naturals(where, fields.get("data_offsets"), "data_offsets");
    if (offsets.length != 2 || offsets[1] < offsets[0]) {
      throw new CheckpointException(where + "data_offsets " + Arrays.toString(offsets) + " is not a range [begin, end]");
    }
    long count = 1;
    int[] intShape = new int[shape.length];
    for (int d = 0; d < shape.length; d++) {
      count *= shape[d];
      if (count > MAX_ELEMENTS) {
        throw new CheckpointException(where + "shape " + Arrays.toString(shape) + " has more elements than "
            + MAX_ELEMENTS);
      }
      intShape[d] = (int) shape[d];
    }
    long bytes = offsets[1] - offsets[0];
    if (bytes != count * dtype.bytes()) {
      throw new CheckpointException(where + "data_offsets " + Arrays.toString(offsets) + " span " + bytes
          + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + count * dtype.bytes());
    }
    return new Entry(name, dtype, intShape, (int) count, offsets[0], offsets[1]);
  }

  /** A JSON array of non-negative integers. */
  private static long[] naturals(String where, Object value, String field) throws CheckpointException {
    if (!(value instanceof List)) {
      throw new CheckpointException(where + "no \"" + field + "\" array");
    }
    List<?> list = (List<?>) value;
    long[] numbers = new long[list.size()];
    for (int i = 0; i < numbers.length; i++) {
      Object element = list.get(i);
      if (!(element instanceof Long) || (Long) element < 0) {
        throw new CheckpointException(where + field + " " + list + " must hold non-negative integers");
      }
      numbers[i] = (Long) element;
    }
    return numbers;
  }

  /** Reads a tensor's values in chunks of at most {@link #BUFFER_BYTES}. */
  private static StoredTensor readTensor(FileChannel channel, Path path, long position, Entry entry)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int elementsPerChunk = BUFFER_BYTES / entry.dtype.bytes();
    float[] floats = entry.dtype == Dtype.F32 ? new float[entry.count] : null;
    double[] doubles = entry.dtype == Dtype.F64 ? new double[entry.count] : null;
    for (int i = 0; i < entry.count; i += elementsPerChunk) {
      int n = Math.min(elementsPerChunk, entry.count - i);
      buffer.clear().limit(n * entry.dtype.bytes());
      readFully(channel, path, position + (long) i * entry.dtype.bytes(), buffer);
      buffer.flip();
      if (floats != null) {
        buffer.asFloatBuffer().get(floats, i, n);
      } else {
        buffer.asDoubleBuffer().get(doubles, i, n);
      }
    }
    return floats != null ? StoredTensor.ofFloats(entry.shape, floats) : StoredTensor.ofDoubles(entry.shape, doubles);
  }

  /** Fills the buffer from the file, starting at {@code position}. */
  private static void readFully(FileChannel channel, Path path, long position, ByteBuffer buffer) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new CheckpointException(path + ": truncated: the file ended at byte " + at + " while reading");
      }
      at += read;
    }
  }
}

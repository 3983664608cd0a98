package dev.unroll.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.runtime.LossKind;
import dev.unroll.runtime.Model;
import dev.unroll.runtime.Tensor;
import dev.unroll.runtime.Tensors;
import dev.unroll.runtime.testing.LinearModel;
import dev.unroll.runtime.testing.StubModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path dir;

  @Test
  void saveThenLoad_restoresEveryBitAndTheOrder() throws IOException {
    LinearModel saved = model(1);
    Path file = dir.resolve("linear.safetensors");
    Checkpoints.save(saved, file);

    LinearModel loaded = model(2);
    Checkpoints.load(loaded, file);

    assertArrayEquals(saved.weight().toFloatArray(), loaded.weight().toFloatArray());
    assertArrayEquals(saved.bias().toFloatArray(), loaded.bias().toFloatArray());
    assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(Checkpoints.read(file).keySet()));
  }

  @Test
  void save_writesSafetensorsLayout() throws IOException {
    LinearModel model = model(1);
    Path file = dir.resolve("linear.safetensors");

    Checkpoints.save(model, file);

    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) bytes.getLong(0);
    assertEquals(0, headerLength % 8);
    String header = new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8);
    assertEquals("{\"__metadata__\":{\"format\":\"pt\",\"unroll.model\":\"Linear\"},"
        + "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]},"
        + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}}", header.stripTrailing());
    assertEquals(8 + headerLength + 60, bytes.capacity());
    assertEquals(model.weight().get(0), bytes.getFloat(8 + headerLength));
    assertEquals(model.weight().at(0, 1), bytes.getFloat(8 + headerLength + 4)); // row-major [out, in]
    assertEquals(model.bias().get(2), bytes.getFloat(8 + headerLength + 56));
    assertEquals(Map.of("format", "pt", "unroll.model", "Linear"), Checkpoints.metadata(file));
  }

  @Test
  void saveF64_keepsDoublesExactly_saveF32_roundsThem() throws IOException {
    double[] values = {Math.PI, -1e-300, 1.0 / 3};
    Model doubles = new StubModel("Precise", "w", Tensors.vector(values));
    Path f64 = dir.resolve("f64.safetensors");
    Path f32 = dir.resolve("f32.safetensors");

    Checkpoints.save(doubles, f64, Dtype.F64);
    Checkpoints.save(doubles, f32);

    StoredTensor exact = Checkpoints.read(f64).get("w");
    assertEquals(Dtype.F64, exact.dtype());
    assertArrayEquals(values, exact.toDoubleArray());
    double[] back = new double[3];
    Checkpoints.load(new StubModel("Precise", "w", Tensors.vector(back)), f32);
    assertArrayEquals(new double[] {(float) Math.PI, (float) -1e-300, (float) (1.0 / 3)}, back);
  }

  @Test
  void load_f64CheckpointIntoFloatModel_roundsToFloat() throws IOException {
    Path file = dir.resolve("f64.safetensors");
    Checkpoints.save(new StubModel("M", "w", Tensors.vector(new double[] {0.1, 0.2})), file, Dtype.F64);
    float[] target = new float[2];

    Checkpoints.load(new StubModel("M", "w", Tensors.vector(target)), file);

    assertArrayEquals(new float[] {0.1f, 0.2f}, target);
  }

  @Test
  void read_givesShapesAndValues() throws IOException {
    LinearModel model = model(1);
    Path file = dir.resolve("linear.safetensors");
    Checkpoints.save(model, file);

    StoredTensor weight = Checkpoints.read(file).get("fc.weight");

    assertArrayEquals(new int[] {3, 4}, weight.shape());
    assertEquals(Dtype.F32, weight.dtype());
    assertArrayEquals(model.weight().toFloatArray(), weight.toFloatArray());
    assertEquals(model.weight().at(2, 3), weight.at(2, 3));
  }

  @Test
  void save_failingMidWrite_leavesOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("linear.safetensors");
    Checkpoints.save(model(1), file);
    byte[] before = Files.readAllBytes(file);
    Tensor failing = new FailingTensor(Tensors.vector(new float[100_000]), 70_000);

    RuntimeException e = assertThrows(RuntimeException.class,
        () -> Checkpoints.save(new StubModel("Linear", "fc.weight", failing), file));

    assertEquals("disk on fire at element 70000", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(List.of(file), listDir());
  }

  @Test
  void load_truncatedData_isRefusedWithSizes() throws IOException {
    Path file = savedModel();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(2), file));

    assertEquals(file + ": truncated: header says 60 bytes of data, file has 56", e.getMessage());
  }

  @Test
  void load_headerLengthBeyondFile_isRefused() throws IOException {
    Path file = savedModel();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, 100));

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(2), file));

    assertTrue(e.getMessage().matches(".*: header length \\d+ goes beyond the end of the file \\(100 bytes\\).*"),
        e.getMessage());
  }

  @Test
  void load_tinyFile_isRefused() throws IOException {
    Path file = Files.write(dir.resolve("tiny"), new byte[] {1, 2, 3});

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(2), file));

    assertEquals(file + ": truncated: the file has 3 bytes, fewer than the 8 of the header length", e.getMessage());
  }

  @Test
  void load_anotherModelsCheckpoint_namesMissingAndUnexpectedTensors() throws IOException {
    Path file = dir.resolve("other.safetensors");
    Checkpoints.save(new LinearModel("Other", "head", LossKind.CROSS_ENTROPY, 4, 3, 8, 0.1f, 1), file);
    LinearModel model = model(2);
    float[] before = model.weight().toFloatArray();

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model, file));

    assertEquals(file + " does not fit model Linear (the checkpoint was saved from model Other): missing from the"
        + " checkpoint: fc.weight, fc.bias; not in the model: head.weight, head.bias", e.getMessage());
    assertArrayEquals(before, model.weight().toFloatArray());
  }

  @Test
  void load_wrongShape_namesBothShapes_andChangesNothing() throws IOException {
    Path file = dir.resolve("wide.safetensors");
    Checkpoints.save(new LinearModel(LossKind.CROSS_ENTROPY, 4, 5, 8, 0.1f, 1), file);
    LinearModel model = model(2);
    float[] biasBefore = model.bias().toFloatArray();

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model, file));

    assertEquals(file + " does not fit model Linear: fc.weight: checkpoint has [5, 4], model expects [3, 4];"
        + " fc.bias: checkpoint has [5], model expects [3]", e.getMessage());
    assertArrayEquals(biasBefore, model.bias().toFloatArray());
  }

  @Test
  void load_badHeaderJson_isRefused() throws IOException {
    Path file = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", new byte[4]);

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));

    assertTrue(e.getMessage().startsWith(file + ": bad header JSON at offset "), e.getMessage());
    assertTrue(e.getMessage().endsWith(": expected '}', found the end"), e.getMessage());
  }

  @Test
  void load_unsupportedDtype_isRefused() throws IOException {
    Path file = write("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]);

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));

    assertEquals(file + ": w: dtype BF16 is not supported; Unroll reads [F32, F64]", e.getMessage());
  }

  @Test
  void load_offsetsDisagreeingWithShape_isRefused() throws IOException {
    Path file = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]);

    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));

    assertEquals(file + ": w: data_offsets [0, 20] span 20 bytes, but shape [2, 3] of F32 needs 24", e.getMessage());
  }

  @Test
  void read_handWrittenFileWithoutMetadata_works() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    Path file = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data.array());
    float[] target = new float[2];

    Checkpoints.load(new StubModel("M", "w", Tensors.vector(target)), file);

    assertArrayEquals(new float[] {1.5f, -2f}, target);
    assertEquals(Map.of(), Checkpoints.metadata(file));
  }

  private static LinearModel model(long seed) {
    return new LinearModel(LossKind.CROSS_ENTROPY, 4, 3, 8, 0.1f, seed);
  }

  private Path savedModel() throws IOException {
    Path file = dir.resolve("linear.safetensors");
    Checkpoints.save(model(1), file);
    return file;
  }

  /** A safetensors file with the given header (unpadded) and data. */
  private Path write(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer file = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(json.length).put(json).put(data);
    return Files.write(dir.resolve("handmade.safetensors"), file.array());
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.collect(Collectors.toList());
    }
  }

  /** A view that fails when element {@code failAt} is read, as a disk error would in the middle of a save. */
  private static final class FailingTensor implements Tensor {
    private final Tensor delegate;
    private final int failAt;

    FailingTensor(Tensor delegate, int failAt) {
      this.delegate = delegate;
      this.failAt = failAt;
    }

    @Override public int[] shape() { return delegate.shape(); }
    @Override public int size() { return delegate.size(); }
    @Override public boolean writable() { return true; }
    @Override public void setDouble(int index, double value) { delegate.setDouble(index, value); }

    @Override
    public double getDouble(int index) {
      if (index == failAt) {
        throw new IllegalStateException("disk on fire at element " + index);
      }
      return delegate.getDouble(index);
    }
  }
}

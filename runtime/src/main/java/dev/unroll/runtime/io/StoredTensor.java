package dev.unroll.runtime.io;

import dev.unroll.runtime.Tensor;
import java.util.Arrays;

/**
 * A tensor as read from a checkpoint: its element type, shape and values, held in memory. A read-only
 * {@link Tensor}, so the usual accessors work on it ({@code at(i, j)}, {@code toFloatArray()}).
 */
public final class StoredTensor implements Tensor {
  private final Dtype dtype;
  private final int[] shape;
  private final float[] floats;
  private final double[] doubles;

  private StoredTensor(Dtype dtype, int[] shape, float[] floats, double[] doubles) {
    this.dtype = dtype;
    this.shape = shape;
    this.floats = floats;
    this.doubles = doubles;
  }

  static StoredTensor ofFloats(int[] shape, float[] values) {
    return new StoredTensor(Dtype.F32, shape, values, null);
  }

  static StoredTensor ofDoubles(int[] shape, double[] values) {
    return new StoredTensor(Dtype.F64, shape, null, values);
  }

  /** The element type in the file. */
  public Dtype dtype() {
    return dtype;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public int size() {
    return floats != null ? floats.length : doubles.length;
  }

  @Override
  public double getDouble(int index) {
    return floats != null ? floats[index] : doubles[index];
  }

  /** Always throws: a stored tensor is read-only. */
  @Override
  public void setDouble(int index, double value) {
    throw new UnsupportedOperationException("a tensor read from a checkpoint is read-only");
  }

  @Override
  public boolean writable() {
    return false;
  }

  @Override
  public float[] toFloatArray() {
    return floats != null ? floats.clone() : Tensor.super.toFloatArray();
  }

  @Override
  public double[] toDoubleArray() {
    return doubles != null ? doubles.clone() : Tensor.super.toDoubleArray();
  }

  /** Overwrites {@code target} with these values, at this tensor's precision. */
  void copyTo(Tensor target) {
    if (floats != null) {
      target.copyFrom(floats);
    } else {
      target.copyFrom(doubles);
    }
  }

  @Override
  public String toString() {
    return "StoredTensor[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}

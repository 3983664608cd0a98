package dev.unroll.runtime;

import java.util.Arrays;

/**
 * A view of numbers a model owns: a parameter ({@code fc1.weight}), its gradient, or a layer's latest
 * output. Indexing is flat and row-major in the logical (PyTorch) layout, whatever the storage: element
 * {@code [o][i]} of a {@code [out, in]} weight is {@code get(o * in + i)}. Views are created once with the
 * model and read its arrays directly, so they cost nothing to keep and always show current values.
 * Layer outputs are read-only; parameter and gradient views are writable.
 */
public interface Tensor {
  /** The logical shape; a fresh copy. For a layer output, the first dimension is the latest batch size. */
  int[] shape();

  /** The number of elements: the product of {@link #shape()}. */
  int size();

  /** Element {@code index} in row-major order of the logical shape. */
  double getDouble(int index);

  /**
   * Sets element {@code index}.
   *
   * @throws UnsupportedOperationException if this view is read-only
   */
  void setDouble(int index, double value);

  /** Element {@code index}, rounded to float if the model computes in double. */
  default float get(int index) {
    return (float) getDouble(index);
  }

  /** Sets element {@code index}; see {@link #setDouble(int, double)}. */
  default void set(int index, float value) {
    setDouble(index, value);
  }

  /** Whether {@link #setDouble(int, double)} is allowed. */
  boolean writable();

  /** Element at the given multi-dimensional position of the logical shape. */
  default double at(int... position) {
    int[] shape = shape();
    if (position.length != shape.length) {
      throw new IllegalArgumentException(
          "expected " + shape.length + " indices for shape " + Arrays.toString(shape) + ", got " + position.length);
    }
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      if (position[d] < 0 || position[d] >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "index " + position[d] + " out of range for dimension " + d + " of shape " + Arrays.toString(shape));
      }
      flat = flat * shape[d] + position[d];
    }
    return getDouble(flat);
  }

  /** A copy of all elements in row-major order. Allocates; not for hot loops. */
  default float[] toFloatArray() {
    float[] out = new float[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  /** A copy of all elements in row-major order, at full precision. Allocates; not for hot loops. */
  default double[] toDoubleArray() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /**
   * Overwrites every element from {@code values}, in row-major order.
   *
   * @throws IllegalArgumentException if the length differs from {@link #size()}
   */
  default void copyFrom(float[] values) {
    if (values.length != size()) {
      throw new IllegalArgumentException(
          "expected " + size() + " values for shape " + Arrays.toString(shape()) + ", got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      set(i, values[i]);
    }
  }

  /** As {@link #copyFrom(float[])}, at full precision. */
  default void copyFrom(double[] values) {
    if (values.length != size()) {
      throw new IllegalArgumentException(
          "expected " + size() + " values for shape " + Arrays.toString(shape()) + ", got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      setDouble(i, values[i]);
    }
  }
}

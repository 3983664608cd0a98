package dev.unroll.runtime;

import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The views generated models hand out ({@link Tensor}): each maps the logical row-major index of a
 * PyTorch-layout tensor to the model's own storage. Generated code creates them once, in the constructor.
 */
public final class Tensors {
  private Tensors() {}

  /** A writable view of a vector: shape {@code [v.length]}. */
  public static Tensor vector(float[] v) {
    return new FloatStore(new int[] {v.length}, false) {
      @Override float load(int i) { return v[i]; }
      @Override void store(int i, float x) { v[i] = x; }
    };
  }

  /** A writable view of a vector: shape {@code [v.length]}. */
  public static Tensor vector(double[] v) {
    return new DoubleStore(new int[] {v.length}, false) {
      @Override double load(int i) { return v[i]; }
      @Override void store(int i, double x) { v[i] = x; }
    };
  }

  /**
   * A writable view of a matrix stored transposed: {@code storage} is {@code [cols][rows]} and the view
   * is {@code [rows, cols]}, element {@code [r][c] = storage[c][r]}. Dense weights are kept this way
   * ({@code W^T}, one array per input) because the forward pass then runs in the axpy form C2 vectorises.
   */
  public static Tensor transposed(float[][] storage) {
    int cols = storage.length;
    int rows = storage[0].length;
    return new FloatStore(new int[] {rows, cols}, false) {
      @Override float load(int i) { return storage[i % cols][i / cols]; }
      @Override void store(int i, float x) { storage[i % cols][i / cols] = x; }
      // Bulk forms: parameters are initialised and loaded through these at construction, often still in
      // the interpreter, where a call per element costs milliseconds for a 100,000-element weight.
      @Override public void copyFrom(float[] values) {
        checkLength(this, values.length);
        for (int c = 0; c < cols; c++) {
          float[] column = storage[c];
          for (int r = 0, i = c; r < rows; r++, i += cols) {
            column[r] = values[i];
          }
        }
      }
      @Override public void copyFrom(double[] values) {
        checkLength(this, values.length);
        for (int c = 0; c < cols; c++) {
          float[] column = storage[c];
          for (int r = 0, i = c; r < rows; r++, i += cols) {
            column[r] = (float) values[i];
          }
        }
      }
    };
  }

  /** As {@link #transposed(float[][])}, in double precision. */
  public static Tensor transposed(double[][] storage) {
    int cols = storage.length;
    int rows = storage[0].length;
    return new DoubleStore(new int[] {rows, cols}, false) {
      @Override double load(int i) { return storage[i % cols][i / cols]; }
      @Override void store(int i, double x) { storage[i % cols][i / cols] = x; }
    };
  }

  /**
   * A read-only view of the first {@code rows.getAsInt()} rows of {@code data}, each row holding one
   * sample of logical shape {@code rowShape}: the view's shape is {@code [rows, rowShape...]}. Used for
   * layer outputs, whose row count is the latest batch size.
   */
  public static Tensor rows(float[][] data, IntSupplier rows, int... rowShape) {
    int width = product(rowShape);
    return new FloatStore(rowShape, true) {
      @Override int leading() { return rows.getAsInt(); }
      @Override float load(int i) { return data[i / width][i % width]; }
      @Override void store(int i, float x) { throw new AssertionError(); }
    };
  }

  /** As {@link #rows(float[][], IntSupplier, int...)}, in double precision. */
  public static Tensor rows(double[][] data, IntSupplier rows, int... rowShape) {
    int width = product(rowShape);
    return new DoubleStore(rowShape, true) {
      @Override int leading() { return rows.getAsInt(); }
      @Override double load(int i) { return data[i / width][i % width]; }
      @Override void store(int i, double x) { throw new AssertionError(); }
    };
  }

  static int product(int[] shape) {
    int p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }

  /** The check of {@link Tensor#copyFrom(float[])}: {@code length} values for {@code t}. */
  private static void checkLength(Tensor t, int length) {
    if (length != t.size()) {
      throw new IllegalArgumentException(
          "expected " + t.size() + " values for shape " + Arrays.toString(t.shape()) + ", got " + length);
    }
  }

  /** Shape bookkeeping shared by every view. A view with rows has a leading dimension known only at read time. */
  private abstract static class View implements Tensor {
    private final int[] shape;
    private final int width;
    private final boolean rowView;

    View(int[] shape, boolean rowView) {
      this.shape = shape.clone();
      this.width = product(shape);
      this.rowView = rowView;
    }

    int leading() {
      return 1;
    }

    @Override
    public int[] shape() {
      if (!rowView) {
        return shape.clone();
      }
      int[] s = new int[shape.length + 1];
      s[0] = leading();
      System.arraycopy(shape, 0, s, 1, shape.length);
      return s;
    }

    @Override
    public int size() {
      return rowView ? leading() * width : width;
    }

    @Override
    public boolean writable() {
      return !rowView;
    }

    final void check(int index) {
      if (index < 0 || index >= size()) {
        throw new IndexOutOfBoundsException("index " + index + " out of range for shape " + Arrays.toString(shape()));
      }
    }

    final void checkWritable() {
      if (rowView) {
        throw new UnsupportedOperationException("a layer output is read-only");
      }
    }

    @Override
    public String toString() {
      return "Tensor" + Arrays.toString(shape());
    }
  }

  private abstract static class FloatStore extends View {
    FloatStore(int[] shape, boolean rowView) {
      super(shape, rowView);
    }

    abstract float load(int i);

    abstract void store(int i, float x);

    @Override
    public double getDouble(int index) {
      check(index);
      return load(index);
    }

    @Override
    public float get(int index) {
      check(index);
      return load(index);
    }

    @Override
    public void setDouble(int index, double value) {
      set(index, (float) value);
    }

    @Override
    public void set(int index, float value) {
      checkWritable();
      check(index);
      store(index, value);
    }
  }

  private abstract static class DoubleStore extends View {
    DoubleStore(int[] shape, boolean rowView) {
      super(shape, rowView);
    }

    abstract double load(int i);

    abstract void store(int i, double x);

    @Override
    public double getDouble(int index) {
      check(index);
      return load(index);
    }

    @Override
    public void setDouble(int index, double value) {
      checkWritable();
      check(index);
      store(index, value);
    }
  }
}

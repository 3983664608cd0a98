package dev.unroll.processor.ir;

/**
 * One parameter tensor of a layer: its PyTorch name and shape, how the generated class stores it, and
 * how it is initialised.
 *
 * @param name the PyTorch-style name, {@code fc1.weight}
 * @param field the Java field that stores it, {@code fc1Weight}
 * @param shape the logical (PyTorch) shape
 * @param storage how the field lays the values out
 * @param init how values are drawn at construction
 */
public record Param(String name, String field, int[] shape, Storage storage, InitSpec init) {

  /** How a parameter is laid out in the generated class. */
  public enum Storage {
    /** A {@code T[]} holding the logical vector as is. */
    VECTOR,
    /**
     * A {@code T[cols][rows]} holding the transpose of the logical {@code [rows, cols]} matrix: one array
     * per input, the form in which the forward pass is a vectorisable axpy.
     */
    TRANSPOSED
  }

  /** The number of values. */
  public int size() {
    int p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }
}

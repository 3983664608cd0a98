package dev.unroll.processor.ir;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The shape of one sample (no batch dimension), fixed at compile time. */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims.clone();
  }

  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  public int rank() {
    return dims.length;
  }

  /** The number of values in one sample. */
  public int size() {
    int p = 1;
    for (int d : dims) {
      p *= d;
    }
    return p;
  }

  /** As Java source for an {@code int[]} initialiser's contents: {@code 1, 28, 28}. */
  public String asList() {
    return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return "(" + asList() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }
}

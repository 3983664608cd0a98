package dev.unroll;

/** The floating-point type a generated network computes in. See {@link Network#precision()}. */
public enum Precision {
  /** 32-bit {@code float}: the default, and the fast one. */
  FLOAT,
  /** 64-bit {@code double}: for gradient checks against finite differences, or when float is too coarse. */
  DOUBLE
}

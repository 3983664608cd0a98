package dev.unroll.runtime.io;

/** The element types Unroll reads and writes in checkpoints, named as in the safetensors header. */
public enum Dtype {
  /** IEEE 754 single precision, 4 bytes little-endian. */
  F32(Float.BYTES),
  /** IEEE 754 double precision, 8 bytes little-endian. */
  F64(Double.BYTES);

  private final int bytes;

  Dtype(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }
}

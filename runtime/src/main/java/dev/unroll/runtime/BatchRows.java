package dev.unroll.runtime;

import java.util.function.IntSupplier;

/**
 * How many rows of a generated model's buffers hold the latest batch. Layer-output views read it, so
 * they always show exactly the samples of the last forward pass.
 */
public final class BatchRows implements IntSupplier {
  private int rows;

  /** Records that the latest forward pass ran on {@code rows} samples. */
  public void set(int rows) {
    this.rows = rows;
  }

  @Override
  public int getAsInt() {
    return rows;
  }
}

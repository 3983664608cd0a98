package dev.unroll.runtime.io;

import java.io.IOException;

/** A checkpoint file that is malformed, or that does not fit the model it is loaded into; the message says how. */
public class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public CheckpointException(String message) {
    super(message);
  }
}

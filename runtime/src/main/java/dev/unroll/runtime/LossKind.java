package dev.unroll.runtime;

/** The losses a generated model can have, and what targets each takes. */
public enum LossKind {
  /** {@code mean((y - t)^2)}; real targets, one per output. */
  MEAN_SQUARED_ERROR(false),
  /** Softmax cross-entropy over logits; one integer class label per sample. */
  CROSS_ENTROPY(true),
  /** Binary cross-entropy on sigmoid outputs; targets in [0, 1], one per output. */
  BINARY_CROSS_ENTROPY(false),
  /** Binary cross-entropy on logits; targets in [0, 1], one per output. */
  BINARY_CROSS_ENTROPY_WITH_LOGITS(false);

  private final boolean classLabels;

  LossKind(boolean classLabels) {
    this.classLabels = classLabels;
  }

  /** Whether the targets are integer class labels (else real vectors of {@code outputSize()} values). */
  public boolean usesClassLabels() {
    return classLabels;
  }
}

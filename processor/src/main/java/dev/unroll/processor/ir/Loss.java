package dev.unroll.processor.ir;

/** The losses the processor knows, with the runtime's {@code LossKind} constant each maps to. */
public enum Loss {
  MEAN_SQUARED_ERROR("mean squared error"),
  CROSS_ENTROPY("softmax cross-entropy over class labels"),
  BINARY_CROSS_ENTROPY("binary cross-entropy on sigmoid outputs"),
  BINARY_CROSS_ENTROPY_WITH_LOGITS("binary cross-entropy on logits");

  private final String description;

  Loss(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}

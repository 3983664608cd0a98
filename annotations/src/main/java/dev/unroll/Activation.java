package dev.unroll;

/** The element-wise (or, for softmax, row-wise) function a layer applies to its output. */
public enum Activation {
  /** {@code y = x}. Use it for logits feeding {@link CrossEntropy} or {@link BinaryCrossEntropy#fromLogits()}. */
  IDENTITY,
  /**
   * The perceptron's threshold: {@code y = 1} if {@code x >= 0}, else {@code 0}. Its derivative is zero
   * almost everywhere, so a network that has an optimizer cannot use it (a compile error says so); use it
   * in inference-only networks.
   */
  STEP,
  /** {@code y = 1 / (1 + exp(-x))}. */
  SIGMOID,
  /** {@code y = tanh(x)}. */
  TANH,
  /** {@code y = max(0, x)}; the derivative at 0 is taken as 0, as PyTorch does. */
  RELU,
  /** {@code y = x} for {@code x > 0}, else {@code slope * x}; see {@link Dense#negativeSlope()}. */
  LEAKY_RELU,
  /**
   * {@code y_j = exp(x_j) / sum_k exp(x_k)} over the layer's units, computed with the maximum subtracted.
   * Do not put it before {@link CrossEntropy}, which applies softmax itself.
   */
  SOFTMAX
}

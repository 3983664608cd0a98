package dev.unroll;

/** How a layer's biases start. */
public enum BiasInit {
  /** All zero: the default. */
  ZEROS,
  /** PyTorch's default for {@code nn.Linear}: {@code U(-a, a)}, {@code a = 1/sqrt(fanIn)}. */
  PYTORCH
}

package dev.unroll;

/**
 * How a layer's weights are drawn when the model is constructed, from the model's seeded generator.
 * {@code fanIn} and {@code fanOut} are the number of inputs and outputs of one unit (for a dense layer,
 * its input size and its units).
 */
public enum Init {
  /**
   * The usual choice for the activation: {@link #HE_UNIFORM} before ReLU and leaky ReLU,
   * {@link #XAVIER_UNIFORM} before everything else. The default.
   */
  AUTO,
  /** LeCun normal: {@code N(0, 1/fanIn)}. */
  LECUN_NORMAL,
  /** LeCun uniform: {@code U(-a, a)}, {@code a = sqrt(3/fanIn)}. */
  LECUN_UNIFORM,
  /** Xavier/Glorot normal: {@code N(0, 2/(fanIn+fanOut))}. */
  XAVIER_NORMAL,
  /** Xavier/Glorot uniform: {@code U(-a, a)}, {@code a = sqrt(6/(fanIn+fanOut))}. */
  XAVIER_UNIFORM,
  /** He/Kaiming normal: {@code N(0, 2/fanIn)}. */
  HE_NORMAL,
  /** He/Kaiming uniform: {@code U(-a, a)}, {@code a = sqrt(6/fanIn)}. */
  HE_UNIFORM,
  /**
   * PyTorch's default for {@code nn.Linear}: {@code U(-a, a)}, {@code a = 1/sqrt(fanIn)} (Kaiming
   * uniform with {@code a = sqrt(5)}).
   */
  PYTORCH
}

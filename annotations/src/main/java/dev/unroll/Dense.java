package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer: {@code y = activation(x W^T + b)}, PyTorch's {@code nn.Linear} followed by
 * the activation. {@code W} has shape {@code [units, in]} and {@code b} shape {@code [units]}, named
 * {@code <method>.weight} and {@code <method>.bias}. An input of several dimensions is flattened in
 * row-major order first, as {@code torch.flatten(x, 1)} does.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Dense {
  /** The number of output units. Required; must be positive. */
  int units();

  /** The activation applied to {@code x W^T + b}. Default {@link Activation#IDENTITY}. */
  Activation activation() default Activation.IDENTITY;

  /**
   * The slope for negative inputs of {@link Activation#LEAKY_RELU}. Default 0.01 (PyTorch's); must be
   * finite and at least 0 and below 1; setting it with another activation is an error.
   */
  double negativeSlope() default 0.01;

  /** How the weights are drawn. Default {@link Init#AUTO}. */
  Init init() default Init.AUTO;

  /** Whether the layer has a bias. Default {@code true}. */
  boolean bias() default true;

  /** How the bias starts. Default {@link BiasInit#ZEROS}; setting it on a layer without bias is an error. */
  BiasInit biasInit() default BiasInit.ZEROS;
}

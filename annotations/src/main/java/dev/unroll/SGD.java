package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stochastic gradient descent, with PyTorch's {@code torch.optim.SGD} update (dampening 0):
 * {@code buf = momentum * buf + g}; then {@code g = g + momentum * buf} with Nesterov, or {@code g = buf}
 * without; then {@code p -= learningRate * g}. With momentum 0 it is plain {@code p -= learningRate * g}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface SGD {
  /** The step size. Default 0.01; must be positive and finite. */
  double learningRate() default 0.01;

  /** The momentum factor. Default 0 (none); must be in {@code [0, 1)}. */
  double momentum() default 0.0;

  /** Nesterov momentum. Default {@code false}; {@code true} needs a positive momentum. */
  boolean nesterov() default false;
}

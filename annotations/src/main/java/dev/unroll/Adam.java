package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adam (Kingma and Ba), with PyTorch's {@code torch.optim.Adam} update at step {@code t}:
 * {@code m = beta1 m + (1-beta1) g}, {@code v = beta2 v + (1-beta2) g^2},
 * {@code p -= (learningRate / (1-beta1^t)) * m / (sqrt(v) / sqrt(1-beta2^t) + epsilon)}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Adam {
  /** The step size. Default 0.001; must be positive and finite. */
  double learningRate() default 0.001;

  /** Decay of the first-moment average. Default 0.9; must be in {@code [0, 1)}. */
  double beta1() default 0.9;

  /** Decay of the second-moment average. Default 0.999; must be in {@code [0, 1)}. */
  double beta2() default 0.999;

  /** Added to the denominator for stability. Default 1e-8; must be positive and finite. */
  double epsilon() default 1e-8;
}

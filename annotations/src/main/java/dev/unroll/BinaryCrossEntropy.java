package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binary cross-entropy, averaged over every output of the batch: {@code -mean(t log p + (1-t) log(1-p))}.
 * Targets are real values in {@code [0, 1]}, one per output unit.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface BinaryCrossEntropy {
  /**
   * {@code false} (the default): the last layer must end in {@link Activation#SIGMOID} and its outputs
   * are the probabilities {@code p}, as for PyTorch's {@code nn.BCELoss()} (each log clamped at -100 as
   * PyTorch does). {@code true}: the last layer must be {@link Activation#IDENTITY} and its outputs are
   * logits, as for {@code nn.BCEWithLogitsLoss()}, which is the numerically safer form.
   */
  boolean fromLogits() default false;
}

package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Mean squared error, PyTorch's {@code nn.MSELoss()}: {@code mean((y - t)^2)} over every element of the
 * batch. Targets are real vectors with one value per output unit.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface MeanSquaredError {}

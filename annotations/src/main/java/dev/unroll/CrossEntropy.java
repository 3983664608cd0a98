package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Softmax cross-entropy over integer class labels, PyTorch's {@code nn.CrossEntropyLoss()}: log-softmax
 * of the last layer's output, then the mean negative log-likelihood of the labels over the batch. The
 * last layer must be a {@link Dense} layer with {@link Activation#IDENTITY}, whose outputs are the
 * logits: the loss applies softmax itself. Targets are class indices in {@code [0, units)}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface CrossEntropy {}

package dev.unroll.runtime.train;

import java.util.Locale;

/**
 * The result of evaluating a model on a data set with {@link Evaluator}.
 *
 * @param samples the number of samples evaluated
 * @param loss the mean loss, each batch weighted by its size
 * @param accuracy the fraction of correct predictions as {@link Evaluator} defines it for the model's loss;
 *     NaN for a single-output mean-squared-error model, for which it is not defined
 * @param confusion the confusion matrix for a classifier with labels or a binary model with one output; else
 *     {@code null}
 */
public record Evaluation(int samples, double loss, double accuracy, ConfusionMatrix confusion) {

  /** Whether the evaluation has a confusion matrix. */
  public boolean hasConfusion() {
    return confusion != null;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d samples: loss %.4f, accuracy %.2f%%", samples, loss, 100 * accuracy);
  }
}

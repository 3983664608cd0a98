package dev.unroll.runtime.train;

/**
 * What one epoch of training measured.
 *
 * @param epoch the epoch number, from 1
 * @param trainLoss the mean training loss over the epoch's batches, weighted by batch size; measured while
 *     the parameters changed, so it lags behind a loss measured after the epoch
 * @param validationLoss the mean loss on the validation data after the epoch, or NaN without validation data
 * @param validationAccuracy the accuracy on the validation data after the epoch (see {@link Evaluator}), or
 *     NaN without validation data or when accuracy is not defined for the model
 * @param seconds wall-clock time of the epoch, validation included
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
    double seconds) {

  /** Whether the epoch ended with an evaluation on validation data. */
  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }
}

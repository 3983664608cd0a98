package dev.unroll.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The metrics of every epoch of one {@link Trainer#fit} call, in order. */
public final class History {
  private final List<EpochMetrics> epochs = new ArrayList<>();
  private final List<EpochMetrics> view = Collections.unmodifiableList(epochs);

  void add(EpochMetrics metrics) {
    epochs.add(metrics);
  }

  /** Every epoch's metrics; an unmodifiable view. */
  public List<EpochMetrics> epochs() {
    return view;
  }

  /** The number of epochs trained. */
  public int size() {
    return epochs.size();
  }

  /**
   * The last epoch's metrics.
   *
   * @throws IllegalStateException if no epoch was trained
   */
  public EpochMetrics last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch was trained");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** The mean training loss of each epoch. */
  public double[] trainLoss() {
    return epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
  }

  /** The validation loss after each epoch (NaN without validation data). */
  public double[] validationLoss() {
    return epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray();
  }

  /** The validation accuracy after each epoch (NaN without validation data or defined accuracy). */
  public double[] validationAccuracy() {
    return epochs.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray();
  }

  /** A table: one row per epoch with the losses, the accuracy and the time. */
  @Override
  public String toString() {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%5s  %10s  %10s  %8s  %8s%n",
        "epoch", "train loss", "val loss", "val acc", "seconds"));
    for (EpochMetrics m : epochs) {
      table.append(String.format(Locale.ROOT, "%5d  %10.4f  %10s  %8s  %8.1f%n", m.epoch(), m.trainLoss(),
          orDash("%.4f", m.validationLoss()), orDash("%.2f%%", 100 * m.validationAccuracy()), m.seconds()));
    }
    return table.toString();
  }

  /** The value formatted, or {@code -} if it is NaN (no validation data, or no accuracy defined). */
  private static String orDash(String format, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }
}

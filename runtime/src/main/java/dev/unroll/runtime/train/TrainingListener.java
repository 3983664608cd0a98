package dev.unroll.runtime.train;

/**
 * Told about training as it goes, e.g. to log metrics or save a checkpoint after each epoch. Register with
 * {@link Trainer.Builder#listener(TrainingListener)}. Calls come from the training thread; a listener that
 * throws ends training with its exception.
 */
@FunctionalInterface
public interface TrainingListener {
  /** After each epoch, its validation included. */
  void onEpochEnd(EpochMetrics metrics);

  /**
   * After each optimizer step. Runs on the hot path: keep it cheap and allocation-free. Does nothing by
   * default.
   *
   * @param epoch the epoch number, from 1
   * @param batch the batch number within the epoch, from 0
   * @param batchSize the number of samples in the batch
   * @param loss the batch's training loss
   */
  default void onBatchEnd(int epoch, int batch, int batchSize, double loss) {}
}

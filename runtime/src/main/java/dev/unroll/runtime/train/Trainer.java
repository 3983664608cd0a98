package dev.unroll.runtime.train;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.Rng;
import dev.unroll.runtime.TrainableModel;
import dev.unroll.runtime.data.Batches;
import dev.unroll.runtime.data.DataSet;
import dev.unroll.runtime.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The training loop: for each epoch, shuffle the training samples, run one optimizer step per mini-batch of
 * up to {@code model.maxBatch()} samples (the last one possibly smaller), then evaluate on the validation
 * data if there is any.
 *
 * <pre>{@code
 * History history = Trainer.builder()
 *     .epochs(10)
 *     .shuffleSeed(1)
 *     .progress(Progress.console())
 *     .build()
 *     .fit(model, split.train(), split.validation());
 * }</pre>
 *
 * <p>Deterministic: the order of the samples in every epoch depends only on the shuffle seed, so the same
 * model seed, data and shuffle seed give the same parameters. Apart from the per-epoch evaluation and
 * progress lines, the loop allocates nothing per step. A trainer holds only its configuration and can fit
 * any number of models.
 */
public final class Trainer {
  private final int epochs;
  private final long shuffleSeed;
  private final boolean shuffle;
  private final TrainingListener[] listeners;
  private final Progress progress;

  private Trainer(Builder builder) {
    this.epochs = builder.epochs;
    this.shuffleSeed = builder.shuffleSeed;
    this.shuffle = builder.shuffle;
    this.listeners = builder.listeners.toArray(new TrainingListener[0]);
    this.progress = builder.progress;
  }

  /** A builder with 10 epochs, shuffle seed 0, shuffling on, no listener and no progress output. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains {@code model} on {@code train} for the configured number of epochs, continuing from its current
   * parameters and optimizer state.
   *
   * @param validation evaluated after each epoch; {@code null} for none
   * @return the metrics of every epoch
   * @throws IllegalArgumentException if {@code train} is empty or a data set does not fit the model
   *     ({@link Batches#checkFits}), before any training step
   */
  public History fit(TrainableModel model, DataSet train, DataSet validation) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training data is empty");
    }
    Batches batches = Batches.forModel(model, train);
    Evaluator evaluator = null;
    if (validation != null) {
      Batches.checkFits(model, validation);
      evaluator = new Evaluator(model);
    }
    Batch batch = batches.batch();
    int[] order = Split.indices(train.size());
    Rng rng = new Rng(shuffleSeed);
    History history = new History();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      if (shuffle) {
        rng.shuffle(order, order.length);
      }
      progress.startEpoch(epoch, epochs, train.size());
      batches.start(order);
      double lossSum = 0;
      for (int b = 0; batches.next(); b++) {
        double loss = model.trainStep(batch);
        lossSum += loss * batch.size();
        for (TrainingListener listener : listeners) {
          listener.onBatchEnd(epoch, b, batch.size(), loss);
        }
        progress.update(batches.position(), lossSum / batches.position());
      }
      Evaluation evaluation = evaluator == null ? null : evaluator.evaluate(validation);
      EpochMetrics metrics = new EpochMetrics(epoch, lossSum / train.size(),
          evaluation == null ? Double.NaN : evaluation.loss(),
          evaluation == null ? Double.NaN : evaluation.accuracy(),
          (System.nanoTime() - start) / 1e9);
      history.add(metrics);
      progress.endEpoch(metrics);
      for (TrainingListener listener : listeners) {
        listener.onEpochEnd(metrics);
      }
    }
    return history;
  }

  /** Configures a {@link Trainer}. */
  public static final class Builder {
    private int epochs = 10;
    private long shuffleSeed;
    private boolean shuffle = true;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Progress progress = Progress.silent();

    private Builder() {}

    /**
     * The number of passes over the training data.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder epochs(int epochs) {
      if (epochs <= 0) {
        throw new IllegalArgumentException("epochs must be positive, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** The seed of the per-epoch shuffles. */
    public Builder shuffleSeed(long seed) {
      this.shuffleSeed = seed;
      return this;
    }

    /** Whether to shuffle the training samples before each epoch (on by default); off keeps their order. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Adds a listener; listeners are called in the order they were added. */
    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Where to show progress; {@link Progress#silent()} by default. */
    public Builder progress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** The trainer. */
    public Trainer build() {
      return new Trainer(this);
    }
  }
}

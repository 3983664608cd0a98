package dev.unroll.runtime.data;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.TrainableModel;

/**
 * Cuts a data set into mini-batches, refilling one reusable {@link Batch} in place, batch after batch, in
 * the natural order or in a given (e.g. shuffled) order of sample indices. Every batch is full except
 * possibly the last one of a pass, which holds the remaining samples. Allocates nothing per batch.
 *
 * <pre>{@code
 * Batches batches = Batches.forModel(model, train);
 * batches.start(order);
 * while (batches.next()) {
 *   model.trainStep(batches.batch());
 * }
 * }</pre>
 */
public final class Batches {
  private final DataSet data;
  private final Batch batch;
  private int[] order;
  private int length;
  private int position;

  /**
   * Batches of {@code data} in {@code batch}, which decides the batch size (its capacity). Call
   * {@link #start()} or {@link #start(int[])} to begin a pass.
   *
   * @throws IllegalArgumentException if the data's feature size or kind of targets does not match the batch,
   *     naming the expected and the actual one
   */
  public Batches(DataSet data, Batch batch) {
    checkMatches(data, batch.inputSize(), batch.hasLabels(), batch.targetSize(), "the batch");
    this.data = data;
    this.batch = batch;
    start();
  }

  /**
   * Batches of {@code data} in a new batch shaped for {@code model}: see {@link #checkFits(TrainableModel, DataSet)}.
   *
   * @throws IllegalArgumentException if the data does not fit the model
   */
  public static Batches forModel(TrainableModel model, DataSet data) {
    checkFits(model, data);
    return new Batches(data, Batch.forModel(model));
  }

  /**
   * Checks that {@code data} can be fed to {@code model}: the same number of floats per sample, class labels
   * if and only if the loss takes them, every label below the number of outputs, or one real target per
   * output.
   *
   * @throws IllegalArgumentException naming the expected and the actual size or kind
   */
  public static void checkFits(TrainableModel model, DataSet data) {
    boolean labels = model.lossKind().usesClassLabels();
    String what = "model " + model.name();
    checkMatches(data, model.inputSize(), labels, labels ? 0 : model.outputSize(), what);
    if (labels && data.numClasses() > model.outputSize()) {
      throw new IllegalArgumentException(what + " has " + model.outputSize() + " outputs (classes 0 to "
          + (model.outputSize() - 1) + "), but the data has labels up to " + (data.numClasses() - 1));
    }
  }

  private static void checkMatches(DataSet data, int inputSize, boolean labels, int targetSize, String what) {
    if (data.featureSize() != inputSize) {
      throw new IllegalArgumentException(what + " takes " + inputSize + " features per sample, the data has "
          + data.featureSize());
    }
    if (labels != data.hasLabels()) {
      throw new IllegalArgumentException(what + " takes " + targetKind(labels, targetSize) + ", the data has "
          + targetKind(data.hasLabels(), data.targetSize()));
    }
    if (!labels && data.targetSize() != targetSize) {
      throw new IllegalArgumentException(what + " takes " + targetKind(false, targetSize) + ", the data has "
          + targetKind(false, data.targetSize()));
    }
  }

  private static String targetKind(boolean labels, int targetSize) {
    return labels ? "class labels" : targetSize + (targetSize == 1 ? " real target" : " real targets") + " per sample";
  }

  /** The batch being filled: the same object every time. */
  public Batch batch() {
    return batch;
  }

  /** The data being cut. */
  public DataSet data() {
    return data;
  }

  /** Begins a pass over all samples in their natural order. */
  public void start() {
    this.order = null;
    this.length = data.size();
    this.position = 0;
  }

  /**
   * Begins a pass over the samples {@code order[0], order[1], ...}; the array is used, not copied, so do not
   * change it during the pass.
   *
   * @throws IllegalArgumentException if an index is not in {@code [0, data().size())}
   */
  public void start(int[] order) {
    for (int k = 0; k < order.length; k++) {
      if (order[k] < 0 || order[k] >= data.size()) {
        throw new IllegalArgumentException("order[" + k + "] = " + order[k] + " is out of range for a data set of "
            + data.size() + " samples");
      }
    }
    this.order = order;
    this.length = order.length;
    this.position = 0;
  }

  /** The number of batches in the current pass: the samples divided by the capacity, rounded up. */
  public int batchCount() {
    return (length + batch.capacity() - 1) / batch.capacity();
  }

  /** The number of samples of the current pass delivered so far. */
  public int position() {
    return position;
  }

  /**
   * Fills the batch with the next samples of the pass.
   *
   * @return {@code false}, leaving the batch unchanged, if the pass is over
   */
  public boolean next() {
    if (position >= length) {
      return false;
    }
    int n = Math.min(batch.capacity(), length - position);
    int featureSize = data.featureSize();
    int targetSize = data.targetSize();
    float[] features = data.features();
    for (int k = 0; k < n; k++) {
      int i = order == null ? position + k : order[position + k];
      System.arraycopy(features, i * featureSize, batch.features(), k * featureSize, featureSize);
      if (batch.hasLabels()) {
        batch.labels()[k] = data.labels()[i];
      } else {
        System.arraycopy(data.targets(), i * targetSize, batch.targets(), k * targetSize, targetSize);
      }
    }
    batch.setSize(n);
    position += n;
    return true;
  }
}

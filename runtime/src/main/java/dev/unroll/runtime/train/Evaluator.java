package dev.unroll.runtime.train;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.LossKind;
import dev.unroll.runtime.Tensor;
import dev.unroll.runtime.Tensors;
import dev.unroll.runtime.TrainableModel;
import dev.unroll.runtime.data.Batches;
import dev.unroll.runtime.data.DataSet;

/**
 * Measures a model on a data set, in batches of up to {@code model.maxBatch()} samples, without changing it:
 * the mean loss (each batch weighted by its size), the accuracy and, where it makes sense, a confusion
 * matrix. Accuracy depends on the loss, which says what the outputs mean:
 *
 * <ul>
 *   <li>{@link LossKind#CROSS_ENTROPY}: a sample is correct if its largest output (the first one on ties) is
 *       at its label; the confusion matrix is {@code outputSize x outputSize}.
 *   <li>{@link LossKind#BINARY_CROSS_ENTROPY}: each output is a probability; an output is correct if
 *       {@code output >= 0.5} agrees with {@code target >= 0.5}. Accuracy is over all outputs of all samples.
 *   <li>{@link LossKind#BINARY_CROSS_ENTROPY_WITH_LOGITS}: the same with the outputs as logits, so the
 *       threshold is {@code output >= 0}. For both binary losses, a model with one output gets a 2x2
 *       confusion matrix (class 1 is {@code target >= 0.5}).
 *   <li>{@link LossKind#MEAN_SQUARED_ERROR}: with more than one output, a sample is correct if its largest
 *       output is where its largest target is (one-hot targets); with one output, regression, accuracy is not
 *       defined and is NaN. No confusion matrix.
 * </ul>
 *
 * <p>An evaluator keeps one batch for its model and reuses it for every call. Not thread-safe, like models.
 */
public final class Evaluator {
  private static final double PROBABILITY_THRESHOLD = 0.5;
  private static final double LOGIT_THRESHOLD = 0.0;

  private final TrainableModel model;
  private final Batch batch;
  private final Tensor batchTargets;

  /** An evaluator for {@code model}, with a batch of {@code model.maxBatch()} samples. */
  public Evaluator(TrainableModel model) {
    this.model = model;
    this.batch = Batch.forModel(model);
    this.batchTargets = batch.hasLabels() ? null : Tensors.vector(batch.targets());
  }

  /** Evaluates {@code model} on {@code data} once; see {@link #evaluate(DataSet)}. */
  public static Evaluation evaluate(TrainableModel model, DataSet data) {
    return new Evaluator(model).evaluate(data);
  }

  /**
   * Evaluates the model on every sample of {@code data}. An empty data set gives NaN loss and accuracy.
   *
   * @throws IllegalArgumentException if the data does not fit the model ({@link Batches#checkFits})
   */
  public Evaluation evaluate(DataSet data) {
    Batches.checkFits(model, data);
    Batches batches = new Batches(data, batch);
    LossKind kind = model.lossKind();
    int outputs = model.outputSize();
    boolean binary = kind == LossKind.BINARY_CROSS_ENTROPY || kind == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS;
    ConfusionMatrix confusion = kind.usesClassLabels() ? new ConfusionMatrix(outputs)
        : binary && outputs == 1 ? new ConfusionMatrix(2)
        : null;
    double lossSum = 0;
    long correct = 0;
    while (batches.next()) {
      lossSum += model.loss(batch) * batch.size();
      correct += countCorrect(kind, model.output(), confusion);
    }
    int n = data.size();
    double accuracy = kind == LossKind.MEAN_SQUARED_ERROR && outputs == 1 ? Double.NaN
        : (double) correct / ((long) n * (binary ? outputs : 1));
    return new Evaluation(n, lossSum / n, accuracy, confusion);
  }

  /** Correct predictions in the current batch, by the rules in the class comment; counts them in {@code confusion}. */
  private int countCorrect(LossKind kind, Tensor output, ConfusionMatrix confusion) {
    switch (kind) {
      case CROSS_ENTROPY:
        return countArgmaxMatches(output, null, confusion);
      case BINARY_CROSS_ENTROPY:
        return countThresholdMatches(output, PROBABILITY_THRESHOLD, confusion);
      case BINARY_CROSS_ENTROPY_WITH_LOGITS:
        return countThresholdMatches(output, LOGIT_THRESHOLD, confusion);
      case MEAN_SQUARED_ERROR:
        return model.outputSize() == 1 ? 0 : countArgmaxMatches(output, batchTargets, null);
      default:
        throw new AssertionError(kind);
    }
  }

  /** Samples whose largest output is at their label, or at their largest target if {@code targets} is given. */
  private int countArgmaxMatches(Tensor output, Tensor targets, ConfusionMatrix confusion) {
    int k = model.outputSize();
    int correct = 0;
    for (int s = 0; s < batch.size(); s++) {
      int predicted = argmax(output, s * k, k);
      int actual = targets == null ? batch.labels()[s] : argmax(targets, s * k, k);
      if (confusion != null) {
        confusion.add(actual, predicted);
      }
      if (predicted == actual) {
        correct++;
      }
    }
    return correct;
  }

  /** Outputs on the same side of {@code threshold} as their target is of 0.5. */
  private int countThresholdMatches(Tensor output, double threshold, ConfusionMatrix confusion) {
    int values = batch.size() * model.outputSize();
    int correct = 0;
    for (int i = 0; i < values; i++) {
      int predicted = output.getDouble(i) >= threshold ? 1 : 0;
      int actual = batch.targets()[i] >= PROBABILITY_THRESHOLD ? 1 : 0;
      if (confusion != null) {
        confusion.add(actual, predicted);
      }
      if (predicted == actual) {
        correct++;
      }
    }
    return correct;
  }

  /** The index, relative to {@code from}, of the largest of {@code values[from, from + n)}; the first on ties. */
  private static int argmax(Tensor values, int from, int n) {
    int best = 0;
    double max = values.getDouble(from);
    for (int j = 1; j < n; j++) {
      double v = values.getDouble(from + j);
      if (v > max) {
        max = v;
        best = j;
      }
    }
    return best;
  }
}

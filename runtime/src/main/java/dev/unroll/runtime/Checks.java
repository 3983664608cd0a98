package dev.unroll.runtime;

/**
 * The argument checks of generated models, in one place so that every model words its errors the same
 * way: each names the expected and the actual value.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks a batch size against the model's largest batch.
   *
   * @throws IllegalArgumentException if {@code n} is not in {@code [1, maxBatch]}
   */
  public static void batchSize(int n, int maxBatch) {
    if (n < 1 || n > maxBatch) {
      throw new IllegalArgumentException(
          "batch size must be in [1, " + maxBatch + "] (the model's batchSize), got " + n);
    }
  }

  /**
   * Checks that an array holds at least {@code required} values.
   *
   * @throws IllegalArgumentException naming the array, the values needed and its length
   */
  public static void length(String what, int length, int required, int n, int perSample) {
    if (length < required) {
      throw new IllegalArgumentException(what + " needs " + n + " x " + perSample + " = " + required
          + " values, got an array of " + length);
    }
  }

  /**
   * Checks a batch against a model: its feature size, its kind of target, its target size and its
   * labels' range; returns the number of samples.
   *
   * @throws IllegalArgumentException naming the expected and the actual value
   */
  public static int batch(Batch batch, int inputSize, int outputSize, int maxBatch, LossKind loss) {
    int n = batch.size();
    batchSize(n, maxBatch);
    if (batch.inputSize() != inputSize) {
      throw new IllegalArgumentException(
          "the model takes " + inputSize + " features per sample, the batch has " + batch.inputSize());
    }
    if (loss.usesClassLabels()) {
      if (!batch.hasLabels()) {
        throw new IllegalArgumentException(
            "the model's loss (" + loss + ") takes integer class labels, the batch has real targets");
      }
      int[] labels = batch.labels();
      for (int b = 0; b < n; b++) {
        if (labels[b] < 0 || labels[b] >= outputSize) {
          throw new IllegalArgumentException("label " + labels[b] + " of sample " + b
              + " is out of range: the model has " + outputSize + " classes, [0, " + outputSize + ")");
        }
      }
    } else {
      if (batch.hasLabels()) {
        throw new IllegalArgumentException(
            "the model's loss (" + loss + ") takes " + outputSize + " real targets per sample, the batch has class labels");
      }
      if (batch.targetSize() != outputSize) {
        throw new IllegalArgumentException(
            "the model takes " + outputSize + " targets per sample, the batch has " + batch.targetSize());
      }
    }
    return n;
  }
}

package dev.unroll.runtime;

/**
 * A mini-batch: {@code size} samples stored one after another in {@link #features()}, with either one
 * integer class label per sample or {@code targetSize} real targets per sample. A batch made with
 * {@link #forModel(TrainableModel)} has room for the model's largest batch and is refilled in place by the
 * training loop, so training allocates nothing per step.
 */
public final class Batch {
  private final int inputSize;
  private final int targetSize;
  private final int capacity;
  private final float[] features;
  private final int[] labels;
  private final float[] targets;
  private int size;

  private Batch(int inputSize, int targetSize, int capacity, float[] features, int[] labels, float[] targets, int size) {
    this.inputSize = inputSize;
    this.targetSize = targetSize;
    this.capacity = capacity;
    this.features = features;
    this.labels = labels;
    this.targets = targets;
    this.size = size;
  }

  /** An empty batch with room for {@code capacity} samples of {@code inputSize} floats and integer labels. */
  public static Batch withLabels(int inputSize, int capacity) {
    checkPositive("inputSize", inputSize);
    checkPositive("capacity", capacity);
    return new Batch(inputSize, 0, capacity, new float[capacity * inputSize], new int[capacity], null, 0);
  }

  /** An empty batch with room for {@code capacity} samples and {@code targetSize} real targets each. */
  public static Batch withTargets(int inputSize, int targetSize, int capacity) {
    checkPositive("inputSize", inputSize);
    checkPositive("targetSize", targetSize);
    checkPositive("capacity", capacity);
    return new Batch(inputSize, targetSize, capacity, new float[capacity * inputSize], null,
        new float[capacity * targetSize], 0);
  }

  /** An empty batch shaped for the model's inputs and targets, with room for its largest batch. */
  public static Batch forModel(TrainableModel model) {
    return model.lossKind().usesClassLabels()
        ? withLabels(model.inputSize(), model.maxBatch())
        : withTargets(model.inputSize(), model.outputSize(), model.maxBatch());
  }

  /**
   * A full batch wrapping the given arrays (not copied): {@code labels.length} samples.
   *
   * @throws IllegalArgumentException if {@code features.length != labels.length * inputSize}
   */
  public static Batch ofLabels(float[] features, int[] labels, int inputSize) {
    checkPositive("inputSize", inputSize);
    if (labels.length == 0 || features.length != labels.length * inputSize) {
      throw new IllegalArgumentException("expected " + labels.length + " samples x " + inputSize + " = "
          + (labels.length * inputSize) + " features, got " + features.length);
    }
    return new Batch(inputSize, 0, labels.length, features, labels, null, labels.length);
  }

  /**
   * A full batch wrapping the given arrays (not copied): {@code features.length / inputSize} samples.
   *
   * @throws IllegalArgumentException if the lengths do not describe the same number of samples
   */
  public static Batch ofTargets(float[] features, float[] targets, int inputSize, int targetSize) {
    checkPositive("inputSize", inputSize);
    checkPositive("targetSize", targetSize);
    int n = features.length / inputSize;
    if (n == 0 || features.length != n * inputSize || targets.length != n * targetSize) {
      throw new IllegalArgumentException("expected features of n x " + inputSize + " and targets of n x "
          + targetSize + " for the same n, got " + features.length + " features and " + targets.length + " targets");
    }
    return new Batch(inputSize, targetSize, n, features, null, targets, n);
  }

  private static void checkPositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  /** Floats per sample. */
  public int inputSize() {
    return inputSize;
  }

  /** Real targets per sample, or 0 if this batch holds class labels. */
  public int targetSize() {
    return targetSize;
  }

  /** Whether this batch holds class labels (else real targets). */
  public boolean hasLabels() {
    return labels != null;
  }

  /** How many samples the arrays have room for. */
  public int capacity() {
    return capacity;
  }

  /** How many samples the batch holds now. */
  public int size() {
    return size;
  }

  /**
   * Sets how many samples the batch holds.
   *
   * @throws IllegalArgumentException if {@code size} is not in {@code [0, capacity()]}
   */
  public void setSize(int size) {
    if (size < 0 || size > capacity) {
      throw new IllegalArgumentException("batch size must be in [0, " + capacity + "], got " + size);
    }
    this.size = size;
  }

  /** The features, sample after sample; the array itself, not a copy. */
  public float[] features() {
    return features;
  }

  /** The class labels, or {@code null} if this batch holds real targets; the array itself. */
  public int[] labels() {
    return labels;
  }

  /** The real targets, sample after sample, or {@code null} if this batch holds labels; the array itself. */
  public float[] targets() {
    return targets;
  }
}

package dev.unroll.runtime.data;

import java.util.Arrays;

/**
 * Samples in memory: {@code size()} feature vectors of {@code featureSize()} floats stored one after
 * another in one flat array (row-major, so an image of shape {@code [28, 28]} is 784 consecutive floats),
 * with either one integer class label per sample or {@code targetSize()} real targets per sample.
 *
 * <p>The arrays are not copied, neither on the way in nor on the way out: a data set is immutable as long
 * as nobody writes to the arrays it was made from or hands out. Operations that change the data
 * ({@link #subset(int[])}, {@link #head(int)}, {@link Standardizer#apply(DataSet)}) return new data sets.
 */
public final class DataSet {
  private final float[] features;
  private final int[] featureShape;
  private final int featureSize;
  private final int size;
  private final int[] labels;
  private final float[] targets;
  private final int targetSize;
  private final int numClasses;

  private DataSet(float[] features, int[] featureShape, int featureSize, int size, int[] labels, float[] targets,
      int targetSize) {
    this.features = features;
    this.featureShape = featureShape;
    this.featureSize = featureSize;
    this.size = size;
    this.labels = labels;
    this.targets = targets;
    this.targetSize = targetSize;
    this.numClasses = labels == null ? 0 : maxPlusOne(labels);
  }

  /**
   * A data set with one class label per sample: {@code labels.length} samples.
   *
   * @param features {@code labels.length * product(featureShape)} floats, sample after sample
   * @param featureShape the shape of one sample, e.g. {@code {28, 28}} or {@code {784}}
   * @param labels the class index of each sample, each {@code >= 0}
   * @throws IllegalArgumentException if the lengths disagree, naming the expected and the actual length, or a
   *     label is negative
   */
  public static DataSet ofLabels(float[] features, int[] featureShape, int[] labels) {
    int featureSize = checkShape(featureShape);
    int n = labels.length;
    checkFeatureLength(features, n, featureSize);
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException("label of sample " + i + " is " + labels[i] + "; class labels must be >= 0");
      }
    }
    return new DataSet(features, featureShape.clone(), featureSize, n, labels, null, 0);
  }

  /**
   * A data set with {@code targetSize} real targets per sample: {@code features.length / featureSize()}
   * samples.
   *
   * @param features {@code n * product(featureShape)} floats, sample after sample
   * @param featureShape the shape of one sample, e.g. {@code {13}}
   * @param targets {@code n * targetSize} floats, sample after sample
   * @param targetSize real targets per sample, positive
   * @throws IllegalArgumentException if the lengths do not describe the same number of samples, naming the
   *     expected and the actual length
   */
  public static DataSet ofTargets(float[] features, int[] featureShape, float[] targets, int targetSize) {
    int featureSize = checkShape(featureShape);
    if (targetSize <= 0) {
      throw new IllegalArgumentException("targetSize must be positive, got " + targetSize);
    }
    if (features.length % featureSize != 0) {
      throw new IllegalArgumentException("expected a multiple of " + featureSize + " features (samples of shape "
          + Arrays.toString(featureShape) + "), got " + features.length);
    }
    int n = features.length / featureSize;
    long expectedTargets = (long) n * targetSize;
    if (targets.length != expectedTargets) {
      throw new IllegalArgumentException("expected " + n + " samples x " + targetSize + " targets = "
          + expectedTargets + " target values, got " + targets.length);
    }
    return new DataSet(features, featureShape.clone(), featureSize, n, null, targets, targetSize);
  }

  private static int checkShape(int[] featureShape) {
    if (featureShape.length == 0) {
      throw new IllegalArgumentException("the feature shape needs at least one dimension");
    }
    int product = 1;
    for (int d : featureShape) {
      if (d <= 0) {
        throw new IllegalArgumentException("feature shape " + Arrays.toString(featureShape) + " has a dimension <= 0");
      }
      product = Math.multiplyExact(product, d);
    }
    return product;
  }

  private static void checkFeatureLength(float[] features, int n, int featureSize) {
    long expected = (long) n * featureSize;
    if (features.length != expected) {
      throw new IllegalArgumentException("expected " + n + " samples x " + featureSize + " features = " + expected
          + " floats, got " + features.length);
    }
  }

  private static int maxPlusOne(int[] labels) {
    int max = -1;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    return max + 1;
  }

  /** The number of samples. */
  public int size() {
    return size;
  }

  /** Floats per sample: the product of {@link #featureShape()}. */
  public int featureSize() {
    return featureSize;
  }

  /** The shape of one sample, e.g. {@code {28, 28}} or {@code {784}}; a fresh copy. */
  public int[] featureShape() {
    return featureShape.clone();
  }

  /** The features, sample after sample; the array itself, not a copy: do not modify it. */
  public float[] features() {
    return features;
  }

  /** Whether the samples carry integer class labels (else real targets). */
  public boolean hasLabels() {
    return labels != null;
  }

  /** The class labels, or {@code null} if the samples carry real targets; the array itself: do not modify it. */
  public int[] labels() {
    return labels;
  }

  /** The real targets, sample after sample, or {@code null} if the samples carry labels; the array itself. */
  public float[] targets() {
    return targets;
  }

  /** Real targets per sample, or 0 if the samples carry class labels. */
  public int targetSize() {
    return targetSize;
  }

  /**
   * The number of classes as the labels show it: the largest label plus one (0 for an empty data set).
   *
   * @throws IllegalStateException if the samples carry real targets
   */
  public int numClasses() {
    if (labels == null) {
      throw new IllegalStateException("this data set has real targets, not class labels");
    }
    return numClasses;
  }

  /**
   * A new data set with the given samples, in the given order (repeats allowed); the data is copied.
   *
   * @throws IllegalArgumentException if an index is not in {@code [0, size())}
   */
  public DataSet subset(int[] indices) {
    int n = indices.length;
    float[] f = new float[n * featureSize];
    int[] l = labels == null ? null : new int[n];
    float[] t = targets == null ? null : new float[n * targetSize];
    for (int k = 0; k < n; k++) {
      int i = indices[k];
      if (i < 0 || i >= size) {
        throw new IllegalArgumentException("index " + i + " (position " + k + ") is out of range for a data set of "
            + size + " samples");
      }
      System.arraycopy(features, i * featureSize, f, k * featureSize, featureSize);
      if (l != null) {
        l[k] = labels[i];
      } else {
        System.arraycopy(targets, i * targetSize, t, k * targetSize, targetSize);
      }
    }
    return new DataSet(f, featureShape, featureSize, n, l, t, targetSize);
  }

  /**
   * A new data set with the first {@code n} samples; the data is copied.
   *
   * @throws IllegalArgumentException if {@code n} is not in {@code [0, size()]}
   */
  public DataSet head(int n) {
    if (n < 0 || n > size) {
      throw new IllegalArgumentException("head must be in [0, " + size + "], got " + n);
    }
    return new DataSet(Arrays.copyOf(features, n * featureSize), featureShape, featureSize, n,
        labels == null ? null : Arrays.copyOf(labels, n),
        targets == null ? null : Arrays.copyOf(targets, n * targetSize), targetSize);
  }

  /**
   * A data set with the same shape, labels or targets (shared, not copied) and new features.
   *
   * @throws IllegalArgumentException if {@code newFeatures.length} differs from {@code features().length}
   */
  public DataSet withFeatures(float[] newFeatures) {
    checkFeatureLength(newFeatures, size, featureSize);
    return new DataSet(newFeatures, featureShape, featureSize, size, labels, targets, targetSize);
  }

  @Override
  public String toString() {
    return "DataSet[" + size + " samples of shape " + Arrays.toString(featureShape) + ", "
        + (labels != null ? numClasses + " classes" : targetSize + " targets each") + "]";
  }
}

package dev.unroll.runtime.data;

/**
 * Per-feature standardisation, {@code x' = (x - mean) / std}, with the statistics fitted on training data
 * only and then applied unchanged to validation, test and live data, so nothing about held-out samples leaks
 * into training.
 *
 * <p>The standard deviation is the population one (divided by {@code n}, as scikit-learn's
 * {@code StandardScaler}). A feature with zero variance in the training data (a constant, such as an always
 * blank border pixel) is only centered: it is divided by 1, not by 0, so it becomes 0 rather than NaN.
 * Statistics are computed in double precision.
 */
public final class Standardizer {
  private final float[] mean;
  private final float[] scale;

  private Standardizer(float[] mean, float[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /**
   * Fits the mean and standard deviation of each feature over the samples of {@code train}.
   *
   * @throws IllegalArgumentException if {@code train} is empty
   */
  public static Standardizer fit(DataSet train) {
    int n = train.size();
    int width = train.featureSize();
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit a standardizer on an empty data set");
    }
    float[] x = train.features();
    double[] sum = new double[width];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < width; j++) {
        sum[j] += x[s * width + j];
      }
    }
    double[] mean = new double[width];
    for (int j = 0; j < width; j++) {
      mean[j] = sum[j] / n;
    }
    double[] squares = new double[width]; // second pass: sum of squared deviations, numerically stable
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < width; j++) {
        double d = x[s * width + j] - mean[j];
        squares[j] += d * d;
      }
    }
    float[] means = new float[width];
    float[] scales = new float[width];
    for (int j = 0; j < width; j++) {
      double std = Math.sqrt(squares[j] / n);
      means[j] = (float) mean[j];
      scales[j] = std > 0 ? (float) std : 1f;
    }
    return new Standardizer(means, scales);
  }

  /** The number of features this standardizer was fitted on. */
  public int featureSize() {
    return mean.length;
  }

  /** The fitted mean of each feature; a copy. */
  public float[] mean() {
    return mean.clone();
  }

  /** What each feature is divided by: its standard deviation, or 1 where that is zero; a copy. */
  public float[] scale() {
    return scale.clone();
  }

  /**
   * A new data set with standardised features and the same labels or targets.
   *
   * @throws IllegalArgumentException if the data's feature size differs from the fitted one
   */
  public DataSet apply(DataSet data) {
    if (data.featureSize() != mean.length) {
      throw new IllegalArgumentException("fitted on " + mean.length + " features per sample, the data has "
          + data.featureSize());
    }
    float[] features = data.features().clone();
    applyInPlace(features);
    return data.withFeatures(features);
  }

  /**
   * Standardises, in place, any number of samples stored one after another, e.g. one live input before
   * {@code predict}.
   *
   * @throws IllegalArgumentException if the length is not a multiple of the fitted feature size
   */
  public void applyInPlace(float[] samples) {
    int width = mean.length;
    if (samples.length % width != 0) {
      throw new IllegalArgumentException("expected a multiple of " + width + " features (the fitted feature size), got "
          + samples.length);
    }
    for (int i = 0; i < samples.length; i++) {
      int j = i % width;
      samples[i] = (samples[i] - mean[j]) / scale[j];
    }
  }
}

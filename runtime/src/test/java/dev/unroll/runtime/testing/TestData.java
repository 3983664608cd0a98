package dev.unroll.runtime.testing;

import dev.unroll.runtime.Rng;
import dev.unroll.runtime.data.DataSet;

/** Small synthetic data sets for tests. */
public final class TestData {
  private TestData() {}

  /**
   * {@code n} 2-d points in {@code classes} well separated Gaussian blobs (standard deviation 0.5, centres
   * on a circle of radius 4), labelled by blob, in random order.
   */
  public static DataSet blobs(int n, int classes, long seed) {
    Rng rng = new Rng(seed);
    float[] features = new float[2 * n];
    int[] labels = new int[n];
    for (int s = 0; s < n; s++) {
      int c = rng.nextInt(classes);
      double angle = 2 * Math.PI * c / classes;
      features[2 * s] = (float) (4 * Math.cos(angle) + 0.5 * rng.nextGaussian());
      features[2 * s + 1] = (float) (4 * Math.sin(angle) + 0.5 * rng.nextGaussian());
      labels[s] = c;
    }
    return DataSet.ofLabels(features, new int[] {2}, labels);
  }

  /** {@code n} samples of one feature equal to the sample's index, labelled {@code index % classes}. */
  public static DataSet numbered(int n, int classes) {
    float[] features = new float[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      features[i] = i;
      labels[i] = i % classes;
    }
    return DataSet.ofLabels(features, new int[] {1}, labels);
  }
}

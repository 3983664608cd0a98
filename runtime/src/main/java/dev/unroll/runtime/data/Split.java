package dev.unroll.runtime.data;

import dev.unroll.runtime.Rng;
import java.util.Arrays;

/**
 * A data set split in two, and the seeded shuffling behind it. The same data, fraction and seed always give
 * the same split, on every JVM ({@link Rng} is SplitMix64).
 *
 * @param train the samples to train on
 * @param validation the held-out samples
 */
public record Split(DataSet train, DataSet validation) {

  /**
   * Splits {@code data} at random: {@code round(size * validationFraction)} samples go to validation, the
   * rest to training. Which samples go where depends only on the seed and the size; within each part the
   * samples keep their original order.
   *
   * @throws IllegalArgumentException if the fraction is not in {@code (0, 1)} or a part would be empty
   */
  public static Split of(DataSet data, double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
    }
    int n = data.size();
    int validationSize = (int) Math.round(n * validationFraction);
    if (validationSize == 0 || validationSize == n) {
      throw new IllegalArgumentException("a validation fraction of " + validationFraction + " of " + n
          + " samples leaves " + validationSize + " for validation and " + (n - validationSize)
          + " for training; both need at least one");
    }
    int[] order = shuffledIndices(n, seed);
    int[] validation = Arrays.copyOfRange(order, 0, validationSize);
    int[] train = Arrays.copyOfRange(order, validationSize, n);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new Split(data.subset(train), data.subset(validation));
  }

  /** {@code {0, 1, ..., n - 1}}. */
  public static int[] indices(int n) {
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    return indices;
  }

  /** A random permutation of {@code 0..n-1} drawn from the seed. */
  public static int[] shuffledIndices(int n, long seed) {
    int[] indices = indices(n);
    shuffle(indices, seed);
    return indices;
  }

  /** Shuffles the whole array in place (Fisher-Yates), drawing from a fresh {@code new Rng(seed)}. */
  public static void shuffle(int[] indices, long seed) {
    new Rng(seed).shuffle(indices, indices.length);
  }
}

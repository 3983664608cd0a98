package dev.unroll.runtime;

import java.util.Map;

/**
 * What every generated network offers, whatever its layers: inference and access to its parameters.
 * Generated classes implement it together with the user's interface, so code can program against either.
 * Instances are not thread-safe: each holds its own activation buffers.
 */
public interface Model {
  /** The simple name of the interface this model was generated from. */
  String name();

  /** The shape of one input sample, without the batch dimension; a fresh copy. */
  int[] inputShape();

  /** The number of floats in one input sample: the product of {@link #inputShape()}. */
  int inputSize();

  /** The number of values the last layer outputs per sample. */
  int outputSize();

  /** The largest batch one call takes (the {@code batchSize} of {@code @Network}). */
  int maxBatch();

  /**
   * Runs the network on {@code n} samples stored one after another in {@code inputs} and writes the last
   * layer's outputs, {@code n * outputSize()} values, to {@code outputs}. Allocates nothing.
   *
   * @throws IllegalArgumentException if {@code n} is not in {@code [1, maxBatch()]} or an array is too short
   */
  void predict(float[] inputs, int n, float[] outputs);

  /** {@link #predict(float[], int, float[])} for one sample. */
  default void predict(float[] input, float[] output) {
    predict(input, 1, output);
  }

  /**
   * Runs the network on one sample and returns the index of the largest output: the predicted class of
   * a classifier. Allocates nothing.
   */
  int predictClass(float[] input);

  /** The last layer's latest output, {@code [n, outputSize()]}: a read-only view. */
  Tensor output();

  /**
   * The parameters by PyTorch-style name ({@code fc1.weight}, {@code fc1.bias}), in declaration order, as
   * writable views in PyTorch's layout. The map is unmodifiable and created once.
   */
  Map<String, Tensor> parameters();

  /** The total number of parameters. */
  long parameterCount();

  /**
   * Draws fresh parameters from the given seed, exactly as construction does, and clears optimizer state.
   */
  void initialize(long seed);

  /** The model summary: one row per layer with output shape, parameter count and FLOPs per sample. */
  String summary();
}

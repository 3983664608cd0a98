package dev.unroll.samples;

import dev.unroll.Activation;
import dev.unroll.BinaryCrossEntropy;
import dev.unroll.Dense;
import dev.unroll.Network;
import dev.unroll.SGD;
import dev.unroll.runtime.Tensor;

/**
 * The 2-2-1 sigmoid network for XOR, the function a single perceptron cannot represent: the hidden
 * layer draws two lines, the output combines them.
 */
@Network(input = 2, batchSize = 4, seed = 3)
@BinaryCrossEntropy
@SGD(learningRate = 0.5, momentum = 0.9)
public interface Xor {
  @Dense(units = 2, activation = Activation.SIGMOID)
  Tensor hidden();

  @Dense(units = 1, activation = Activation.SIGMOID)
  Tensor out();
}

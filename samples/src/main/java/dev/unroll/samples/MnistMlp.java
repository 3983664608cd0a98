package dev.unroll.samples;

import dev.unroll.Activation;
import dev.unroll.Adam;
import dev.unroll.CrossEntropy;
import dev.unroll.Dense;
import dev.unroll.Network;
import dev.unroll.runtime.Tensor;

/** 784-128-10 multi-layer perceptron for MNIST digits: ReLU hidden layer, logits out, Adam. */
@Network(input = 784, batchSize = 32, seed = 1)
@CrossEntropy
@Adam(learningRate = 1e-3)
public interface MnistMlp {
  @Dense(units = 128, activation = Activation.RELU)
  Tensor fc1();

  @Dense(units = 10)
  Tensor fc2();
}

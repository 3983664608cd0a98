package dev.unroll.benchmarks;

import dev.unroll.Activation;
import dev.unroll.Adam;
import dev.unroll.CrossEntropy;
import dev.unroll.Dense;
import dev.unroll.Network;
import dev.unroll.runtime.Tensor;

/**
 * The samples' {@code MnistMlp} (784-128-10, ReLU, softmax cross-entropy, Adam 1e-3, seed 1) with room for
 * batches of 64: a benchmark-only copy, so that batch-64 inference can be compared with PyTorch's. The
 * processor generates {@code UnrollMnistMlp64}; apart from the batch size, its code is the same as
 * {@code UnrollMnistMlp}'s.
 */
@Network(input = 784, batchSize = 64, seed = 1)
@CrossEntropy
@Adam(learningRate = 1e-3)
public interface MnistMlp64 {
  @Dense(units = 128, activation = Activation.RELU)
  Tensor fc1();

  @Dense(units = 10)
  Tensor fc2();
}

package dev.unroll.benchmarks;

import dev.unroll.Dense;
import dev.unroll.Network;
import dev.unroll.runtime.Tensor;

/**
 * One dense layer 1024 -> 1024 without bias or activation, batches of up to 256, inference only: the
 * matrix product {@code [256, 1024] x [1024, 1024]^T}, 2 * 256 * 1024 * 1024 = 537 MFLOP per batch. It
 * measures the raw throughput of the generated dense kernel against PyTorch's sgemm (OpenBLAS). The
 * processor generates {@code UnrollDense1024}.
 */
@Network(input = 1024, batchSize = 256, seed = 1)
public interface Dense1024 {
  @Dense(units = 1024, bias = false)
  Tensor fc();
}

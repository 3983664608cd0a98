#!/usr/bin/python3
"""PyTorch side of benchmarks/compare: the same models and work as the JMH benchmarks.

Run with Debian's interpreter and python3-torch, on Debian's OpenBLAS (libopenblas0-openmp) selected with
LD_LIBRARY_PATH, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for this process only: benchmarks/compare
does all of that. Prints one JSON object per row: {"row": name, "unit": ..., "value": ...}, where value is
a median over repeats.

Rows:
  mlp-infer-b1-t{1,2}   microseconds per prediction of one sample (784-128-10 ReLU MLP)
  mlp-infer-b64-t{1,2}  microseconds per batch of 64
  mlp-train-b32-t{1,2}  samples per second of training steps at batch 32 (forward, cross-entropy,
                        backward, Adam 1e-3)
  dense1024-gflops-t1   GFLOP/s of a dense forward 1024 -> 1024 at batch 256 (sgemm 256x1024x1024)
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def median_time(fn, inner, repeats, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def mlp():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def emit(row, unit, value):
    print(json.dumps({"row": row, "unit": unit, "value": value}), flush=True)


def main():
    quick = "--quick" in sys.argv
    repeats = 5 if quick else 15
    scale = 0.3 if quick else 1.0
    torch.manual_seed(0)
    for threads in (1, 2):
        torch.set_num_threads(threads)
        model = mlp().eval()
        x1 = torch.rand(1, 784)
        x64 = torch.rand(64, 784)
        with torch.inference_mode():
            t = median_time(lambda: model(x1), int(2000 * scale) or 1, repeats, 200)
            emit(f"mlp-infer-b1-t{threads}", "us/op", t * 1e6)
            t = median_time(lambda: model(x64), int(500 * scale) or 1, repeats, 50)
            emit(f"mlp-infer-b64-t{threads}", "us/op", t * 1e6)

        model = mlp().train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        x32 = torch.rand(32, 784)
        labels = torch.randint(0, 10, (32,))

        def step():
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x32), labels)
            loss.backward()
            optimizer.step()

        t = median_time(step, int(200 * scale) or 1, repeats, 20)
        emit(f"mlp-train-b32-t{threads}", "samples/s", 32 / t)

    torch.set_num_threads(1)
    a = torch.rand(256, 1024)
    w = torch.rand(1024, 1024)
    with torch.inference_mode():
        t = median_time(lambda: F.linear(a, w), int(50 * scale) or 1, repeats, 5)
    emit("dense1024-gflops-t1", "GFLOP/s", 2 * 256 * 1024 * 1024 / t / 1e9)


if __name__ == "__main__":
    main()

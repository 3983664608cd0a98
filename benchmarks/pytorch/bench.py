#!/usr/bin/python3
"""PyTorch side of benchmarks/compare: the same models and work as the JMH benchmarks.

Run with Debian's interpreter and python3-torch, on Debian's OpenBLAS (libopenblas0-openmp) selected with
LD_LIBRARY_PATH, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for this process only: benchmarks/compare
does all of that. Prints one JSON object per row: {"row": name, "unit": ..., "value": ...}, where value is
a median over repeats.

The inputs are the first 64 MNIST test digits from samples/data/mnist (pixels / 255, as the JMH benchmarks
read them), or uniform random ones if that file is missing (a note on stderr says so). Batch 1 predicts
them in turn, like the JMH side. Training cycles through 62 batches of 32 of the first 1,984 digits from
the initial parameters, for about 3,000 steps (300 with --quick), as each JMH iteration does for 1 s.

Rows:
  mlp-infer-b1-t{1,2}   microseconds per prediction of one sample (784-128-10 ReLU MLP)
  mlp-infer-b1dense-t{1,2}  the same on uniform random inputs in [0.01, 1] with no zero pixel: Unroll skips
                        a sample's zero inputs, PyTorch does the same work whatever the values
  mlp-infer-b64-t{1,2}  microseconds per batch of 64
  mlp-train-b32-t{1,2}  samples per second of training steps at batch 32 (forward, cross-entropy,
                        backward, Adam 1e-3), each step on the next of 62 batches
  dense1024-gflops-t1   GFLOP/s of a dense forward 1024 -> 1024 at batch 256 (sgemm 256x1024x1024)
With --dense-only it runs only the last row (for measurements that alternate it with the JMH side; see
benchmarks/README.md).
"""
import gzip
import json
import os
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


MNIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "data", "mnist",
                     "test-images-idx3-ubyte.gz")
LABELS = MNIST.replace("images-idx3", "labels-idx1")


def digits(count):
    """The first count MNIST test digits as [count, 784] floats in [0, 1] and their labels, or random."""
    try:
        with gzip.open(MNIST, "rb") as f:
            header = f.read(16)
            pixels = f.read(count * 784)
        with gzip.open(LABELS, "rb") as f:
            f.read(8)
            labels = f.read(count)
        if int.from_bytes(header[:4], "big") != 0x803 or len(pixels) != count * 784 or len(labels) != count:
            raise ValueError(f"{MNIST}: not an IDX file of at least {count} 28x28 images")
        x = torch.tensor(list(pixels), dtype=torch.float32).reshape(count, 784) / 255
        return x, torch.tensor(list(labels), dtype=torch.int64)
    except OSError as e:
        print(f"bench.py: {e}; using random inputs", file=sys.stderr)
        return torch.rand(count, 784), torch.randint(0, 10, (count,))


def cycle(rows):
    """A function that returns the next of rows (inputs, or batches) on every call, round and round."""
    state = {"next": 0}

    def next_row():
        state["next"] = (state["next"] + 1) % len(rows)
        return rows[state["next"]]

    return next_row


def mlp():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def emit(row, unit, value):
    print(json.dumps({"row": row, "unit": unit, "value": value}), flush=True)


def main():
    quick = "--quick" in sys.argv
    dense_only = "--dense-only" in sys.argv
    repeats = 5 if quick else 15
    scale = 0.3 if quick else 1.0
    torch.manual_seed(0)
    x_train, labels_train = digits(62 * 32)
    x64 = x_train[:64].clone()
    singles = [x64[k:k + 1].clone() for k in range(64)]
    dense = [0.01 + 0.99 * torch.rand(1, 784) for _ in range(64)]
    for threads in () if dense_only else (1, 2):
        torch.set_num_threads(threads)
        model = mlp().eval()
        with torch.inference_mode():
            for row, inputs in ((f"mlp-infer-b1-t{threads}", singles), (f"mlp-infer-b1dense-t{threads}", dense)):
                next_input = cycle(inputs)
                t = median_time(lambda: model(next_input()), int(2000 * scale) or 1, repeats, 200)
                emit(row, "us/op", t * 1e6)
            t = median_time(lambda: model(x64), int(500 * scale) or 1, repeats, 50)
            emit(f"mlp-infer-b64-t{threads}", "us/op", t * 1e6)

        model = mlp().train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        batches = [(x_train[k:k + 32].clone(), labels_train[k:k + 32].clone()) for k in range(0, 62 * 32, 32)]
        next_batch = cycle(batches)

        def step():
            x32, labels = next_batch()
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

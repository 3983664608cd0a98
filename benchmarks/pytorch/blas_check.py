#!/usr/bin/python3
"""Which BLAS torch's matrix products resolve to, as benchmarks/compare runs bench.py.

Run in the same environment as bench.py (benchmarks/compare does). Imports torch, runs one small matrix
product and one F.linear, then lists the BLAS/LAPACK/OpenMP libraries mapped into this process
(/proc/self/maps) and, if OpenBLAS is among them, asks it for its version, build configuration, the core
it selected and its thread count. Exits with status 1 if no libopenblas is mapped.
"""
import ctypes
import os
import sys

import torch
import torch.nn.functional as F


def mapped_libraries():
    keys = ("blas", "lapack", "gomp", "omp.so", "mkl", "dnnl")
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split()
            if len(fields) >= 6 and fields[5].startswith("/") and any(k in os.path.basename(fields[5]) for k in keys):
                libs.add(fields[5])
    return sorted(libs)


def main():
    torch.set_num_threads(1)
    a = torch.rand(64, 64)
    (a @ a).sum().item()
    F.linear(a, a).sum().item()
    libs = mapped_libraries()
    print(f"torch {torch.__version__} ({torch.__file__}); python {sys.executable} {sys.version.split()[0]}")
    print(f"LD_LIBRARY_PATH={os.environ.get('LD_LIBRARY_PATH', '')} "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '<unset>')} "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '<unset>')}")
    for lib in libs:
        real = os.path.realpath(lib)
        print(f"mapped: {lib}" + (f" -> {real}" if real != lib else ""))
    openblas = [lib for lib in libs if "openblas" in os.path.basename(os.path.realpath(lib))]
    if not openblas:
        print("NOT OpenBLAS: no libopenblas is mapped into the torch process")
        return 1
    lib = ctypes.CDLL(openblas[0])
    lib.openblas_get_config.restype = ctypes.c_char_p
    lib.openblas_get_corename.restype = ctypes.c_char_p
    mode = {0: "sequential", 1: "pthreads", 2: "OpenMP"}.get(lib.openblas_get_parallel(), "unknown")
    print(f"OpenBLAS: {lib.openblas_get_config().decode()}; core {lib.openblas_get_corename().decode()}; "
          f"{mode} threading, up to {lib.openblas_get_num_threads()} threads (each call uses at most "
          f"omp_get_max_threads(), which torch.set_num_threads sets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

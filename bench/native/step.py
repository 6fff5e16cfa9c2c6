#!/usr/bin/env python3
"""One training step of configs A (3072-100-10, batch 200) and B
(3072-512-10, batch 256) in numpy float32, the peer of the Go engine's
step on the command line (cmd/mlp's BenchmarkStep). The same work as
core/nn's Network.CostGrad and an SGD update: X·W1 + b1, ReLU, ·W2 + b2,
softmax cross-entropy, the backward pass (dW2 = aᵀ·dZ2, dA = dZ2·W2ᵀ,
dW1 = Xᵀ·dZ1) with an L2 penalty, then W -= lr·dW, on a random batch.

Prints one JSON line: for each config, the median ms per step over
--seconds of steps in each of --rounds rounds (configs alternating), and
the BLAS numpy runs on: the shared libraries loaded into this process and
OpenBLAS's own configuration, core (the kernel it chose for this CPU)
and thread count (OPENBLAS_NUM_THREADS, set by the caller).

Usage: python3 step.py [--seconds 3] [--rounds 1]
"""
import argparse
import json
import time

import numpy as np


def loaded_blas():
    """The BLAS libraries mapped into this process (Linux)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "blas" in path or "lapack" in path:
                    libs.add(path)
    except OSError:
        pass
    return sorted(libs)


def openblas_config():
    """OpenBLAS's own description, the core whose kernels it runs and its
    thread count, if loaded."""
    import ctypes
    for path in loaded_blas():
        if "openblas" in path:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_config.restype = ctypes.c_char_p
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return (lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(),
                        int(lib.openblas_get_num_threads()))
            except (OSError, AttributeError):
                pass
    return None, None, None


def make_step(hidden, batch, rng):
    f32 = np.float32
    x = rng.standard_normal((batch, 3072)).astype(f32)
    y = rng.integers(0, 10, batch)
    w1 = (rng.standard_normal((3072, hidden)) * 1e-2).astype(f32)
    b1 = np.zeros(hidden, f32)
    w2 = (rng.standard_normal((hidden, 10)) * 1e-2).astype(f32)
    b2 = np.zeros(10, f32)
    lr, reg = f32(1e-4), f32(1e-3)
    rows = np.arange(batch)

    def step():
        nonlocal w1, b1, w2, b2
        z1 = x @ w1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ w2 + b2
        z2 -= z2.max(axis=1, keepdims=True)
        p = np.exp(z2)
        p /= p.sum(axis=1, keepdims=True)
        loss = -np.log(p[rows, y]).mean() + reg * ((w1 * w1).sum() + (w2 * w2).sum())
        dz2 = p
        dz2[rows, y] -= 1
        dz2 /= batch
        dw2 = a1.T @ dz2 + 2 * reg * w2
        db2 = dz2.sum(axis=0)
        dz1 = dz2 @ w2.T
        dz1[z1 <= 0] = 0
        dw1 = x.T @ dz1 + 2 * reg * w1
        db1 = dz1.sum(axis=0)
        w1 -= lr * dw1
        b1 -= lr * db1
        w2 -= lr * dw2
        b2 -= lr * db2
        return loss

    for _ in range(5):
        step()
    return step


def step_time(step, seconds):
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return times[len(times) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    steps = {"A": make_step(100, 200, rng), "B": make_step(512, 256, rng)}
    out = {"A": [], "B": []}
    for _ in range(args.rounds):
        for name, step in steps.items():
            out[name].append(step_time(step, args.seconds))
    config, core, threads = openblas_config()
    out["numpy"] = np.__version__
    out["blas_libraries"] = loaded_blas()
    out["openblas_config"] = config
    out["openblas_core"] = core
    out["openblas_threads"] = threads
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes numpy_streams.json: reference streams of numpy's legacy generator.

Run from the repository root with the system Python and numpy (written
against numpy 1.24; RandomState's legacy streams are frozen across versions):

    /usr/bin/python3 core/rng/testdata/gen.py

Each program seeds a generator and applies a list of operations in order; the
Go tests replay the same operations on rng.RandomState and compare every
output bit for bit. Because the operations share one generator, an operation
that consumes one draw too many or too few shifts all later outputs, so the
programs also check how many raw outputs each method consumes.

The "log" cases record the C library's log (CPython's math.log calls it),
which numpy's legacy_gauss uses, to test the Go port of glibc's log directly.
"""

import json
import math
import os
import platform
import sys

import numpy as np

SEEDS = [0, 1, 42, 2**32 - 1, 12345]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_streams.json")


def run(g, op):
    """Applies op to g (a RandomState or the np.random module) and returns op
    with its outputs under "ints" or "floats"."""
    kind = op["op"]
    out = dict(op)
    ints = floats = None
    if kind == "seed":
        g.seed(op["n"])
        return out
    if kind == "uint32":
        # For dtype uint32 and the full range, numpy returns raw MT19937
        # outputs (random_bounded_uint32_fill with rng == 0xFFFFFFFF).
        ints = g.randint(0, 2**32, size=op["count"], dtype=np.uint32)
    elif kind == "random_sample":
        floats = g.random_sample(op["count"])
    elif kind == "randn":
        floats = g.randn(op["count"])
    elif kind == "randn_scalar":
        floats = [g.randn() for _ in range(op["count"])]
    elif kind == "randn2d":
        floats = (op["scale"] * g.randn(op["rows"], op["cols"])).ravel()
    elif kind == "randint":
        ints = [g.randint(op["low"], op["high"]) for _ in range(op["count"])]
    elif kind == "randint_size":
        ints = g.randint(op["low"], op["high"], size=op["count"])
    elif kind == "intn":
        ints = [g.randint(0, op["n"]) for _ in range(op["count"])]
    elif kind == "choice":
        ints = g.choice(op["n"], op["size"])
    elif kind == "permutation":
        ints = g.permutation(op["n"])
    elif kind == "shuffle":
        arr = np.array(op["in"], dtype=np.int64)
        g.shuffle(arr)
        ints = arr
    elif kind == "uniform":
        floats = [g.uniform(op["low"], op["high"]) for _ in range(op["count"])]
    elif kind == "uniform_size":
        floats = g.uniform(op["low"], op["high"], size=op["count"])
    else:
        raise ValueError(kind)
    if ints is not None:
        out["ints"] = [int(v) for v in ints]
    else:
        out["floats"] = [float(v) for v in floats]
    return out


def program(name, seed, ops, use_global=False):
    if use_global:
        g = np.random
        g.seed(seed)
    else:
        g = np.random.RandomState(seed)
    return {"name": name, "seed": seed, "global": use_global,
            "ops": [run(g, op) for op in ops]}


def gauss_ops(seed, long_len):
    return [
        # randn(3) leaves a cached variate; random_sample must not touch it,
        # and randn(1) must return it without drawing.
        {"op": "randn", "count": 3},
        {"op": "random_sample", "count": 2},
        {"op": "randn", "count": 1},
        {"op": "randn_scalar", "count": 1},
        {"op": "randn", "count": 4},
        {"op": "random_sample", "count": 1},
        {"op": "randn", "count": 5},
        {"op": "randn_scalar", "count": 3},
        # Reseeding discards the cached variate.
        {"op": "seed", "n": seed},
        {"op": "randn_scalar", "count": 1},
        {"op": "seed", "n": seed},
        {"op": "randn2d", "rows": 3, "cols": 5, "scale": 1.0},
        {"op": "randn", "count": long_len},
    ]


RANGES = [
    (0, 2), (0, 3), (0, 10), (0, 49000), (0, 2**31), (0, 2**32 - 1),
    (0, 2**32),       # rng == 0xFFFFFFFF: raw 32-bit outputs
    (0, 2**32 + 1),   # rng == 2**32: first range drawn with 64-bit values
    (0, 2**33), (-5, 5),
    (5, 6),           # rng == 0: returns low without drawing
    (-10**12, 10**12), (-2**63, 2**63 - 1), (2**62, 2**63 - 1),
]


def randint_ops():
    ops = [{"op": "randint", "low": lo, "high": hi, "count": 20} for lo, hi in RANGES]
    ops += [
        {"op": "randint_size", "low": 0, "high": 10, "count": 50},
        {"op": "randint_size", "low": -3, "high": 2**33, "count": 10},
        {"op": "intn", "n": 7, "count": 20},
        {"op": "intn", "n": 1, "count": 5},
        {"op": "random_sample", "count": 3},
    ]
    return ops


def choice_ops():
    return [
        {"op": "choice", "n": 49000, "size": 200},
        {"op": "choice", "n": 49000, "size": 200},
        {"op": "choice", "n": 49000, "size": 200},
        {"op": "choice", "n": 5, "size": 200},
        {"op": "choice", "n": 1, "size": 5},
        {"op": "choice", "n": 2**32 + 7, "size": 5},
        {"op": "choice", "n": 10, "size": 0},
        {"op": "randint", "low": 0, "high": 10, "count": 5},
    ]


def shuffle_ops():
    return [
        {"op": "permutation", "n": 10},
        {"op": "permutation", "n": 1000},
        {"op": "permutation", "n": 1},
        {"op": "permutation", "n": 0},
        {"op": "shuffle", "in": [7 * i - 3 for i in range(20)]},
        {"op": "shuffle", "in": []},
        {"op": "shuffle", "in": [42]},
        {"op": "randint", "low": 0, "high": 10, "count": 5},
    ]


def uniform_ops():
    return [
        {"op": "uniform", "low": -1.0, "high": 1.0, "count": 10},
        {"op": "uniform", "low": 0.0, "high": 1e-3, "count": 5},
        {"op": "uniform", "low": 5.0, "high": 2.0, "count": 5},
        {"op": "uniform", "low": 3.0, "high": 3.0, "count": 2},
        {"op": "uniform", "low": -1e300, "high": 1e300, "count": 3},
        {"op": "uniform_size", "low": -0.5, "high": 0.5, "count": 10},
        {"op": "random_sample", "count": 5},
    ]


def toy_program():
    # The toy report's initialisation: global generator, W1 and W2 from
    # 0.1*randn, then three mini-batches of 200 indices into 5 samples.
    ops = [
        {"op": "randn2d", "rows": 4, "cols": 10, "scale": 0.1},
        {"op": "randn2d", "rows": 10, "cols": 3, "scale": 0.1},
        {"op": "choice", "n": 5, "size": 200},
        {"op": "choice", "n": 5, "size": 200},
        {"op": "choice", "n": 5, "size": 200},
    ]
    return program("toy/seed0", 0, ops, use_global=True)


def log_cases():
    rs = np.random.RandomState(7)
    xs = []
    # Arguments as legacy_gauss produces them: r2 = x1*x1 + x2*x2 in (0, 1).
    while len(xs) < 400:
        x1 = 2.0 * rs.random_sample() - 1.0
        x2 = 2.0 * rs.random_sample() - 1.0
        r2 = x1 * x1 + x2 * x2
        if 0.0 < r2 < 1.0:
            xs.append(r2)
    # Near 1, where glibc switches to its second polynomial.
    xs += [1.0 + (rs.random_sample() * 0.13 - 0.0625) for _ in range(200)]
    # Any positive finite double.
    while len(xs) < 700:
        bits = int(rs.randint(0, 2**63, dtype=np.uint64))
        x = float(np.array([bits], dtype=np.uint64).view(np.float64)[0])
        if math.isfinite(x) and x > 0:
            xs.append(x)
    lo, hi = 1.0 - 2.0**-4, 1.0 + float.fromhex("0x1.09p-4")
    xs += [1.0, math.nextafter(1.0, 2.0), math.nextafter(1.0, 0.0),
           lo, math.nextafter(lo, 0.0), hi, math.nextafter(hi, 0.0),
           5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-300,
           2.0**-104, 0.5, 2.0, math.e, 10.0, 1e300, sys.float_info.max,
           float.fromhex("0x1.6p-1"), math.nextafter(float.fromhex("0x1.6p-1"), 0.0)]
    # Inputs where evaluating glibc's polynomials with separately rounded
    # multiplies and adds, instead of the FMAs of glibc's __log_fma, changes
    # the last bit (found by searching with a modified Go port).
    xs += [float.fromhex(h) for h in HARD_LOG_INPUTS]
    return [[x, math.log(x)] for x in xs]


HARD_LOG_INPUTS = [
    # main path: r*r2*p + (l + r2*A0) unfused
    "0x1.7be855523c6a4p-02", "0x1.480d8fab27aa5p-01",
    "0x1.440ae6e17cbfap-01", "0x1.39fdeda85021bp-01",
    # near 1: q*r3 + lo unfused
    "0x1.f4789a435604dp-01", "0x1.e0b51531f1957p-01", "0x1.0b91f5db07366p+00",
    "0x1.e105e4944c5cfp-01", "0x1.0f79257fa6a3ap+00", "0x1.0e85e40528246p+00",
]


def dumps(doc):
    """Formats doc as JSON with one operation or log case per line, so that a
    regenerated file diffs readably."""
    c = lambda v: json.dumps(v, separators=(",", ":"))
    lines = ["{"]
    for k in ("generator", "numpy", "python", "machine", "libc"):
        lines.append("%s:%s," % (c(k), c(doc[k])))
    lines.append('"programs":[')
    for i, p in enumerate(doc["programs"]):
        head = {k: p[k] for k in ("name", "seed", "global")}
        lines.append(c(head)[:-1] + ',"ops":[')
        lines.append(",\n".join(c(op) for op in p["ops"]))
        lines.append("]}" + ("," if i < len(doc["programs"]) - 1 else ""))
    lines.append('],"log":[')
    lines.append(",\n".join(c(x) for x in doc["log"]))
    lines.append("]}")
    out = "\n".join(lines) + "\n"
    assert json.loads(out) == json.loads(c(doc))
    return out


def main():
    programs = []
    for seed in SEEDS:
        long_len = 1000 if seed in (0, 42) else 300
        programs.append(program("seed%d/raw" % seed, seed, [{"op": "uint32", "count": 1000}]))
        programs.append(program("seed%d/gauss" % seed, seed, gauss_ops(seed, long_len)))
        programs.append(program("seed%d/randint" % seed, seed, randint_ops()))
        programs.append(program("seed%d/choice" % seed, seed, choice_ops()))
        programs.append(program("seed%d/shuffle" % seed, seed, shuffle_ops()))
        programs.append(program("seed%d/uniform" % seed, seed, uniform_ops()))
    programs.append(toy_program())
    doc = {
        "generator": "core/rng/testdata/gen.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "libc": " ".join(platform.libc_ver()),
        "programs": programs,
        "log": log_cases(),
    }
    with open(OUT, "w") as f:
        f.write(dumps(doc))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()

"""The notebook's side of the .npz round trip (numpy only).

  notebook.py scores MODEL.npz X.npy OUT.npy   scores of X by the model, as the notebook computes them
  notebook.py make OUT.npz X.npy SCORES.npy     write a 3-layer model, some inputs and their scores

Scores: (X - mean) / std, then relu(x.W1 + b1) ... and the last layer linear,
as in the report's TwoLayerNet.loss (the scores before softmax).
"""
import sys
import numpy as np


def scores(params, x):
    if "mean" in params:
        x = x - params["mean"]
    if "std" in params:
        x = x / params["std"]
    k = 1
    while "W%d" % (k + 1) in params:
        x = np.maximum(0, x.dot(params["W%d" % k]) + params["b%d" % k])
        k += 1
    return x.dot(params["W%d" % k]) + params["b%d" % k]


def main():
    cmd = sys.argv[1]
    if cmd == "scores":
        with np.load(sys.argv[2]) as f:
            params = {k: f[k] for k in f.files}
        assert [str(c) for c in params["classes"]], "classes must load as strings"
        np.save(sys.argv[4], scores(params, np.load(sys.argv[3])))
        print(" ".join(sorted(params)))
    elif cmd == "make":
        np.random.seed(7)
        p = {
            "W1": 0.1 * np.random.randn(6, 5),
            "b1": 0.1 * np.random.randn(5),
            "W2": (0.1 * np.random.randn(5, 4)).astype(np.float32),
            "b2": np.zeros(4),
            "W3": 0.1 * np.random.randn(4, 3),
            "b3": 0.1 * np.random.randn(3),
            "mean": np.random.randn(6),
            "classes": np.array(["cat", "dog", "café"]),
        }
        x = np.random.randn(8, 6)
        q = dict(p)
        q["W2"] = p["W2"].astype(np.float64)
        np.savez(sys.argv[2], **p)
        np.save(sys.argv[3], x)
        np.save(sys.argv[4], scores(q, x))
    else:
        sys.exit("unknown command " + cmd)


main()

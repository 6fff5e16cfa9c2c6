"""The numpy side of core/model's .npz tests (run by npz_test.go).

score IN.npz IMAGES.u8 N      prints the softmax probabilities (JSON, N rows) of the
                              model in IN.npz on the N CIFAR-10 records (3072 bytes
                              each) of IMAGES.u8, computed the notebook's way.
write OUT.npz IMAGES.u8 N     writes a notebook-style net (3072-7-4, tanh, mean image
                              as 1x3072, biases (n,)), then prints its probabilities
                              on the images.
"""
import json
import sys

import numpy as np

ACT = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def probs(f, X):
    pre = str(f["preprocess"]) if "preprocess" in f else ("channel" if "std" in f else "mean-image" if "mean" in f else "none")
    if pre == "mean-image":
        X = X - f["mean"].reshape(1, -1)
    elif pre == "channel":
        X = ((X.reshape(-1, 3, 1024) - f["mean"].reshape(1, 3, 1)) / f["std"].reshape(1, 3, 1)).reshape(-1, 3072)
    act = ACT[str(f["activation"])] if "activation" in f else ACT["relu"]
    L = sum(1 for k in f.keys() if k.startswith("W"))
    a = X
    for i in range(1, L + 1):
        a = a @ f["W%d" % i] + f["b%d" % i].reshape(1, -1)
        if i < L:
            a = act(a)
    a = a - a.max(axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)


def main():
    cmd, path, images, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    X = np.fromfile(images, dtype=np.uint8).reshape(n, 3072).astype(np.float64)
    if cmd == "write":
        rng = np.random.default_rng(7)
        np.savez(path,
                 W1=0.01 * rng.standard_normal((3072, 7)), b1=0.1 * rng.standard_normal(7),
                 W2=0.5 * rng.standard_normal((7, 4)), b2=0.1 * rng.standard_normal(4),
                 mean=rng.uniform(0, 255, (1, 3072)), activation=np.array("tanh"),
                 classes=np.array(["cat", "dog", "ship", "frog"]))
    f = np.load(path)
    print(json.dumps({"probs": probs(f, X).tolist(), "keys": sorted(f.keys()),
                      "classes": [str(c) for c in f["classes"]] if "classes" in f else []}))


main()

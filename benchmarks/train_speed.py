"""Benchmark: one MNIST epoch of a 784-128-10 MLP on device synapses; prints JSON as its last line.

Three figures from the same run, each scaled to an epoch of 60 000 images when ``--samples`` is
smaller:

- ``numpy_float_online_s``: the float network in plain NumPy (ReLU, softmax cross entropy,
  batch 1), the floor any online trainer is compared with;
- ``device_online_s``: :func:`network.train.train` with batch 1 on the nonlinear, asymmetric
  synapses of 001 (A_p 22, A_d 9 pulses, 100 levels, C2C 0.065 / 0.029, D2D 0.13 / 0.48);
- ``device_minibatch_s``: the same with mini-batches of 64.

    python benchmarks/train_speed.py --mnist-dir ../shared/data/mnist
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import torch

from network import mnist
from network.synapse import ExponentialDevice, ExponentialSynapses
from network.train import TrainingConfig, train

EPOCH = 60_000
DEVICE = {"a_p": 22.0, "a_d": 9.0, "n_pulses": 100, "c2c": (0.065, 0.029), "d2d": (0.13, 0.48)}


def numpy_float_epoch(x: np.ndarray, y: np.ndarray, hidden: int, lr: float, seed: int) -> float:
    """Wall seconds of one online epoch of the float 784-hidden-10 network in NumPy."""
    rng = np.random.default_rng(seed)
    w1 = (rng.standard_normal((hidden, 784)) / 28.0).astype(np.float32)
    w2 = (rng.standard_normal((10, hidden)) / hidden**0.5).astype(np.float32)
    started = time.perf_counter()
    for i in rng.permutation(len(x)):
        h = w1 @ x[i]
        a = np.maximum(h, 0.0)
        o = w2 @ a
        s = np.exp(o - o.max())
        s /= s.sum()
        s[y[i]] -= 1.0
        d_h = (w2.T @ s) * (h > 0)
        w2 -= lr * np.outer(s, a)
        w1 -= lr * np.outer(d_h, x[i])
    return time.perf_counter() - started


def device_epoch(data: tuple, batch_size: int, lr: float, seed: int) -> tuple[float, float]:
    """Wall seconds of one device-synapse epoch of train(), and its test accuracy."""
    config = TrainingConfig(hidden=128, epochs=1, batch_size=batch_size, learning_rate=lr,
                            seed=seed)
    result = train(data, config, progress=False, synapses=_exponential_synapses)
    return result["train_time_s"], result["final_test_accuracy"]


def _exponential_synapses(weight: torch.Tensor, w_max, generator) -> ExponentialSynapses:
    device = ExponentialDevice(DEVICE["a_p"], DEVICE["a_d"], DEVICE["n_pulses"],
                               c2c=DEVICE["c2c"], d2d=DEVICE["d2d"])
    return device.devices(weight, w_max, generator)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mnist-dir", required=True, help="folder with the four MNIST files")
    parser.add_argument("--samples", type=int, default=EPOCH,
                        help="training images timed (figures are scaled to 60 000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(1)
    x_train, y_train, x_test, y_test = mnist.load(args.mnist_dir)
    n = min(args.samples, len(x_train))
    data = (x_train[:n], y_train[:n], x_test, y_test)
    scale = EPOCH / n
    float_s = numpy_float_epoch(x_train[:n], y_train[:n], 128, 0.01, args.seed) * scale
    online_s, online_acc = device_epoch(data, 1, 0.01, args.seed)
    batch_s, batch_acc = device_epoch(data, 64, 0.3, args.seed)
    record = {
        "network": "784-128-10 relu", "samples_timed": n, "threads": 1,
        "device": {k: list(v) if isinstance(v, tuple) else v for k, v in DEVICE.items()},
        "numpy_float_online_s": round(float_s, 2),
        "device_online_s": round(online_s * scale, 2),
        "device_online_test_accuracy": round(online_acc, 4),
        "device_minibatch_s": round(batch_s * scale, 2),
        "device_minibatch_test_accuracy": round(batch_acc, 4),
    }
    print(json.dumps(record))


if __name__ == "__main__":
    main()

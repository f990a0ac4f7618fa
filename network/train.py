"""MNIST training of an MLP with software weights or pulse-programmed device synapses."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from .synapse import PulseCurves

LOSSES = ("cross_entropy", "mse")
# A network that puts more than this fraction of the test images into one class has collapsed:
# its accuracy is not a meaningful table entry.
COLLAPSE_FRACTION = 0.5
SOFTWARE_NEURONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}
ACTIVATIONS = tuple(SOFTWARE_NEURONS)


@dataclass(frozen=True)
class TrainingConfig:
    """Network size, optimiser and device settings; all draws come from ``seed``."""

    hidden: int = 128
    epochs: int = 3
    batch_size: int = 64
    learning_rate: float = 0.1
    w_max_scale: float = 3.0
    seed: int = 0
    threads: int = 1
    activation: str = "relu"
    loss: str = "cross_entropy"

    def w_max(self, fan_in: int) -> float:
        """Weight range of a layer, w_max_scale / sqrt(fan_in) (the init scale of the layer)."""
        return self.w_max_scale / fan_in**0.5

    def __post_init__(self) -> None:
        for name in ("hidden", "epochs", "batch_size", "threads"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"network field '{name}' = {value!r} must be an integer >= 1")
        for name in ("learning_rate", "w_max_scale"):
            if not getattr(self, name) > 0:
                raise ValueError(f"network field '{name}' = {getattr(self, name)!r} must be > 0")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"network field 'activation' = {self.activation!r} must be one of "
                             f"{ACTIVATIONS}")
        if self.loss not in LOSSES:
            raise ValueError(f"network field 'loss' = {self.loss!r} must be one of {LOSSES}")


class MLP(nn.Module):
    """784-hidden-10 perceptron, softmax output (in the loss), no biases.

    Biases are left out so every trainable parameter is a crossbar weight. ``neuron`` is the
    hidden activation: a module (e.g. :class:`network.neurons.DeviceNeuron`) or the name of a
    software function.
    """

    def __init__(self, hidden: int, neuron: nn.Module | str = "relu") -> None:
        super().__init__()
        self.hidden = nn.Linear(784, hidden, bias=False)
        self.output = nn.Linear(hidden, 10, bias=False)
        self.neuron = SOFTWARE_NEURONS[neuron]() if isinstance(neuron, str) else neuron

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(self.neuron(self.hidden(x)))


def _mse_on_softmax(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Squared error between the softmax output and the one-hot label (003's loss)."""
    target = nn.functional.one_hot(labels, 10).to(logits.dtype)
    return ((torch.softmax(logits, dim=1) - target) ** 2).sum(dim=1).mean()


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of ``x`` classified as ``y``."""
    with torch.no_grad():
        return float((model(x).argmax(dim=1) == y).float().mean())


def train(data: tuple[np.ndarray, ...], config: TrainingConfig,
          curves: PulseCurves | None = None, progress: bool = True,
          synapses=None, neuron: nn.Module | None = None) -> dict:
    """Train on MNIST; with device synapses every weight update is a whole number of pulses.

    Device synapses come from ``curves`` (tabulated P/D curves, :class:`PulsedWeights`) or from
    ``synapses``, a callable ``(weight, w_max, generator) -> device`` (e.g. a partial of
    :class:`network.synapse.ExponentialSynapses`). Without either, the weights are ideal
    software floats updated by plain SGD with the same learning rate, clipped to the same range
    [-w_max, w_max] per layer. ``neuron`` replaces the software hidden activation. Returns
    per-epoch metrics.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    x_train, y_train, x_test, y_test = (torch.as_tensor(a) for a in data)
    x_train, x_test = x_train.float(), x_test.float()
    # float32 explicitly: importing magnum.np in the same process sets float64 as the default
    model = MLP(config.hidden, neuron if neuron is not None else config.activation)
    model = model.to(torch.float32)
    layers = [model.hidden, model.output]
    devices = None
    if curves is not None:
        synapses = curves.devices
    if synapses is not None:
        devices = [synapses(layer.weight.data, config.w_max(layer.in_features), generator)
                   for layer in layers]
        for layer, dev in zip(layers, devices, strict=True):
            layer.weight.data.copy_(dev.weight)
    loss_fn = nn.CrossEntropyLoss() if config.loss == "cross_entropy" else _mse_on_softmax
    history = {"epoch": [], "train_loss": [], "test_accuracy": [], "pulses": []}
    started = time.perf_counter()
    n = len(x_train)
    for epoch in range(1, config.epochs + 1):
        order = torch.randperm(n, generator=generator)
        total_loss = 0.0
        batches = range(0, n, config.batch_size)
        for start in tqdm(batches, desc=f"epoch {epoch}/{config.epochs}", unit="batch",
                          disable=not progress, mininterval=2.0):
            idx = order[start:start + config.batch_size]
            model.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            total_loss += float(loss.detach()) * len(idx)
            with torch.no_grad():
                for i, layer in enumerate(layers):
                    step = -config.learning_rate * layer.weight.grad
                    if devices is None:
                        w_max = config.w_max(layer.in_features)
                        layer.weight.add_(step).clamp_(-w_max, w_max)
                    else:
                        devices[i].apply(step)
                        layer.weight.copy_(devices[i].weight)
        history["epoch"].append(epoch)
        history["train_loss"].append(total_loss / n)
        history["test_accuracy"].append(accuracy(model, x_test, y_test))
        history["pulses"].append(sum(d.pulses_applied for d in devices) if devices else 0)
    predictions = model(x_test).argmax(dim=1)
    counts = torch.bincount(predictions, minlength=10)
    class_fraction_max = float(counts.max()) / len(predictions)
    return {
        "config": asdict(config),
        "synapse": "software" if devices is None else "device",
        "curve_source": None if curves is None else curves.source,
        "device_pulses_full_range": None if curves is None else curves.n_pulses,
        "history": history,
        "final_test_accuracy": history["test_accuracy"][-1],
        "predicted_class_fraction_max": class_fraction_max,
        "status": "collapsed" if class_fraction_max > COLLAPSE_FRACTION else "ok",
        "train_time_s": time.perf_counter() - started,
    }

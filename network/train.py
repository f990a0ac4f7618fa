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
    # the first train_examples of the training set only (None: all); with running_window, the
    # recognition rate over each window of training examples as they are met (online)
    train_examples: int | None = None
    running_window: int = 0

    def w_max(self, fan_in: int) -> float:
        """Weight range of a layer, w_max_scale / sqrt(fan_in) (the init scale of the layer)."""
        return self.w_max_scale / fan_in**0.5

    def __post_init__(self) -> None:
        if self.train_examples is not None and (not isinstance(self.train_examples, int)
                                                or self.train_examples < 1):
            raise ValueError(f"network field 'train_examples' = {self.train_examples!r} must be "
                             "an integer >= 1")
        if not isinstance(self.running_window, int) or self.running_window < 0:
            raise ValueError(f"network field 'running_window' = {self.running_window!r} must be "
                             "an integer >= 0")
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
        # float32 from the initial draw on, whatever the process's default dtype (magnum.np
        # sets float64), so the same seed gives the same initial weights
        self.hidden = nn.Linear(784, hidden, bias=False, dtype=torch.float32)
        self.output = nn.Linear(hidden, 10, bias=False, dtype=torch.float32)
        self.neuron = SOFTWARE_NEURONS[neuron]() if isinstance(neuron, str) else neuron

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(self.neuron(self.hidden(x)))


def _output_error(logits: torch.Tensor, target: torch.Tensor,
                  loss: str) -> tuple[torch.Tensor, torch.Tensor]:
    """d loss / d logits of the batch mean loss, and the summed loss over the batch.

    ``cross_entropy`` is softmax + negative log likelihood; ``mse`` is the squared error
    between the softmax output and the one-hot label (003's loss). ``target`` is one-hot.
    """
    s = torch.softmax(logits, dim=1)
    if loss == "cross_entropy":
        delta = s - target
        total = -torch.log((s * target).sum(dim=1).clamp_min(1e-30)).sum()
    else:
        error = s - target
        d_s = 2.0 * error
        delta = s * (d_s - (d_s * s).sum(dim=1, keepdim=True))
        total = (error * error).sum()
    return delta / len(target), total


def hidden_activation(neuron: nn.Module):
    """``x -> (activation, d activation / dx)`` of a software or device neuron."""
    if isinstance(neuron, nn.ReLU):
        return lambda x: (torch.relu(x), (x > 0).to(x.dtype))
    if isinstance(neuron, nn.Sigmoid):
        def sigmoid(x):
            y = torch.sigmoid(x)
            return y, y * (1.0 - y)
        return sigmoid
    return lambda x: (neuron(x), neuron.slope(x))


def back_propagate(x: torch.Tensor, target: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor,
                   activation, loss: str) -> tuple[torch.Tensor, ...]:
    """Forward pass of the 784-hidden-10 network and its back-propagated errors.

    Returns the hidden activations a, the hidden and output errors (so that
    d loss / d w1 = delta_h^T x and d loss / d w2 = delta_o^T a) and the summed loss.
    ``activation`` maps the hidden pre-activation to (activation, slope).
    """
    h = x @ w1.T
    a, slope = activation(h)
    delta_o, total = _output_error(a @ w2.T, target, loss)
    return a, (delta_o @ w2) * slope, delta_o, total


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of ``x`` classified as ``y`` (a wearing device neuron is read as it is, not
    worn further by the test)."""
    wearing = getattr(model.neuron, "wearing", None)
    if wearing is not None:
        model.neuron.wearing = False
    try:
        with torch.no_grad():
            return float((model(x).argmax(dim=1) == y).float().mean())
    finally:
        if wearing is not None:
            model.neuron.wearing = wearing


def train(data: tuple[np.ndarray, ...], config: TrainingConfig,
          curves: PulseCurves | None = None, progress: bool = True,
          synapses=None, neuron: nn.Module | None = None) -> dict:
    """Train on MNIST; with device synapses every weight update is a whole number of pulses.

    Device synapses come from ``synapses``, a callable ``(weight, w_max, generator) -> device``
    (e.g. a partial of :class:`network.synapse.ExponentialSynapses`), or from ``curves``
    (tabulated P/D curves, :class:`PulsedWeights`; with ``synapses`` too, recorded only).
    Without either, the weights are ideal software floats updated by plain SGD with the same
    learning rate, clipped to the same range [-w_max, w_max] per layer. ``neuron`` replaces the
    software hidden activation. Returns per-epoch metrics.

    Back-propagation is written out for the two-layer network (no autograd graph per sample).
    With ``batch_size`` 1 the hidden-layer update is the outer product of the hidden error with
    the image, so only the synapses of non-zero pixels are programmed.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    x_train, y_train, x_test, y_test = (torch.as_tensor(a) for a in data)
    if config.train_examples is not None:
        x_train, y_train = x_train[:config.train_examples], y_train[:config.train_examples]
    x_train, x_test = x_train.float(), x_test.float()
    targets = nn.functional.one_hot(y_train, 10).float()
    model = MLP(config.hidden, neuron if neuron is not None else config.activation)
    model = model.to(torch.float32).requires_grad_(False)
    layers = [model.hidden, model.output]
    w_max = [config.w_max(layer.in_features) for layer in layers]
    device = None
    if curves is not None and synapses is None:
        synapses = curves.devices
    if synapses is not None:
        # one device array holds the synapses of both layers; the layer weights are views of it
        sizes = [layer.weight.numel() for layer in layers]
        device = synapses(torch.cat([layer.weight.data.reshape(-1) for layer in layers]),
                          torch.cat([torch.full((size,), limit, dtype=torch.float32)
                                     for size, limit in zip(sizes, w_max, strict=True)]),
                          generator)
        for layer, part in zip(layers, device.weight.split(sizes), strict=True):
            layer.weight.data = part.view(layer.weight.shape)
    activation = hidden_activation(model.neuron)
    w1, w2 = model.hidden.weight, model.output.weight
    every = torch.arange(w1.numel() + w2.numel())  # flat device index: hidden, then output
    rate = [config.learning_rate / (1.0 if device is None else 2.0 * limit) for limit in w_max]
    # a hidden error this small moves no hidden synapse by a pulse, whatever the pixel
    brightest = float(x_train.max())
    quiet_error = 0.0 if device is None else device.no_pulse_below / (rate[0] * brightest)

    def software_update(weight: torch.Tensor, delta: torch.Tensor, limit: float,
                        index: torch.Tensor | None = None) -> None:
        if index is None:
            weight.add_(delta).clamp_(-limit, limit)
        else:
            flat = weight.view(-1)
            flat[index] = (flat[index] + delta).clamp_(-limit, limit)

    history = {"epoch": [], "train_loss": [], "test_accuracy": [], "pulses": []}
    running, seen = [], torch.zeros(2)  # recognition rate per window; (correct, met) so far
    started = time.perf_counter()
    n = len(x_train)
    for epoch in range(1, config.epochs + 1):
        order = torch.randperm(n, generator=generator)
        total_loss = torch.zeros(())
        batches = range(0, n, config.batch_size)
        with torch.inference_mode():  # no autograd bookkeeping in the update loop
            for start in tqdm(batches, desc=f"epoch {epoch}/{config.epochs}", unit="batch",
                              disable=not progress, mininterval=2.0):
                idx = order[start:start + config.batch_size]
                x = x_train[idx]
                a, delta_h, delta_o, loss = back_propagate(x, targets[idx], w1, w2, activation,
                                                           config.loss)
                if config.running_window:
                    seen += torch.tensor([float(((a @ w2.T).argmax(dim=1) == y_train[idx])
                                                .sum()), float(len(idx))])
                    if seen[1] >= config.running_window:
                        running.append(float(seen[0] / seen[1]))
                        seen.zero_()
                total_loss += loss
                # weight changes, in units of the layer's range 2 w_max when devices hold them
                delta_2 = (delta_o.T @ a) * -rate[1]
                if len(idx) == 1:  # online: only synapses of lit pixels and large errors can change
                    pixels = x[0].nonzero().squeeze(1)
                    live = (delta_h[0].abs() > quiet_error).nonzero().squeeze(1)
                    index_1 = (live * w1.shape[1])[:, None] + pixels
                    delta_1 = torch.outer(delta_h[0, live], x[0, pixels] * -rate[0])
                else:
                    index_1, delta_1 = None, (delta_h.T @ x) * -rate[0]
                if device is None:
                    software_update(w1, delta_1, w_max[0], index_1)
                    software_update(w2, delta_2, w_max[1])
                else:
                    index = every if index_1 is None else \
                        torch.cat([index_1.reshape(-1), every[w1.numel():]])
                    device.apply_at(index, torch.cat([delta_1.reshape(-1), delta_2.reshape(-1)]))
        history["epoch"].append(epoch)
        history["train_loss"].append(float(total_loss) / n)
        history["test_accuracy"].append(accuracy(model, x_test, y_test))
        history["pulses"].append(device.pulses_applied if device is not None else 0)
    if config.running_window:
        history["running_recognition"] = running
    predictions = model(x_test).argmax(dim=1)
    counts = torch.bincount(predictions, minlength=10)
    class_fraction_max = float(counts.max()) / len(predictions)
    return {
        "config": asdict(config),
        "synapse": "software" if device is None else "device",
        "curve_source": None if curves is None else curves.source,
        "device_pulses_full_range": None if curves is None else curves.n_pulses,
        "device_variation": None if curves is None else {
            "devices": 1 if curves.device_potentiation is None
            else len(curves.device_potentiation),
            "c2c": list(curves.c2c)},
        "history": history,
        "final_test_accuracy": history["test_accuracy"][-1],
        "predicted_class_fraction_max": class_fraction_max,
        "status": "collapsed" if class_fraction_max > COLLAPSE_FRACTION else "ok",
        "train_time_s": time.perf_counter() - started,
    }

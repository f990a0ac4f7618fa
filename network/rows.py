"""Trained rows, the network stage's one path: a row names the network settings and its
neuron and synapses, and one MLP is trained and its metrics written, in one format.

The rows are the software and device rows of the accuracy table and the material map, the rows
of the device papers' tables (config ``paper_tables``) and the points of the accuracy maps. A
row names the neuron (software function, or a device curve with C2C / D2D variation, or a live
device) and the synapse (software weights, the exponential device with its published A_p, A_d,
states and variation, the quadratic device of given beta_p, beta_d, or a surrogate JSON of the
micromag stage). The table of a paper, ours beside its accuracy, is :func:`report.tables.
write_paper_table`.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path

import torch

from spinnet.provenance import package_versions, read_json, write_json

from . import mnist
from .neurons import DeviceNeuron, TabulatedNeuron
from .synapse import ExponentialSynapses, NoDeviceError, PulseCurves
from .train import TrainingConfig, train

FORMAT = "spinnet-metrics-2"


def build_neuron(spec: dict | None, hidden: int, seed: int,
                 surrogate_dir: str | Path | None = None) -> DeviceNeuron | TabulatedNeuron | None:
    """The hidden-layer device neuron of a row spec, or None for the software activation.

    ``model: surrogate`` takes the simulated devices of ``<surrogate_dir>/<material>/<device>.json``
    point by point (:class:`TabulatedNeuron`); otherwise ``form`` and ``params`` give one curve.
    """
    if spec is None:
        return None
    generator = torch.Generator().manual_seed(seed + 1)
    if spec.get("model") == "surrogate":
        path = Path(surrogate_dir) / spec["material"] / f"{spec['device']}.json"
        return TabulatedNeuron.from_json(path, hidden, c2c=spec.get("c2c", 0.0),
                                         generator=generator, live=spec.get("live", False))
    return DeviceNeuron(spec["form"], spec.get("params", {}), hidden, c2c=spec.get("c2c", 0.0),
                        d2d=spec.get("d2d", 0.0), live=spec.get("live", False),
                        n_grains=spec.get("n_grains", 1), generator=generator)


# What a metrics file carries: every row, and a trained row besides.
METRICS_KEYS = ("row", "paper_percent", "spec", "status", "config", "curve_source")
TRAINED_KEYS = ("history", "final_test_accuracy", "device_pulses_full_range")


def read_metrics(path: str | Path) -> dict:
    """A metrics file, read through its owner: whole and unaltered, of this format, with the
    keys of its status; ValueError naming the file and what is wrong otherwise."""
    record = read_json(path)
    if record.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} metrics file (format "
                         f"{record.get('format')!r}); rerun the network stage")
    needed = METRICS_KEYS + (() if record.get("status") == "no device" else TRAINED_KEYS)
    missing = [key for key in needed if key not in record]
    if missing:
        raise ValueError(f"{path}: lacks {missing}")
    return record


def synapse_path(spec: dict, surrogate_dir: str | Path | None) -> Path:
    """The surrogate file of a row's ``model: surrogate`` synapse."""
    return Path(surrogate_dir) / spec["material"] / f"{spec['device']}.json"


def build_synapses(spec: dict | None, surrogate_dir: str | Path | None = None) -> tuple:
    """A device factory ``(weight, w_max, generator) -> device`` for a row spec and the
    tabulated curves it walks (None for the exponential model), or (None, None) for software
    weights. A surrogate that did not switch raises :class:`NoDeviceError`."""
    if spec is None:
        return None, None
    if spec["model"] == "exponential":
        return partial(_exponential, spec), None
    rounding = spec.get("rounding", "nearest")
    if spec["model"] == "quadratic":
        curves = PulseCurves.quadratic(spec["beta_p"], spec["beta_d"], spec["n_pulses"])
        return partial(curves.devices, rounding=rounding), curves
    if spec["model"] == "surrogate":
        curves = PulseCurves.from_json(synapse_path(spec, surrogate_dir),
                                       n_pulses=spec.get("n_pulses"),
                                       variation=spec.get("variation", False))
        return partial(curves.devices, rounding=rounding), curves
    raise ValueError(f"synapse model '{spec['model']}' must be 'exponential', 'quadratic' or "
                     "'surrogate'")


def _pair(value: float | list[float]) -> tuple[float, float]:
    """(potentiation, depression) from one number for both or a pair."""
    return (float(value), float(value)) if isinstance(value, int | float) else tuple(value)


def _exponential(spec: dict, weight: torch.Tensor, w_max: float,
                 generator: torch.Generator) -> ExponentialSynapses:
    return ExponentialSynapses(spec["A_p"], spec["A_d"], spec["n_pulses"], weight, w_max,
                               c2c=_pair(spec.get("c2c", 0.0)),
                               d2d=_pair(spec.get("d2d", 0.0)), generator=generator,
                               scheme=spec.get("scheme", "fixed"),
                               rounding=spec.get("rounding", "nearest"))


def train_row(network: dict, row: dict, mnist_dir: str | Path, seed: int,
              metrics_path: str | Path, surrogate_dir: str | Path | None = None,
              progress: bool = True) -> dict:
    """Train one row (``network`` settings, overridden by the row's own) and write its metrics
    JSON: the row, its spec, the per-epoch history and the status (``collapsed`` for a network
    that predicts one class for most test images; ``no device`` with the reason for a
    surrogate that did not switch, which is not trained)."""
    config = TrainingConfig(**(network | row.get("network", {})), seed=seed)
    record = {"format": FORMAT, "row": row["row"], "paper_percent": row.get("paper_percent"),
              "spec": row}
    neuron = build_neuron(row.get("neuron"), config.hidden, seed, surrogate_dir)
    try:
        synapses, curves = build_synapses(row.get("synapse"), surrogate_dir)
    except NoDeviceError as err:
        result = record | {"status": "no device", "reason": str(err), "config": asdict(config),
                           "curve_source": str(synapse_path(row["synapse"], surrogate_dir)),
                           "versions": package_versions()}
        write_json(metrics_path, result)
        return result
    result = train(mnist.load(mnist_dir), config, curves=curves, progress=progress,
                   synapses=synapses, neuron=neuron)
    result = record | result | {"versions": package_versions()}
    write_json(metrics_path, result)
    return result

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

from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

import torch

from spinnet.formats import JsonRecord
from spinnet.provenance import package_versions

from . import mnist
from .neurons import DeviceNeuron, TabulatedNeuron
from .specs import Neuron, Synapse, row_spec
from .synapse import NoDeviceError, PulseCurves
from .train import TrainingConfig, train

FORMAT = "spinnet-metrics-2"


def build_neuron(spec: Neuron | None, hidden: int, seed: int,
                 surrogate_dir: str | Path | None = None) -> DeviceNeuron | TabulatedNeuron | None:
    """The hidden-layer device neurons of a row's typed neuron, or None for the software
    activation; their draws come from ``seed + 1``."""
    if spec is None:
        return None
    return spec.build(hidden, torch.Generator().manual_seed(seed + 1), surrogate_dir)


@dataclass(frozen=True)
class Metrics(JsonRecord):
    """A trained row (spinnet-metrics-2), written by :func:`train_row`: the row, its spec and
    network settings, the synapse curve it walked, and for a trained row the per-epoch history,
    the final test accuracy and the pulses across the device's range; a row whose surrogate
    did not switch carries ``status: no device`` and the reason instead."""

    FORMAT: ClassVar[str] = FORMAT
    NAME: ClassVar[str] = "metrics"
    WRITER: ClassVar[str] = "network stage"
    ROW_KEYS: ClassVar[tuple] = ("row", "paper_percent", "spec", "status", "config",
                                 "curve_source")
    TRAINED_KEYS: ClassVar[tuple] = ("history", "final_test_accuracy",
                                     "device_pulses_full_range")
    KEYS: ClassVar[dict] = {"ok": ROW_KEYS + TRAINED_KEYS,
                            "collapsed": ROW_KEYS + TRAINED_KEYS,
                            "no device": ROW_KEYS + ("reason",)}


def build_synapses(spec: Synapse | None, surrogate_dir: str | Path | None = None) -> tuple:
    """A device factory ``(weight, w_max, generator) -> device array`` for a row's typed
    synapse (its device configuration with its update parameters) and the tabulated curves it
    walks (None for the exponential model), or (None, None) for software weights. A surrogate
    that did not switch raises :class:`NoDeviceError`."""
    if spec is None:
        return None, None
    device = spec.device(surrogate_dir)
    curves = device if isinstance(device, PulseCurves) else None
    return partial(device.devices, update=spec.update), curves


def train_row(network: dict, row: dict, mnist_dir: str | Path, seed: int,
              metrics_path: str | Path, surrogate_dir: str | Path | None = None,
              progress: bool = True) -> dict:
    """Train one row (``network`` settings, overridden by the row's own) and write its metrics
    JSON: the row, its spec, the per-epoch history and the status (``collapsed`` for a network
    that predicts one class for most test images; ``no device`` with the reason for a
    surrogate that did not switch, which is not trained)."""
    spec = row_spec(row)
    config = TrainingConfig(**(network | spec.network), seed=seed)
    record = {"row": spec.row, "paper_percent": spec.paper_percent,
              "spec": row}
    neuron = build_neuron(spec.neuron, config.hidden, seed, surrogate_dir)
    try:
        synapses, curves = build_synapses(spec.synapse, surrogate_dir)
    except NoDeviceError as err:
        result = record | {"status": "no device", "reason": str(err), "config": asdict(config),
                           "curve_source": str(spec.synapse.path(surrogate_dir)),
                           "versions": package_versions()}
        Metrics(result).write(metrics_path)
        return result
    result = train(mnist.load(mnist_dir), config, curves=curves, progress=progress,
                   synapses=synapses, neuron=neuron)
    result = record | result | {"versions": package_versions()}
    Metrics(result).write(metrics_path)
    return result

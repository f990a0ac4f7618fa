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
    record = {"format": FORMAT, "row": spec.row, "paper_percent": spec.paper_percent,
              "spec": row}
    neuron = build_neuron(spec.neuron, config.hidden, seed, surrogate_dir)
    try:
        synapses, curves = build_synapses(spec.synapse, surrogate_dir)
    except NoDeviceError as err:
        result = record | {"status": "no device", "reason": str(err), "config": asdict(config),
                           "curve_source": str(spec.synapse.path(surrogate_dir)),
                           "versions": package_versions()}
        write_json(metrics_path, result)
        return result
    result = train(mnist.load(mnist_dir), config, curves=curves, progress=progress,
                   synapses=synapses, neuron=neuron)
    result = record | result | {"versions": package_versions()}
    write_json(metrics_path, result)
    return result

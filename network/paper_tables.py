"""Accuracy tables of the device papers: one trained network per row, the paper's value beside.

A table (config ``paper_tables.<paper file stem>``) names the network and, per row, the
neuron (software function, or a device curve with C2C / D2D variation, or a live device) and the
synapse (software weights, the exponential device with its published A_p, A_d, states and
variation, the quadratic device of given beta_p, beta_d, or a surrogate JSON of the micromag
stage). The table of a paper, ours beside its accuracy, is :func:`report.tables.
write_paper_table`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import torch

from spinnet.provenance import package_versions, write_json

from . import mnist
from .neurons import DeviceNeuron, TabulatedNeuron
from .synapse import ExponentialSynapses, PulseCurves
from .train import TrainingConfig, train

FORMAT = "spinnet-table-row-1"


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


def build_synapses(spec: dict | None, surrogate_dir: str | Path | None = None):
    """A device factory ``(weight, w_max, generator) -> device`` for a row spec, or None."""
    if spec is None:
        return None
    if spec["model"] == "exponential":
        return partial(_exponential, spec)
    rounding = spec.get("rounding", "nearest")
    if spec["model"] == "quadratic":
        curves = PulseCurves.quadratic(spec["beta_p"], spec["beta_d"], spec["n_pulses"])
        return partial(curves.devices, rounding=rounding)
    if spec["model"] == "surrogate":
        path = Path(surrogate_dir) / spec["material"] / f"{spec['device']}.json"
        curves = PulseCurves.from_json(path, n_pulses=spec.get("n_pulses"),
                                       variation=spec.get("variation", False))
        return partial(curves.devices, rounding=rounding)
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


def train_table_row(network: dict, row: dict, mnist_dir: str | Path, seed: int,
                    metrics_path: str | Path, surrogate_dir: str | Path | None = None,
                    progress: bool = True) -> dict:
    """Train one table row (its table's ``network``, overridden by the row's) and write its
    metrics JSON."""
    config = TrainingConfig(**(network | row.get("network", {})), seed=seed)
    neuron = build_neuron(row.get("neuron"), config.hidden, seed, surrogate_dir)
    synapses = build_synapses(row.get("synapse"), surrogate_dir)
    result = train(mnist.load(mnist_dir), config, progress=progress, synapses=synapses,
                   neuron=neuron)
    result.update({"format": FORMAT, "row": row["row"], "paper_percent": row["paper_percent"],
                   "spec": row, "versions": package_versions()})
    write_json(metrics_path, result)
    return result

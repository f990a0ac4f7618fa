"""Network stage entry point: MNIST + device JSON -> metrics JSON + learning-curve figure."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from spinnet.provenance import package_versions, write_json

from . import mnist
from .synapse import NoDeviceError, PulseCurves
from .train import TrainingConfig, train

FORMAT = "spinnet-metrics-1"


def train_row(mnist_dir: str | Path, settings: dict, metrics_path: str | Path,
              synapse_json: str | Path | None = None, device_pulses: int | None = None,
              label: str = "", progress: bool = True, variation: bool = False) -> dict:
    """Train one accuracy-table row and write its metrics JSON.

    With ``synapse_json`` the synapses are the device of that surrogate file (its curve
    resampled to ``device_pulses`` if given; with ``variation`` each synapse follows one of the
    simulated devices and updates carry their C2C spread); without it they are ideal software
    weights.
    A network whose test predictions fall for more than half into one class is marked
    ``collapsed``: its accuracy is not a meaningful table entry.
    """
    config = TrainingConfig(**settings)
    curves = None
    if synapse_json is not None:
        try:
            curves = PulseCurves.from_json(synapse_json, n_pulses=device_pulses,
                                           variation=variation)
        except NoDeviceError as err:
            result = {"format": FORMAT, "label": label, "status": "no device",
                      "reason": str(err), "config": asdict(config),
                      "curve_source": str(synapse_json), "versions": package_versions()}
            write_json(metrics_path, result)
            return result
    result = train(mnist.load(mnist_dir), config, curves=curves, progress=progress)
    result.update({"format": FORMAT, "label": label, "versions": package_versions()})
    write_json(metrics_path, result)
    return result

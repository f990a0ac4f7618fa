"""The pipeline's stages as a small Python API, for notebooks and scripts.

Every default is the pipeline's: a device is a device instance of the shipped config
(``config/config.yaml``, schema defaults filled in) with any of its fields replaced, its engine
is that instance's engine, and a network trains with the config's ``network`` settings.

>>> from spinnet import api
>>> material = api.load_material("W_CoFeB1.2_MgO")
>>> device, protocol = api.build_device("synapse", material, **{"protocol.n_pulses": 3})
>>> trace = api.simulate("synapse", device, protocol, material, seed=1)
>>> record = api.fit_synapse([trace])                      # in memory
>>> record = api.fit_synapse([trace], "out/synapse.json")  # and to a file (with its figure)
>>> metrics = api.train_row("out", "W_CoFeB1.2_MgO", "synapse", mnist_dir="data/mnist")
"""

from __future__ import annotations

import contextlib
import copy
import os
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CONFIG_PATH = REPO / "config" / "config.yaml"


@cache
def _workflow():
    """The shipped config, validated (defaults filled in) as the workflow does."""
    from .workflow_config import validate

    with contextlib.chdir(REPO):  # the config's paths are relative to the repository
        return validate(yaml.safe_load(CONFIG_PATH.read_text()), [CONFIG_PATH])


def _shipped() -> dict:
    return _workflow().config


def config() -> dict:
    """A copy of the shipped config with its schema defaults filled in."""
    return copy.deepcopy(_shipped())


def load_material(name: str | Path):
    """A :class:`micromag.material.MaterialStack` from a file, or by the stem of a file in the
    config's ``materials_dir`` (e.g. ``"W_CoFeB1.2_MgO"``)."""
    from micromag.material import MaterialStack

    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = REPO / _shipped()["materials_dir"] / f"{name}.yaml"
    return MaterialStack.from_yaml(path)


def device_fields(name: str, **changes: Any) -> tuple[str, dict]:
    """(kind, fields) of the config's device instance ``name`` with ``changes`` applied; a
    change is a field, or a dotted path into one (``"protocol.n_pulses"``)."""
    from micromag.devices.base import INSTANCE_FIELDS, with_point

    devices = _shipped()["micromag"]["devices"]
    if name not in devices:
        raise KeyError(f"no device {name!r} in {CONFIG_PATH} (devices: {', '.join(devices)})")
    section = devices[name]
    fields = {k: v for k, v in section.items() if k not in INSTANCE_FIELDS}
    return section["kind"], with_point(fields, changes)


def disorder_seeds(name: str) -> list[int]:
    """The disorder seeds the pipeline draws for the config's device instance ``name``."""
    return _workflow().seeds(name)


def build_device(name: str, material, seed: int = 0, **changes: Any) -> tuple:
    """(device, protocol) of the config's device instance ``name`` on ``material``'s film,
    with ``changes`` (see :func:`device_fields`); both validate themselves."""
    from micromag.stage import build_device as build

    kind, fields = device_fields(name, **changes)
    return build(kind, fields, material.ferromagnet_thickness_m, seed=seed)


def engine(name: str, **options: Any):
    """The engine of the config's device instance ``name`` (or ``micromag.engine``), with
    ``options`` replacing its own."""
    from micromag.engines import get_engine

    shipped = _shipped()
    spec = shipped["micromag"]["devices"][name].get("engine") or shipped["micromag"]["engine"]
    return get_engine(spec["name"], **(dict(spec.get("options", {})) | options))


def simulate(name: str, device, protocol, material, seed: int = 1, progress: bool = False,
             **engine_options: Any):
    """Run ``protocol`` on ``device`` (grains drawn from ``seed``) with the engine of device
    instance ``name``; return the :class:`micromag.engines.base.Trace`."""
    runner = engine(name, **engine_options)
    system = device.system(material, protocol.current_density_A_per_m2, disorder_seed=seed)
    return runner.run(system, protocol, device.readout_region(), seed=seed, progress=progress)


def fit_synapse(traces: Sequence, json_path: str | Path | None = None,
                models: Sequence[str] | None = None) -> dict:
    """Fit the surrogate curve models to synapse traces (one per device), as the pipeline's
    fit rule does; return the record. With ``json_path`` the record is also written there,
    with its figure beside it (``.png``); without, nothing is left on disk."""
    from micromag.traces import TraceFile
    from surrogate.stage import fit_synapse as fit

    models = tuple(models or _shipped()["surrogate"]["models"])
    network_model = _shipped()["surrogate"].get("network_model", "auto")
    with tempfile.TemporaryDirectory() as scratch:
        paths = []
        for i, trace in enumerate(traces):
            path = Path(scratch) / f"trace{i}.npz"
            TraceFile.from_trace(trace, {"seed": i}).write(path)
            paths.append(path)
        out = Path(json_path) if json_path else Path(scratch) / "synapse.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        return fit(paths, out, out.with_suffix(".png"), models, network_model)


def mnist(folder: str | Path | None = None) -> Path:
    """A folder holding MNIST's four files, SHA-256 checked: ``folder``, else ``$MNIST_DIR``,
    else the config's ``mnist_dir``, else a download into ``~/.cache/spinnet/mnist``."""
    from network.mnist import SHA256, fetch, verify

    source = folder or os.environ.get("MNIST_DIR") or _shipped().get("mnist_dir")
    if source is not None:
        for name in SHA256:
            verify(Path(source) / name)
        return Path(source)
    cache_dir = Path.home() / ".cache" / "spinnet" / "mnist"
    for name in SHA256:
        if not (cache_dir / name).is_file():
            fetch(name, cache_dir / name)
    return cache_dir


def network_settings(**changes: Any) -> dict:
    """The config's network settings (the pipeline's learning rate, epochs, size...) as
    :class:`network.train.TrainingConfig` arguments, with ``changes``."""
    settings = _workflow().network_settings()
    settings.pop("seed")
    return settings | changes


def train_row(surrogate_dir: str | Path, material: str, device: str = "synapse",
              mnist_dir: str | Path | None = None, seed: int | None = None,
              metrics_path: str | Path | None = None, row: Mapping | None = None,
              progress: bool = False, **network: Any) -> dict:
    """Train an MNIST network whose synapses walk the fitted curve of
    ``<surrogate_dir>/<material>/<device>.json`` (a ReLU hidden layer), with the pipeline's
    network settings (``network`` replaces any); return the metrics (and write them to
    ``metrics_path`` if given). ``row`` gives a whole table row instead."""
    from network.rows import train_row as train

    shipped = _shipped()
    pulses = {key: shipped["network"][f"device_{key}"] for key in ("pulses", "variation")}
    row = dict(row or {"row": f"{material} {device} + ReLU",
                       "synapse": {"model": "surrogate", "material": material,
                                   "device": device, "n_pulses": pulses["pulses"],
                                   "variation": pulses["variation"]}})
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(metrics_path) if metrics_path else Path(scratch) / "metrics.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        return train(network_settings(**network), row,
                     mnist(mnist_dir),
                     shipped["seed"] if seed is None else seed, out,
                     surrogate_dir=surrogate_dir, progress=progress)

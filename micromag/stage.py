"""Micromagnetic stage entry point: a device of the registry + a material file -> trace file +
figure."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spinnet import hold
from spinnet.provenance import config_hash, package_versions

from .devices import REGISTRY
from .devices.base import with_point
from .engines import get_engine
from .material import MaterialStack
from .traces import TraceFile


def build_device(kind: str, device_config: Mapping[str, Any], thickness_m: float,
                 point: Mapping[str, Any] | None = None, seed: int = 0) -> tuple:
    """(device, protocol) of registry kind ``kind`` from its config fields (an ``engine`` entry
    is ignored) at sweep ``point`` (dotted field path -> value), for a film of ``thickness_m``
    (m); raises ValueError naming the field that is out of range."""
    fields = with_point({k: v for k, v in device_config.items() if k != "engine"}, point or {})
    return REGISTRY[kind].build(fields, thickness_m, seed)


def simulate(run: Mapping[str, Any], engine: Mapping[str, Any], material_path: str | Path,
             seed: int, trace_path: str | Path, figure_path: str | Path,
             progress: bool = True) -> dict:
    """Simulate one run of a configured device and write its trace and m_z figure.

    ``run`` holds the device's name, its registry ``kind``, its ``config`` (what one
    simulation depends on: the kind's fields, and its own engine if any) and the sweep
    ``point`` it runs at. ``seed`` draws the grain disorder (and a shuffled amplitude order).
    Returns the metadata record stored in the trace file.
    """
    kind = REGISTRY[run["kind"]]
    material = MaterialStack.from_yaml(material_path)
    point = dict(run.get("point") or {})
    device, protocol = build_device(run["kind"], run["config"], material.ferromagnet_thickness_m,
                                    point, seed)
    engine = run["config"].get("engine") or engine
    system = device.system(material, protocol.current_density_A_per_m2, disorder_seed=seed)
    runner = get_engine(engine["name"], **engine.get("options", {}))
    started = time.perf_counter()
    with hold.job(trace_path):
        trace = runner.run(system, protocol, device.readout_region(), seed=seed,
                           progress=progress)
    wall_s = time.perf_counter() - started
    metadata = {
        "device": run["name"],
        "kind": kind.name,
        "material": material.to_dict(),
        "material_sha256": material.sha256,
        "device_config": dict(run["config"]),
        "device_config_sha256": config_hash(dict(run["config"])),
        **kind.extra(device, material, seed),
        **({"operating_point": point} if point else {}),
        "protocol": protocol.to_dict(),
        "seed": seed,
        "engine": trace.engine,
        "engine_version": trace.engine_version,
        "engine_options": engine.get("options", {}),
        "steps": trace.steps,
        "wall_time_s": wall_s,
        "readout": "mean m_z over the Hall cross (R_H / R_AHE) after each relaxation",
        "versions": package_versions(),
    }
    TraceFile.from_trace(trace, metadata).write(trace_path)
    at = "".join(f", {k.rsplit('.', 1)[-1]} {v:g}" for k, v in point.items())
    kind.figure(figure_path, trace, device,
                f"{material.name}: {kind.title} '{run['name']}'{at}, seed {seed}")
    return metadata

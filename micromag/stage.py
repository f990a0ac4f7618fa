"""Micromagnetic stage entry point: a device of the registry + a material file -> trace file +
figure."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from spinnet import hold
from spinnet.formats import JsonRecord
from spinnet.provenance import config_hash, package_versions

from .description import as_description
from .devices import REGISTRY
from .devices.base import with_point
from .energy import PulseEnergy
from .engines import get_engine
from .engines.base import Trace, derived_seed
from .material import MaterialStack
from .operating import (
    Evaluation,
    SearchSettings,
    WindowSettings,
    crossing_progress,
    return_fraction,
    search_current,
    search_window,
)
from .protocol import AmplitudeSweep
from .traces import TraceFile


def build_device(kind: str, device_config: Mapping[str, Any], thickness_m: float,
                 point: Mapping[str, Any] | None = None, seed: int = 0) -> tuple:
    """(device, protocol) of registry kind ``kind`` from its config fields (an ``engine`` entry
    is ignored) at sweep ``point`` (dotted field path -> value), for a film of ``thickness_m``
    (m); raises ValueError naming the field that is out of range."""
    fields = with_point({k: v for k, v in device_config.items() if k != "engine"}, point or {})
    return REGISTRY[kind].build(fields, thickness_m, seed)


@dataclass(frozen=True)
class OperatingPointFile(JsonRecord):
    """A device's operating point for one material (spinnet-operating-point-1), written by
    :func:`find_operating_point`: the current density, its status and every evaluation."""

    FORMAT: ClassVar[str] = "spinnet-operating-point-1"
    NAME: ClassVar[str] = "operating point"
    WRITER: ClassVar[str] = "micromag stage"
    KEYS: ClassVar[dict] = {None: ("current_density_A_per_m2", "status", "reason",
                                   "evaluations", "pulse_duration_s", "seed")}


def find_operating_point(run: Mapping[str, Any], engine: Mapping[str, Any],
                         material_path: str | Path, seed: int, path: str | Path,
                         progress: bool = False, run_path: str | Path | None = None) -> dict:
    """Search the drive at which a run meets its kind's target (:mod:`micromag.operating`) on
    the device of disorder ``seed``: a synapse's pulse current density, with potentiation
    pulses only; a neuron's amplitude window, whose sweep spans 5-95 % of the Hall swing.
    Write the operating-point file and return its record.

    ``run_path`` receives the search's last simulation as a trace file: where the search
    succeeds, the whole protocol at the operating point on this seed's device, which is the
    run :func:`simulate` would repeat (it reads it instead); otherwise the run that decided the
    status, for diagnosis."""
    kind = REGISTRY[run["kind"]]
    material = MaterialStack.from_yaml(material_path)
    fields = with_point({k: v for k, v in run["config"].items() if k != "engine"},
                        run.get("point") or {})
    device, protocol = kind.build(fields, material.ferromagnet_thickness_m, seed)
    engine = run["config"].get("engine") or engine
    runner = get_engine(engine["name"], **engine.get("options", {}))
    last: dict[str, Any] = {}

    def simulated(pulses) -> Trace:
        """Run ``pulses`` on this seed's device at their current; remember it as the last."""
        started = time.perf_counter()
        trace = runner.run(device.system(material, pulses.current_density_A_per_m2,
                                         disorder_seed=seed),
                           pulses, device.readout_region(), seed=seed, progress=progress)
        last.update(trace=trace, protocol=pulses, wall_s=time.perf_counter() - started)
        return trace

    def switched(amplitudes: list[float]) -> list[float]:
        """A neuron's one-pulse response: the fraction of the full Hall swing each amplitude
        switches from the written state, all amplitudes in one run."""
        trace = simulated(AmplitudeSweep(tuple(amplitudes), protocol.pulse_duration_s,
                                         protocol.relaxation_s, reset="always"))
        return list((np.asarray(trace.hall_signal[1:], dtype=float) + 1.0) / 2.0)

    if kind.role == "neuron":
        window = WindowSettings.from_config(fields.get("operating_point", {}))
        pulses = fields["protocol"]
        with hold.job(path):
            found = search_window(switched, pulses["amplitude_min_A_per_m2"],
                                  pulses["amplitude_max_A_per_m2"], window)
            _keep_last(run_path, last, found.status, seed, engine)
        return _write_operating_point(path, found.to_dict(), protocol, seed, run, kind, material,
                                      dataclasses.asdict(window))

    settings = SearchSettings.from_config(fields.get("operating_point", {}))
    forward = dataclasses.replace(protocol, n_depression=0)
    n = protocol.n_potentiation

    def evaluate(j: float) -> Evaluation:
        trace = simulated(dataclasses.replace(forward, current_density_A_per_m2=j))
        reached = crossing_progress(trace.hall_signal)
        condition = kind.condition(trace, fields)["status"]
        return Evaluation(j, float(reached[n]), float(reached[n - 1]), condition)

    def returns(j: float) -> tuple[float, str]:
        trace = simulated(dataclasses.replace(protocol, current_density_A_per_m2=j))
        return return_fraction(trace.hall_signal, n), kind.condition(trace, fields)["status"]

    with hold.job(path):
        found = search_current(evaluate, protocol.current_density_A_per_m2, settings, returns)
        _keep_last(run_path, last, found.status, seed, engine)
    return _write_operating_point(path, found.to_dict() | {"n_pulses": n}, protocol, seed, run,
                                  kind, material, dataclasses.asdict(settings))


def _keep_last(run_path: str | Path | None, last: Mapping[str, Any], status: str, seed: int,
               engine: Mapping[str, Any]) -> None:
    """Write the search's last simulation ``last`` to ``run_path`` (a trace file)."""
    if run_path is None:
        return
    trace = last["trace"]
    TraceFile.from_trace(trace, {
        "role": "the operating-point search's last simulation", "search_status": status,
        "seed": seed, "engine_config": dict(engine), "protocol": last["protocol"].to_dict(),
        "engine": trace.engine, "engine_version": trace.engine_version, "steps": trace.steps,
        "wall_time_s": last["wall_s"], "versions": package_versions(),
    }).write(run_path)


def _write_operating_point(path: str | Path, found: dict, protocol, seed: int,
                           run: Mapping[str, Any], kind, material: MaterialStack,
                           settings: dict) -> dict:
    """Write and return the operating-point record of a search's result ``found``."""
    record = found | {"pulse_duration_s": protocol.pulse_duration_s, "seed": seed,
                      "device": run["name"], "kind": kind.name, "material": material.name,
                      "material_sha256": material.sha256, "search": settings,
                      "versions": package_versions()}
    OperatingPointFile(record).write(path)
    return record


def cycle_seeds(seed: int, cycles: int) -> list[int]:
    """The thermal seeds of ``cycles`` cycles of one device: its own ``seed`` first (so that
    cycle 0 is the single run), then one per cycle drawn from (seed, cycle)."""
    return [int(seed)] + [derived_seed(seed, c) for c in range(1, cycles)]


def simulate(run: Mapping[str, Any], engine: Mapping[str, Any], material_path: str | Path,
             seed: int, trace_path: str | Path, figure_path: str | Path,
             progress: bool = True, operating_point: str | Path | None = None,
             operating_run: str | Path | None = None) -> dict:
    """Simulate one run of a configured device and write its trace and m_z figure.

    ``run`` holds the device's name, its registry ``kind``, its ``config`` (what one
    simulation depends on: the kind's fields, and its own engine if any) and the sweep
    ``point`` it runs at. ``seed`` draws the grain disorder (and a shuffled amplitude order).
    ``operating_point`` is the device's operating-point file: its current replaces the
    protocol's (the run records it as its ``drive``). ``operating_run`` is the search's last
    simulation (:func:`find_operating_point`): where it is this very run (the whole protocol
    at the operating current, this seed, this engine, one cycle) it is read, not repeated.
    Returns the metadata record stored in the trace file.
    """
    kind = REGISTRY[run["kind"]]
    material = MaterialStack.from_yaml(material_path)
    point = dict(run.get("point") or {})
    device, protocol = build_device(run["kind"], run["config"], material.ferromagnet_thickness_m,
                                    point, seed)
    drive = {"source": "fixed"}
    if operating_point is not None:
        found = OperatingPointFile.read(operating_point)
        if found.status == "ok" and "amplitude_min_A_per_m2" in found:  # a neuron's window
            window = {"protocol.amplitude_min_A_per_m2": found["amplitude_min_A_per_m2"],
                      "protocol.amplitude_max_A_per_m2": found["amplitude_max_A_per_m2"]}
            protocol = kind.protocol(with_point(run["config"], point | window), seed)
            drive = {"source": "search", "file": str(operating_point)}
        elif found.status == "ok":
            protocol = dataclasses.replace(
                protocol, current_density_A_per_m2=found["current_density_A_per_m2"])
            drive = {"source": "search", "file": str(operating_point)}
        else:
            drive = {"source": "fixed", "search_status": found.status,
                     "search_reason": found["reason"]}
    fields = with_point(run["config"], point)
    if hasattr(protocol, "current_density_A_per_m2"):
        largest = protocol.current_density_A_per_m2
    else:  # a neuron's sweep: its largest pulse
        largest = max(abs(a) for a in protocol.amplitudes_A_per_m2)
        drive["pulse_at"] = "the sweep's largest amplitude"
    pulse = PulseEnergy.of(material, largest, protocol.pulse_duration_s, kind.channel_m(fields))
    drive |= {"current_density_A_per_m2": largest, "pulse_duration_s": protocol.pulse_duration_s,
              "relaxation_s": protocol.relaxation_s, "pulse": pulse.to_dict(),
              "anomalous_hall_resistance_ohm": material.anomalous_hall_resistance_ohm}
    engine = run["config"].get("engine") or engine
    system = device.system(material, protocol.current_density_A_per_m2, disorder_seed=seed)
    runner = get_engine(engine["name"], **engine.get("options", {}))
    seeds = cycle_seeds(seed, int(fields.get("thermal_cycles", 1)))
    started = time.perf_counter()
    searched = _searched_run(operating_run, protocol, engine, seed) if len(seeds) == 1 else None
    with hold.job(trace_path):
        if searched is not None:
            cycles = [searched]
            drive["simulated_by"] = f"the operating-point search ({operating_run})"
        elif len(seeds) == 1:
            cycles = [runner.run(system, protocol, device.readout_region(), seed=seed,
                                 progress=progress)]
        elif hasattr(runner, "run_ensemble"):  # the same device, its cycles as one ensemble
            problem = as_description(system)
            cycles = runner.run_ensemble([problem] * len(seeds), protocol,
                                         device.readout_region(), seeds, progress=progress)
        else:
            cycles = [runner.run(system, protocol, device.readout_region(), seed=s,
                                 progress=progress) for s in seeds]
    trace = cycles[0]
    wall_s = (time.perf_counter() - started if searched is None
              else searched.extra["wall_time_s"])
    metadata = {
        "device": run["name"],
        "kind": kind.name,
        "material": material.to_dict(),
        "material_sha256": material.sha256,
        "device_config": dict(run["config"]),
        "device_config_sha256": config_hash(dict(run["config"])),
        **kind.extra(device, material, seed),
        **({"operating_point": point} if point else {}),
        "drive": drive,
        "condition": kind.condition(trace, fields),
        "protocol": protocol.to_dict(),
        "seed": seed,
        **({"thermal_cycles": {"n": len(seeds), "seeds": seeds}} if len(seeds) > 1 else {}),
        "engine": trace.engine,
        "engine_version": trace.engine_version,
        "engine_options": engine.get("options", {}),
        "steps": trace.steps,
        "wall_time_s": wall_s,
        "readout": "mean m_z over the Hall cross (R_H / R_AHE) after each relaxation",
        "versions": package_versions(),
    }
    TraceFile.from_trace(trace, metadata, cycles).write(trace_path)
    at = "".join(f", {k.rsplit('.', 1)[-1]} {v:g}" for k, v in point.items())
    kind.figure(figure_path, trace, device,
                f"{Path(material_path).stem} ({material.name}): {kind.title} '{run['name']}'{at}, "
                f"seed {seed}")
    return metadata


def _searched_run(path: str | Path | None, protocol, engine: Mapping[str, Any],
                  seed: int) -> Trace | None:
    """The operating-point search's last simulation at ``path`` as a Trace, where it ran this
    ``protocol`` (current included) with this ``engine`` on the device of this ``seed``;
    otherwise None (the run is simulated)."""
    if path is None:
        return None
    run = TraceFile.read(path)
    meta = run.metadata
    if (meta.get("protocol") != _plain(protocol.to_dict()) or meta.get("seed") != seed
            or meta.get("engine_config") != _plain(dict(engine))):
        return None
    return Trace(hall_signal=run.hall_signal, time_s=run.time_s, pulse_sign=run.pulse_sign,
                 mz_snapshots=run.mz_snapshots, steps=int(meta["steps"]),
                 engine=meta["engine"], engine_version=meta["engine_version"],
                 pulse_current_A_per_m2=run.pulse_current_A_per_m2,
                 extra={"wall_time_s": float(meta["wall_time_s"])})


def _plain(value: Any) -> Any:
    """``value`` as its JSON round trip (tuples become lists), to compare with a record."""
    return json.loads(json.dumps(value))

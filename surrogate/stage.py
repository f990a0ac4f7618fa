"""Surrogate stage entry point: trace files -> fitted device JSON + figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from spinnet.figures import save_png, subplots
from spinnet.formats import JsonRecord
from spinnet.provenance import package_versions, sha256_of

from .curves import MODELS, NoRangeError
from .measured import read_curve_csv
from .neuron import fit_neuron
from .traces import branches, read_cycles, read_trace
from .variation import estimate_variation

FORMAT = "spinnet-synapse-1"
MIN_STATES = 2
# The Hall signal R_H / R_AHE spans [-1, 1]; a device must move it by 1 % of that span, or its
# "curve" is integration noise of a wall that did not move.
MIN_RANGE = 0.02
# network_model "auto" walks the best parametric model if it explains this much of the variance,
# else the model-free isotonic curve.
AUTO_MIN_R2 = 0.95
PARAMETRIC = ("exponential", "quadratic")
# A branch that steps back against its direction by more than this fraction of its own swing
# (and by more than half of MIN_RANGE) is not monotone: the device cannot be programmed by
# counting pulses.
MONOTONE_TOLERANCE = 0.1
# A branch that takes the device back over less than this fraction of the other branch's swing
# stalls: the device cannot be programmed over its range both ways.
MIN_RETURN = 0.5
# Statuses of a device that cannot work as a synapse; the network does not train on it.
NOT_WORKING = ("no range", "left the track", "branch does not move", "branch stalls",
               "not monotone")


@dataclass(frozen=True)
class SynapseRecord(JsonRecord):
    """A device's fitted P/D curves (spinnet-synapse-1), written by :func:`fit_devices`: the
    curve models' parameters and quality, the whole-pulse table the network walks, each
    device's own table and the C2C / D2D variation; or, for a device that did not switch,
    ``status: no range`` and the reason."""

    FORMAT: ClassVar[str] = FORMAT
    NAME: ClassVar[str] = "surrogate synapse"
    WRITER: ClassVar[str] = "surrogate stage"
    KEYS: ClassVar[dict] = {
        "ok": ("network_model", "models", "curve", "device_curves", "variation", "sources"),
        **{status: ("reason", "sources") for status in NOT_WORKING}}


def choose_network_model(fits: dict, network_model: str) -> tuple[str, str]:
    """The model whose table the network walks, and why."""
    if network_model != "auto":
        return network_model, "set in the config"
    name = max((m for m in fits if m in PARAMETRIC), key=lambda m: fits[m].r2_, default=None)
    if name is not None and fits[name].r2_ >= AUTO_MIN_R2:
        return name, f"auto: best parametric fit, R2 {fits[name].r2_:.3f} >= {AUTO_MIN_R2}"
    best = "no parametric model" if name is None else f"best parametric R2 {fits[name].r2_:.3f}"
    return "isotonic", f"auto: {best} < {AUTO_MIN_R2}, model-free curve"


def fit_traces(surrogate: str, trace_paths: list[str | Path], json_path: str | Path,
               figure_path: str | Path,
               models: tuple[str, ...] = ("exponential", "quadratic", "isotonic"),
               network_model: str = "auto") -> dict:
    """Fit one device's traces with the surrogate family its kind declares: 'pulse_curves'
    (a synapse, :func:`fit_synapse`) or an activation form (a neuron,
    :func:`surrogate.neuron.fit_neuron`)."""
    if surrogate == "pulse_curves":
        return fit_synapse(trace_paths, json_path, figure_path, models, network_model)
    return fit_neuron(trace_paths, json_path, figure_path, form=surrogate)


def fit_synapse(trace_paths: list[str | Path], json_path: str | Path, figure_path: str | Path,
                models: tuple[str, ...] = ("exponential", "quadratic", "isotonic"),
                network_model: str = "auto") -> dict:
    """Fit the traces of the simulated devices (one per disorder seed); see :func:`fit_devices`."""
    devices, sources, conditions, cycles = [], [], [], []
    for path in trace_paths:
        hall, signs, meta = read_trace(path)
        runs = read_cycles(path)
        devices.append(branches(runs.mean(axis=0), signs))  # the mean over thermal cycles
        cycles.append([branches(run, signs) for run in runs])
        sources.append({"path": str(path), "seed": meta.get("seed"),
                        "material": meta.get("material", {}).get("name"),
                        "material_sha256": meta.get("material_sha256"),
                        "temperature_K": meta.get("device_config", {}).get("temperature_K", 0),
                        "thermal_cycles": len(runs), "drive": meta.get("drive")})
        condition = meta.get("condition") or {"status": "ok"}
        if condition["status"] != "ok":
            conditions.append((condition["status"],
                               f"seed {meta.get('seed')}: {condition.get('reason', '')}"))
    noisy = any((source["temperature_K"] or 0) > 0 for source in sources)
    return fit_devices(devices, sources, json_path, figure_path, models, network_model, noisy,
                       conditions, cycles)


def fit_measured_synapse(csv_path: str | Path, json_path: str | Path, figure_path: str | Path,
                         models: tuple[str, ...] = ("exponential", "quadratic", "isotonic"),
                         network_model: str = "auto") -> dict:
    """Fit a lab's measured P/D curve (CSV of :func:`surrogate.measured.read_curve_csv`)."""
    X, y = read_curve_csv(csv_path, kind="synapse")
    source = {"path": str(csv_path), "measured": True, "sha256": sha256_of(csv_path)}
    return fit_devices([(X, y)], [source], json_path, figure_path, models, network_model,
                       noisy=True)


def fit_devices(devices: list[tuple[np.ndarray, np.ndarray]], sources: list[dict],
                json_path: str | Path, figure_path: str | Path,
                models: tuple[str, ...] = ("exponential", "quadratic", "isotonic"),
                network_model: str = "auto", noisy: bool = True,
                conditions: list[tuple[str, str]] = (),
                cycles: list[list[tuple[np.ndarray, np.ndarray]]] | None = None) -> dict:
    """Fit each curve model to the devices' ``(X, y)``; write JSON (parameters, quality, table,
    C2C and D2D from the devices; C2C only for ``noisy`` data, from the thermal ``cycles`` of
    each device where it ran several, see :func:`surrogate.variation.estimate_variation`) and
    a PNG. Each device's ``(X, y)`` is the mean over its cycles.

    A device that cannot work gets its status and reason instead of a fit: a run whose
    physical ``conditions`` (status, reason) were not ok (the domain left the track), a
    branch that does not move or stalls, a noise-free branch that is not monotone
    (:func:`branch_problem`), or no range at all.

    ``network_model`` names the model whose whole-pulse table the network stage walks, or
    ``auto`` (:func:`choose_network_model`; needs ``isotonic`` among ``models``).
    """
    if network_model == "auto" and "isotonic" not in models:
        raise ValueError(f"network_model 'auto' needs 'isotonic' among models {models}")
    if network_model != "auto" and network_model not in models:
        raise ValueError(f"network_model '{network_model}' must be 'auto' or one of {models}")
    X = np.concatenate([d[0] for d in devices])
    y = np.concatenate([d[1] for d in devices])
    record = {"kind": "synapse",
              "signal": "R_H / R_AHE (mean m_z over the Hall cross)",
              "sources": sources, "versions": package_versions()}
    drive = next((source["drive"] for source in sources if source.get("drive")), None)
    if drive is not None:
        record["drive"] = dict(drive)
    searched = "" if drive is None or "search_status" not in drive else (
        f"; its operating-point search found none ({drive['search_status']}: "
        f"{drive['search_reason']}), so it ran at the fixed current")
    problem = conditions[0] if conditions else branch_problem(devices, monotone=not noisy)
    if problem is not None:
        record.update(status=problem[0], reason=problem[1] + searched, models={})
        SynapseRecord(record).write(json_path)
        _plot(figure_path, X, y, {}, _name(json_path, sources), f"{problem[0]}: {problem[1]}")
        return record
    try:
        fits = {name: MODELS[name]().fit(X, y) for name in models}
        network_model, why = choose_network_model(fits, network_model)
        states = fits[network_model].n_distinguishable_states_
        span = fits[network_model].G_max_ - fits[network_model].G_min_
        if span < MIN_RANGE:
            raise NoRangeError(f"the fitted range {span:.3g} of R_H / R_AHE is below "
                               f"{MIN_RANGE} (1 % of the full span)")
        if states < MIN_STATES:
            raise NoRangeError(f"{states} distinguishable state(s) over the simulated range; "
                               f"a synapse needs at least {MIN_STATES}")
    except NoRangeError as err:
        record.update(status="no range", reason=f"the device did not switch: {err}{searched}",
                      models={})
        fits = {}
    else:
        if drive is not None:
            record["drive"]["states"] = states
        record.update(status="ok", network_model=network_model, network_model_reason=why,
                      models={name: {"params": est.get_params(), **est.figures_of_merit()}
                              for name, est in fits.items()},
                      curve=fits[network_model].table(),
                      device_curves=_device_curves(devices, network_model),
                      variation=estimate_variation(devices, noisy, cycles))
    SynapseRecord(record).write(json_path)
    _plot(figure_path, X, y, fits, _name(json_path, sources), record.get("reason", ""))
    return record


def branch_problem(devices: list[tuple[np.ndarray, np.ndarray]],
                   monotone: bool = True) -> tuple[str, str] | None:
    """(status, reason) for devices with a branch that does not move while the other does,
    that covers less than MIN_RETURN of the other's swing, or (``monotone``: noise-free data
    only, as thermal or measured steps may go back) that steps back against its direction
    (see MONOTONE_TOLERANCE); None if every branch works (or neither moves: then the fit
    reports no range)."""
    for X, y in devices:
        moves = {}
        for name, direction in (("potentiation", 1.0), ("depression", -1.0)):
            branch = direction * y[X[:, 1] == direction]
            moves[name] = (branch[-1] - branch[0], np.diff(branch))
        swings = {name: swing for name, (swing, _) in moves.items()}
        if max(swings.values()) < MIN_RANGE:
            return None
        for name, swing in swings.items():
            if swing < MIN_RANGE:
                how = (f"moves the Hall signal against its direction, by {swing:+.3g}"
                       if swing < 0 else f"moves the Hall signal by {swing:+.3g} (below "
                       f"{MIN_RANGE} of R_H / R_AHE)")
                return ("branch does not move",
                        f"the {name} branch {how} while the other moves it by "
                        f"{max(swings.values()):.3g}: the device cannot be programmed both ways")
        widest = max(swings.values())
        for name, swing in swings.items():
            if swing < MIN_RETURN * widest:
                return ("branch stalls",
                        f"the {name} branch moves the Hall signal by {swing:.3g}, "
                        f"{swing / widest:.0%} of the other branch's {widest:.3g} (below "
                        f"{MIN_RETURN:.0%}): the wall stops part way, and the device cannot be "
                        "programmed over its range both ways")
        for name, (swing, steps) in moves.items() if monotone else ():
            back = -steps.min()
            if back > max(MONOTONE_TOLERANCE * swing, MIN_RANGE / 2):
                return ("not monotone",
                        f"a {name} pulse moves the Hall signal back by {back:.3g} "
                        f"({back / swing:.0%} of the branch's swing {swing:.3g})")
    return None


def _device_curves(devices: list[tuple[np.ndarray, np.ndarray]], model: str) -> list[dict]:
    """Each device's own whole-pulse table (the network's D2D); a device that did not switch
    keeps its measured (flat) branches."""
    tables = []
    for X, y in devices:
        try:
            tables.append(MODELS[model]().fit(X, y).table())
        except NoRangeError:
            tables.append(_measured_table(X, y))
    return tables


def _measured_table(X: np.ndarray, y: np.ndarray) -> dict:
    """The data of a device with no range, as a table on its own pulse numbers."""
    up, down = X[:, 1] > 0, X[:, 1] < 0
    return {"pulses": X[up, 0].tolist(), "potentiation": y[up].tolist(),
            "depression": np.interp(X[up, 0], X[down, 0], y[down]).tolist()}


def _name(json_path: str | Path, sources: list[dict]) -> str:
    """What a fit figure shows: the material (the record's folder), the device and its seeds."""
    seeds = [str(source["seed"]) for source in sources if "seed" in source]
    return (f"{Path(json_path).parent.name}: device '{Path(json_path).stem}'"
            + (f", seeds {', '.join(seeds)}" if seeds else ""))


def _plot(path: str | Path, X: np.ndarray, y: np.ndarray, fits: dict, heading: str,
          title: str = "") -> None:
    """The fitted curves over the data, and the residuals; ``heading`` heads the figure."""
    fig, (ax, res) = subplots(2, 1, figsize=(6, 5.5), sharex=True, constrained_layout=True,
                              gridspec_kw={"height_ratios": [3, 1]})
    p_max = int(X[:, 0].max())
    offset = np.where(X[:, 1] > 0, X[:, 0], p_max + X[:, 0])
    ax.plot(offset, y, "k.", label="simulated")
    grid = np.linspace(0, p_max, 200)
    for name, est in fits.items():
        fom = est.figures_of_merit()
        p_name, d_name = est.shape_names
        label = (f"{name}: {p_name}={fom[p_name]:.3g}, {d_name}={fom[d_name]:.3g}, "
                 f"R2={fom['r2']:.3f}")
        curve = np.r_[est.predict(np.c_[grid, np.ones_like(grid)]),
                      est.predict(np.c_[grid, -np.ones_like(grid)])]
        line, = ax.plot(np.r_[grid, p_max + grid], curve, label=label)
        res.plot(offset, est.residuals_, ".", color=line.get_color())
    ax.axvline(p_max, color="0.6", lw=0.8)
    ax.set_title(title, fontsize=8)
    fig.suptitle(heading, fontsize=9)
    ax.set_ylabel("R_H / R_AHE")
    ax.legend(fontsize=7)
    res.axhline(0, color="0.6", lw=0.8)
    res.set_xlabel("pulse number (potentiation, then depression)")
    res.set_ylabel("residual")
    save_png(fig, path)

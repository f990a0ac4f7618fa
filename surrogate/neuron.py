"""Neuron surrogates: the activation of a simulated neuron fitted at each operating point.

The domain-wall neuron gets the sigmoid of [SpinSN] Eq. 2 (and its rising point
against the two knobs), the SOT neuron the ReLU-like curve of [Cao2023], the
nucleation neuron the normal CDF of [Zhou2021].
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from micromag.traces import TraceFile
from spinnet.figures import save_png, subplots
from spinnet.formats import JsonRecord
from spinnet.provenance import package_versions

from .activations import BoltzmannSigmoid, NormalCDFActivation, ReLULikeActivation

FORMAT = "spinnet-neuron-1"
# The Hall signal must rise by this much of its [-1, 1] span, or the wall never reached the
# Hall cross and there is no activation to fit.
MIN_RISE = 0.1
J_UNIT = 1e11  # A/m^2: the fit runs on J / J_UNIT so that x0 and k are of order one


# Per activation form (the surrogate family a device kind declares): its estimator, and how
# each fitted parameter converts from the fit's J / J_UNIT axis back to SI (name in the JSON,
# factor).
FORMS = {
    "sigmoid": (BoltzmannSigmoid,
                {"A1": ("A1", 1.0), "A2": ("A2", 1.0), "x0": ("x0_A_per_m2", J_UNIT),
                 "k": ("k_A_per_m2", J_UNIT)}),
    "relu_like": (ReLULikeActivation,
                  {"y0": ("y0", 1.0), "y_sat": ("y_sat", 1.0),
                   "threshold": ("threshold_A_per_m2", J_UNIT),
                   "slope": ("slope_per_A_per_m2", 1 / J_UNIT)}),
    "normal_cdf": (NormalCDFActivation,
                   {"y_low": ("y_low", 1.0), "y_high": ("y_high", 1.0),
                    "mu": ("mu_A_per_m2", J_UNIT), "sigma": ("sigma_A_per_m2", J_UNIT)}),
}


POINT_KEYS = ("operating_point", "current_A_per_m2", "hall_signal_mean", "fit", "devices")


@dataclass(frozen=True)
class NeuronRecord(JsonRecord):
    """A device neuron's activation fits (spinnet-neuron-1), written by :func:`fit_neuron`: the
    form, and per operating point the amplitude sweep, the mean and per-device Hall signals
    and their fits."""

    FORMAT: ClassVar[str] = FORMAT
    NAME: ClassVar[str] = "surrogate neuron"
    WRITER: ClassVar[str] = "surrogate stage"
    KEYS: ClassVar[dict] = {None: ("model", "points")}

    def problems(self) -> list[str]:
        """A known activation form and every point with its keys."""
        problems = super().problems()
        if self.content.get("model") not in FORMS:
            problems.append(f"activation form {self.content.get('model')!r} is not one of "
                            f"{sorted(FORMS)}")
        points = self.content.get("points")
        if not points or any(key not in point for point in points for key in POINT_KEYS):
            problems.append(f"needs points, each with {list(POINT_KEYS)}")
        return problems


def read_neuron_trace(path: str | Path) -> tuple[np.ndarray, np.ndarray, dict]:
    """|J| (A/m^2) and Hall signal after each pulse of a neuron trace, sorted by |J| (a sweep
    may apply its amplitudes in any order), and its metadata."""
    data = TraceFile.read(path)
    meta = data.metadata
    if "amplitudes_A_per_m2" not in meta.get("protocol", {}):
        raise ValueError(f"{path}: not a neuron trace (device {meta.get('device')!r} ran no "
                         "amplitude sweep)")
    current = np.abs(data.pulse_current_A_per_m2[1:])
    order = np.argsort(current, kind="stable")
    return current[order], data.hall_signal[1:][order], meta


def fit_operating_point(current: np.ndarray, hall: np.ndarray, form: str = "sigmoid") -> dict:
    """The activation ``form`` fitted to one curve; ``status`` 'no rise' if the Hall signal
    barely moves. Current-like parameters are in A/m^2 (slope per A/m^2)."""
    rise = float(hall.max() - hall.min())
    if rise < MIN_RISE:
        return {"status": "no rise", "rise": rise,
                "reason": f"the Hall signal rises by {rise:.3g} < {MIN_RISE}: the device did not "
                          "switch over the amplitudes simulated"}
    estimator, units = FORMS[form]
    fit = estimator().fit(current[:, None] / J_UNIT, hall)
    params = {units[k][0]: v * units[k][1] for k, v in fit.params_.items()}
    if form == "sigmoid" and params["k_A_per_m2"] < 0:  # the same curve with A1, A2 swapped
        params.update(A1=params["A2"], A2=params["A1"], k_A_per_m2=-params["k_A_per_m2"])
    return {"status": "ok", "form": form, "rise": rise, **params, "r2": fit.r2_}


def sweep_span(hall: np.ndarray, low: float = 0.05, high: float = 0.95) -> dict:
    """Whether an amplitude sweep covers the neuron's switching: its mean Hall signal, as a
    fraction of the full swing R_H / R_AHE from -1 to +1, must start at or below ``low`` and
    reach ``high`` (the neuron's target); status ``ok`` or what the sweep misses."""
    fraction = (np.asarray(hall, dtype=float) + 1.0) / 2.0
    first, top = float(fraction.min()), float(fraction.max())
    missing = [f"starts at {first:.0%} (above {low:.0%}): lower the smallest amplitude"
               ] if first > low else []
    missing += [f"reaches {top:.0%} (below {high:.0%}): raise the largest amplitude"
                ] if top < high else []
    return {"from_fraction": first, "to_fraction": top,
            "status": "ok" if not missing else "sweep does not span 5-95 %",
            **({"reason": "; ".join(missing)} if missing else {})}


def fit_neuron(trace_paths: list[str | Path], json_path: str | Path,
               figure_path: str | Path, form: str) -> dict:
    """Fit activation ``form`` at every operating point (sweep point) of one neuron device, to
    the mean Hall signal over its disorder seeds and to each seed; write the JSON record and a
    figure of the curves and of the rising point (x0, threshold or mu) against the point."""
    if form not in FORMS:
        raise ValueError(f"neuron surrogate form {form!r} must be one of {sorted(FORMS)}")
    groups: dict[tuple, list] = {}
    for path in trace_paths:
        current, hall, meta = read_neuron_trace(path)
        point = meta.get("operating_point", {})
        groups.setdefault(tuple(point.items()), []).append(
            (current, hall, meta["seed"], str(path), meta.get("n_grains")))
        device, kind, drive = meta["device"], meta.get("kind"), meta.get("drive")
    points = []
    for key, runs in groups.items():
        current = runs[0][0]
        mean = np.mean([run[1] for run in runs], axis=0)
        points.append({
            "operating_point": dict(key),
            "current_A_per_m2": current.tolist(), "hall_signal_mean": mean.tolist(),
            "span": sweep_span(mean),
            "fit": fit_operating_point(current, mean, form),
            "devices": [{"seed": seed, "path": path, "hall_signal": h.tolist(),
                         "n_grains": grains, "fit": fit_operating_point(c, h, form)}
                        for c, h, seed, path, grains in runs],
        })
    record = {"kind": "neuron", "device": device, "device_kind": kind,
              "model": form,
              "signal": "R_H / R_AHE (mean m_z over the Hall cross) after each pulse",
              "points": points, "versions": package_versions()}
    if drive is not None:
        record["drive"] = drive
    NeuronRecord(record).write(json_path)
    _plot(figure_path, points, form, f"{Path(json_path).parent.name} ({meta['material']['name']}): "
          f"neuron '{device}', seeds "
          + ", ".join(str(seed) for seed in sorted({d["seed"] for p in points
                                                    for d in p["devices"]})))
    return record


LOCATION = {"sigmoid": "x0_A_per_m2", "relu_like": "threshold_A_per_m2",
            "normal_cdf": "mu_A_per_m2"}


def _curve(form: str, fit: dict, current: np.ndarray) -> np.ndarray:
    """The fitted activation at ``current`` (A/m^2), from the SI parameters of the JSON."""
    estimator, units = FORMS[form]
    theta = [fit[units[name][0]] / units[name][1] for name in estimator.param_names]
    return estimator._model(current / J_UNIT, *theta)


def _point_label(point: dict) -> str:
    """A sweep point in words: each field's last path component and value."""
    return ", ".join(f"{k.rsplit('.', 1)[-1]} {v:g}" for k, v in point.items()) or "nominal"


def _plot(path: str | Path, points: list[dict], form: str, title: str) -> None:
    fig, (ax, knob) = subplots(1, 2, figsize=(11, 4.5), constrained_layout=True)
    located = []
    for index, point in enumerate(points):
        current = np.asarray(point["current_A_per_m2"])
        label = _point_label(point["operating_point"])
        fit = point["fit"]
        if fit["status"] == "ok":
            shown = [k for k in fit if k not in ("status", "form", "rise")]
            label += ": " + ", ".join(f"{k} {fit[k]:.3g}" for k in shown)
        line, = ax.plot(current, point["hall_signal_mean"], "o", ms=4, label=label)
        if fit["status"] == "ok":
            grid = np.linspace(current.min(), current.max(), 200)
            ax.plot(grid, _curve(form, fit, grid), color=line.get_color(), lw=1)
            knob.plot(index, fit[LOCATION[form]], "o", color=line.get_color())
            located.append(index)
    ax.set_xlabel("pulse current density |J| (A/m^2)")
    ax.set_ylabel("R_H / R_AHE")
    ax.set_title("mean over the disorder seeds, per operating point", fontsize=8)
    ax.legend(fontsize=6)
    if len(points) == 1:  # nothing swept: each device (disorder seed) with its own fit
        knob.clear()
        current = np.asarray(points[0]["current_A_per_m2"])
        grid = np.linspace(current.min(), current.max(), 200)
        for device in points[0]["devices"]:
            line, = knob.plot(current, device["hall_signal"], "o", ms=3,
                              label=f"seed {device['seed']}")
            if device["fit"]["status"] == "ok":
                knob.plot(grid, _curve(form, device["fit"], grid), color=line.get_color(), lw=1)
        knob.set_xlabel("pulse current density |J| (A/m^2)")
        knob.set_ylabel("R_H / R_AHE")
        knob.set_title("each device (disorder seed) and its fit", fontsize=8)
        knob.legend(fontsize=6)
    else:
        knob.set_xticks(range(len(points)),
                        [_point_label(p["operating_point"]).replace(", ", "\n") for p in points],
                        fontsize=6)
        knob.set_ylabel(f"{LOCATION[form]}")
        knob.set_title(f"{LOCATION[form]} at each operating point", fontsize=8)
    fig.suptitle(f"{title}: {form} fit", fontsize=9)
    save_png(fig, path)

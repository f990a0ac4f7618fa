"""Neuron surrogates: the activation of a simulated neuron fitted at each operating point.

The domain-wall neuron gets the sigmoid of [SpinSN] Eq. 2 (and its rising point
against the two knobs), the SOT neuron the ReLU-like curve of [Cao2023], the
nucleation neuron the normal CDF of [Zhou2021].
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from micromag.traces import load_trace
from spinnet.figures import subplots
from spinnet.provenance import package_versions, write_atomic, write_json

from .activations import BoltzmannSigmoid, NormalCDFActivation, ReLULikeActivation

FORMAT = "spinnet-neuron-1"
# The Hall signal must rise by this much of its [-1, 1] span, or the wall never reached the
# Hall cross and there is no activation to fit.
MIN_RISE = 0.1
J_UNIT = 1e11  # A/m^2: the fit runs on J / J_UNIT so that x0 and k are of order one


# Per device kind: the curve form and its estimator, and how each fitted parameter converts
# from the fit's J / J_UNIT axis back to SI (name in the JSON, factor).
FORMS = {
    "domain_neuron": ("sigmoid", BoltzmannSigmoid,
                      {"A1": ("A1", 1.0), "A2": ("A2", 1.0), "x0": ("x0_A_per_m2", J_UNIT),
                       "k": ("k_A_per_m2", J_UNIT)}),
    "sot_neuron": ("relu_like", ReLULikeActivation,
                   {"y0": ("y0", 1.0), "y_sat": ("y_sat", 1.0),
                    "threshold": ("threshold_A_per_m2", J_UNIT),
                    "slope": ("slope_per_A_per_m2", 1 / J_UNIT)}),
    "nucleation_neuron": ("normal_cdf", NormalCDFActivation,
                          {"y_low": ("y_low", 1.0), "y_high": ("y_high", 1.0),
                           "mu": ("mu_A_per_m2", J_UNIT), "sigma": ("sigma_A_per_m2", J_UNIT)}),
}


def read_neuron_trace(path: str | Path) -> tuple[np.ndarray, np.ndarray, dict]:
    """|J| (A/m^2) and Hall signal after each pulse of a neuron trace, sorted by |J| (a sweep
    may apply its amplitudes in any order), and its metadata."""
    data = load_trace(path)
    meta = data["metadata"]
    if meta.get("device") not in FORMS:
        raise ValueError(f"{path}: not a neuron trace (device {meta.get('device')!r}; "
                         f"neurons: {sorted(FORMS)})")
    current = np.abs(data["pulse_current_A_per_m2"][1:])
    order = np.argsort(current, kind="stable")
    return current[order], data["hall_signal"][1:][order], meta


def fit_operating_point(current: np.ndarray, hall: np.ndarray,
                        kind: str = "domain_neuron") -> dict:
    """The activation of ``kind`` fitted to one curve; ``status`` 'no rise' if the Hall signal
    barely moves. Current-like parameters are in A/m^2 (slope per A/m^2)."""
    rise = float(hall.max() - hall.min())
    if rise < MIN_RISE:
        return {"status": "no rise", "rise": rise,
                "reason": f"the Hall signal rises by {rise:.3g} < {MIN_RISE}: the device did not "
                          "switch over the amplitudes simulated"}
    form, estimator, units = FORMS[kind]
    fit = estimator().fit(current[:, None] / J_UNIT, hall)
    params = {units[k][0]: v * units[k][1] for k, v in fit.params_.items()}
    if form == "sigmoid" and params["k_A_per_m2"] < 0:  # the same curve with A1, A2 swapped
        params.update(A1=params["A2"], A2=params["A1"], k_A_per_m2=-params["k_A_per_m2"])
    return {"status": "ok", "form": form, "rise": rise, **params, "r2": fit.r2_}


def fit_neuron(trace_paths: list[str | Path], json_path: str | Path,
               figure_path: str | Path) -> dict:
    """Fit every operating point (mean Hall signal over its disorder seeds, and each seed) of
    one neuron device; write the JSON record and a figure of the curves and of the rising
    point (x0 or threshold) against the knobs."""
    groups: dict[tuple[float, float], list] = {}
    for path in trace_paths:
        current, hall, meta = read_neuron_trace(path)
        point = meta.get("operating_point", {
            "bias_field_x_A_per_m": meta["device_config"]["bias_field_x_A_per_m"],
            "domain_front_x_m": None})
        key = (point["bias_field_x_A_per_m"], point["domain_front_x_m"])
        groups.setdefault(key, []).append((current, hall, meta["seed"], str(path),
                                           meta.get("n_grains")))
        kind = meta["device"]
    points = []
    for (hx, front), runs in sorted(groups.items(), key=lambda item: (item[0][0],
                                                                      item[0][1] or 0.0)):
        current = runs[0][0]
        mean = np.mean([run[1] for run in runs], axis=0)
        points.append({
            "bias_field_x_A_per_m": hx, "domain_front_x_m": front,
            "current_A_per_m2": current.tolist(), "hall_signal_mean": mean.tolist(),
            "fit": fit_operating_point(current, mean, kind),
            "devices": [{"seed": seed, "path": path, "hall_signal": h.tolist(),
                         "n_grains": grains, "fit": fit_operating_point(c, h, kind)}
                        for c, h, seed, path, grains in runs],
        })
    record = {"format": FORMAT, "kind": "neuron", "device": kind, "model": FORMS[kind][0],
              "signal": "R_H / R_AHE (mean m_z over the Hall cross) after each pulse",
              "points": points, "versions": package_versions()}
    write_json(json_path, record)
    _plot(figure_path, points, kind)
    return record


LOCATION = {"sigmoid": "x0_A_per_m2", "relu_like": "threshold_A_per_m2",
            "normal_cdf": "mu_A_per_m2"}


def _curve(kind: str, fit: dict, current: np.ndarray) -> np.ndarray:
    """The fitted activation at ``current`` (A/m^2), from the SI parameters of the JSON."""
    _, estimator, units = FORMS[kind]
    theta = [fit[units[name][0]] / units[name][1] for name in estimator.param_names]
    return estimator._model(current / J_UNIT, *theta)


def _plot(path: str | Path, points: list[dict], kind: str) -> None:
    form = FORMS[kind][0]
    fig, (ax, knob) = subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for point in points:
        current = np.asarray(point["current_A_per_m2"])
        front = point["domain_front_x_m"]
        label = f"H_x {point['bias_field_x_A_per_m']:g} A/m"
        if front is not None:
            label += f", wall at {front * 1e9:g} nm"
        fit = point["fit"]
        if fit["status"] == "ok":
            shown = [k for k in fit if k not in ("status", "form", "rise")]
            label += ": " + ", ".join(f"{k} {fit[k]:.3g}" for k in shown)
        line, = ax.plot(current, point["hall_signal_mean"], "o", ms=4, label=label)
        if fit["status"] == "ok":
            grid = np.linspace(current.min(), current.max(), 200)
            ax.plot(grid, _curve(kind, fit, grid), color=line.get_color(), lw=1)
            knob.plot(point["bias_field_x_A_per_m"], fit[LOCATION[form]], "o",
                      color=line.get_color())
            if front is not None:
                knob.annotate(f"{front * 1e9:g} nm",
                              (point["bias_field_x_A_per_m"], fit[LOCATION[form]]), fontsize=7,
                              xytext=(4, 4), textcoords="offset points")
    ax.set_xlabel("pulse current density |J| (A/m^2)")
    ax.set_ylabel("R_H / R_AHE")
    ax.legend(fontsize=6)
    if len(points) == 1:  # no knob swept: each device (disorder seed) with its own fit
        knob.clear()
        current = np.asarray(points[0]["current_A_per_m2"])
        grid = np.linspace(current.min(), current.max(), 200)
        for device in points[0]["devices"]:
            line, = knob.plot(current, device["hall_signal"], "o", ms=3,
                              label=f"seed {device['seed']}")
            if device["fit"]["status"] == "ok":
                knob.plot(grid, _curve(kind, device["fit"], grid), color=line.get_color(), lw=1)
        knob.set_xlabel("pulse current density |J| (A/m^2)")
        knob.set_ylabel("R_H / R_AHE")
        knob.set_title("each device (disorder seed) and its fit", fontsize=8)
        knob.legend(fontsize=6)
    else:
        knob.set_xlabel("H_x (A/m)")
        knob.set_ylabel(f"{LOCATION[form]}")
        knob.set_title(f"{LOCATION[form]} against H_x (labels: initial wall position)",
                       fontsize=8)
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))

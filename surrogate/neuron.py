"""Neuron surrogate: the sigmoid (000_b80c2bbb1e406ce7.txt Eq. 2) fitted to each operating
point of the simulated domain-wall neuron, and how its rising point moves with the knobs."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from spinnet.provenance import package_versions, write_atomic, write_json  # noqa: E402

from .activations import BoltzmannSigmoid  # noqa: E402

FORMAT = "spinnet-neuron-1"
# The Hall signal must rise by this much of its [-1, 1] span, or the wall never reached the
# Hall cross and there is no activation to fit.
MIN_RISE = 0.1
J_UNIT = 1e11  # A/m^2: the fit runs on J / J_UNIT so that x0 and k are of order one


def read_neuron_trace(path: str | Path) -> tuple[np.ndarray, np.ndarray, dict]:
    """|J| (A/m^2) and Hall signal after each pulse of a neuron trace, and its metadata."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["metadata"]))
        if meta.get("device") != "domain_neuron":
            raise ValueError(f"{path}: not a domain-neuron trace (device "
                             f"{meta.get('device')!r})")
        current = np.abs(data["pulse_current_A_per_m2"][1:])
        return current, data["hall_signal"][1:], meta


def fit_operating_point(current: np.ndarray, hall: np.ndarray) -> dict:
    """Eq. 2 fitted to one activation; ``status`` 'no rise' if the wall did not reach the cross.

    x0 and k are returned in A/m^2 (current density of the pulse).
    """
    rise = float(hall.max() - hall.min())
    if rise < MIN_RISE:
        return {"status": "no rise", "rise": rise,
                "reason": f"the Hall signal rises by {rise:.3g} < {MIN_RISE}: the wall did not "
                          "reach the Hall cross over the amplitudes simulated"}
    fit = BoltzmannSigmoid().fit(current[:, None] / J_UNIT, hall)
    p = fit.params_
    return {"status": "ok", "rise": rise, "A1": p["A1"], "A2": p["A2"],
            "x0_A_per_m2": p["x0"] * J_UNIT, "k_A_per_m2": abs(p["k"]) * J_UNIT, "r2": fit.r2_}


def fit_neuron(trace_paths: list[str | Path], json_path: str | Path,
               figure_path: str | Path) -> dict:
    """Fit every operating point (mean Hall signal over its disorder seeds, and each seed);
    write the JSON record and a figure of the curves and of x0 against both knobs."""
    groups: dict[tuple[float, float], list] = {}
    for path in trace_paths:
        current, hall, meta = read_neuron_trace(path)
        point = meta["operating_point"]
        key = (point["bias_field_x_A_per_m"], point["domain_front_x_m"])
        groups.setdefault(key, []).append((current, hall, meta["seed"], str(path)))
    points = []
    for (hx, front), runs in sorted(groups.items()):
        current = runs[0][0]
        mean = np.mean([hall for _, hall, _, _ in runs], axis=0)
        points.append({
            "bias_field_x_A_per_m": hx, "domain_front_x_m": front,
            "current_A_per_m2": current.tolist(), "hall_signal_mean": mean.tolist(),
            "fit": fit_operating_point(current, mean),
            "devices": [{"seed": seed, "path": path, "fit": fit_operating_point(c, h)}
                        for c, h, seed, path in runs],
        })
    record = {"format": FORMAT, "kind": "neuron", "model": "sigmoid (000 Eq. 2)",
              "signal": "R_H / R_AHE (mean m_z over the Hall cross) after each pulse",
              "points": points, "versions": package_versions()}
    write_json(json_path, record)
    _plot(figure_path, points)
    return record


def _plot(path: str | Path, points: list[dict]) -> None:
    fig, (ax, knob) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for point in points:
        current = np.asarray(point["current_A_per_m2"])
        label = (f"H_x {point['bias_field_x_A_per_m']:g} A/m, wall at "
                 f"{point['domain_front_x_m'] * 1e9:g} nm")
        fit = point["fit"]
        if fit["status"] == "ok":
            label += f": x0 {fit['x0_A_per_m2']:.3g}, k {fit['k_A_per_m2']:.2g}, R2 {fit['r2']:.3f}"
        line, = ax.plot(current, point["hall_signal_mean"], "o", ms=4, label=label)
        if fit["status"] == "ok":
            grid = np.linspace(current.min(), current.max(), 200)
            model = BoltzmannSigmoid._model(grid / J_UNIT, fit["A1"], fit["A2"],
                                            fit["x0_A_per_m2"] / J_UNIT, fit["k_A_per_m2"] / J_UNIT)
            ax.plot(grid, model, color=line.get_color(), lw=1)
            knob.plot(point["bias_field_x_A_per_m"], fit["x0_A_per_m2"], "o",
                      color=line.get_color())
            knob.annotate(f"{point['domain_front_x_m'] * 1e9:g} nm",
                          (point["bias_field_x_A_per_m"], fit["x0_A_per_m2"]), fontsize=7,
                          xytext=(4, 4), textcoords="offset points")
    ax.set_xlabel("pulse current density |J| (A/m^2)")
    ax.set_ylabel("R_H / R_AHE")
    ax.legend(fontsize=6)
    knob.set_xlabel("H_x (A/m)")
    knob.set_ylabel("rising point x0 (A/m^2)")
    knob.set_title("x0 against H_x (labels: initial wall position)", fontsize=8)
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))
    plt.close(fig)

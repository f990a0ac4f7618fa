"""Figures of the micromagnetic stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.patches import Rectangle

from spinnet.figures import subplots
from spinnet.provenance import write_atomic


def _snapshot_panels(axes, mz_snapshots: np.ndarray, picks: np.ndarray, labels: list[str],
                     extent_m: tuple[float, float],
                     hall_box_m: tuple[float, float, float, float]) -> None:
    x0, x1, y0, y1 = (v * 1e9 for v in hall_box_m)
    for ax, i, label in zip(axes, picks, labels, strict=True):
        ax.imshow(mz_snapshots[i].T, origin="lower", cmap="RdBu_r", vmin=-1, vmax=1,
                  extent=(0, extent_m[0] * 1e9, 0, extent_m[1] * 1e9))
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="k", lw=0.8))
        ax.set_title(label, fontsize=8)
        ax.set_yticks([])
        ax.tick_params(labelsize=7)
    axes[-1].set_xlabel("x (nm)", fontsize=8)
    axes[0].figure.colorbar(axes[0].images[0], ax=list(axes), label="m_z", shrink=0.6,
                            aspect=30)


def _picks(n: int, max_panels: int) -> np.ndarray:
    return np.unique(np.linspace(0, n - 1, min(n, max_panels)).round().astype(int))


def plot_snapshots(path: str | Path, mz_snapshots: np.ndarray, hall_signal: np.ndarray,
                   pulse_sign: np.ndarray, extent_m: tuple[float, float],
                   hall_box_m: tuple[float, float, float, float], title: str = "",
                   max_panels: int = 9) -> None:
    """m_z maps along the protocol, with the Hall cross outlined, plus the Hall trace."""
    n = len(mz_snapshots)
    picks = _picks(n, max_panels)
    fig, axes = subplots(len(picks) + 1, 1, figsize=(7, 1.3 * len(picks) + 2.2),
                         constrained_layout=True)
    labels = [("initial" if i == 0 else
               f"after pulse {i} ({'+' if pulse_sign[i] > 0 else '-'})")
              + f": R_H/R_AHE = {hall_signal[i]:+.3f}" for i in picks]
    _snapshot_panels(axes[:-1], mz_snapshots, picks, labels, extent_m, hall_box_m)
    ax = axes[-1]
    ax.plot(np.arange(n), hall_signal, "o-", ms=3)
    ax.set_xlabel("pulse number")
    ax.set_ylabel("<m_z> over Hall cross")
    fig.suptitle(title, fontsize=9)
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))


def plot_neuron_sweep(path: str | Path, mz_snapshots: np.ndarray, hall_signal: np.ndarray,
                      current_A_per_m2: np.ndarray, extent_m: tuple[float, float],
                      hall_box_m: tuple[float, float, float, float], title: str = "",
                      max_panels: int = 6) -> None:
    """m_z maps after pulses of the sweep (in the order applied), plus the activation: Hall
    signal versus pulse current density."""
    picks = _picks(len(mz_snapshots), max_panels)
    fig, axes = subplots(len(picks) + 1, 1, figsize=(7, 1.3 * len(picks) + 2.2),
                         constrained_layout=True)
    labels = [("erased state" if i == 0 else f"after a pulse of {current_A_per_m2[i]:.3g} A/m^2")
              + f": R_H/R_AHE = {hall_signal[i]:+.3f}" for i in picks]
    _snapshot_panels(axes[:-1], mz_snapshots, picks, labels, extent_m, hall_box_m)
    ax = axes[-1]
    ax.plot(*_by_current(current_A_per_m2[1:], hall_signal[1:]), "o-", ms=3)
    ax.set_xlabel("pulse current density |J| (A/m^2)")
    ax.set_ylabel("<m_z> over Hall cross")
    fig.suptitle(title, fontsize=9)
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))


def _by_current(current_A_per_m2: np.ndarray,
                hall_signal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """|J| and Hall signal sorted by |J| (a sweep may apply its amplitudes in any order)."""
    order = np.argsort(np.abs(current_A_per_m2), kind="stable")
    return np.abs(current_A_per_m2)[order], np.asarray(hall_signal)[order]


def plot_seed_traces(path: str | Path, traces: list, title: str = "") -> None:
    """The Hall traces of every disorder seed of one device on one figure: versus pulse number
    for a synapse (potentiation, then depression), versus |J| for each operating point of a
    neuron. ``traces`` are :class:`micromag.traces.TraceFile` records."""
    fig, ax = subplots(figsize=(7, 4), constrained_layout=True)
    for trace in traces:
        meta = trace.metadata
        if "amplitudes_A_per_m2" in meta["protocol"]:  # a neuron's amplitude sweep
            label = "".join(f"{k} {v:g}, " for k, v in meta.get("operating_point", {}).items())
            ax.plot(*_by_current(trace.pulse_current_A_per_m2[1:], trace.hall_signal[1:]),
                    "o-", ms=3, label=label + f"seed {meta['seed']}")
            ax.set_xlabel("pulse current density |J| (A/m^2)")
        else:
            ax.plot(np.arange(len(trace.hall_signal)), trace.hall_signal, "o-", ms=3,
                    label=f"seed {meta['seed']}")
            ax.set_xlabel("pulse number (potentiation, then depression)")
    ax.set_ylabel("<m_z> over Hall cross")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=6)
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))

"""Figures of the micromagnetic stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from spinnet.figures import save_png, subplots


def _snapshot_figure(mz_snapshots: np.ndarray, picks: np.ndarray, labels: list[str],
                     extent_m: tuple[float, float],
                     hall_box_m: tuple[float, float, float, float]):
    """A figure of m_z maps (one panel per pick, titled by its label, the Hall cross outlined,
    one colour bar) over a wide bottom panel for the Hall trace, which is returned. Long tracks
    stack their maps in one column; square films sit three to a row, so that titles fit."""
    aspect = extent_m[0] / extent_m[1]
    ncols = 1 if aspect >= 2.5 else min(3, len(picks))
    nrows = -(-len(picks) // ncols)
    panel_h = 6.2 / ncols / aspect + 0.55  # inches: the map at the column's width + its title
    fig = Figure(figsize=(7.5, nrows * panel_h + 2.6), layout="constrained")
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[panel_h] * nrows + [2.4])
    x0, x1, y0, y1 = (v * 1e9 for v in hall_box_m)
    maps = []
    for k, (i, label) in enumerate(zip(picks, labels, strict=True)):
        ax = fig.add_subplot(grid[k // ncols, k % ncols])
        image = ax.imshow(mz_snapshots[i].T, origin="lower", cmap="RdBu_r", vmin=-1, vmax=1,
                          extent=(0, extent_m[0] * 1e9, 0, extent_m[1] * 1e9))
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="k", lw=0.8))
        ax.set_title(label, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
        if k // ncols < nrows - 1 and k + ncols < len(picks):
            ax.set_xticklabels([])  # a map below carries the x axis
        else:
            ax.set_xlabel("x (nm)", fontsize=8)
        maps.append(ax)
    fig.colorbar(image, ax=maps, label="m_z", shrink=0.8, aspect=30)
    return fig, fig.add_subplot(grid[nrows, :])


def _picks(n: int, max_panels: int) -> np.ndarray:
    return np.unique(np.linspace(0, n - 1, min(n, max_panels)).round().astype(int))


def plot_snapshots(path: str | Path, mz_snapshots: np.ndarray, hall_signal: np.ndarray,
                   pulse_sign: np.ndarray, extent_m: tuple[float, float],
                   hall_box_m: tuple[float, float, float, float], title: str = "",
                   max_panels: int = 9) -> None:
    """m_z maps along the protocol, with the Hall cross outlined, plus the Hall trace."""
    n = len(mz_snapshots)
    picks = _picks(n, max_panels)
    labels = [("initial" if i == 0 else
               f"after pulse {i} ({'+' if pulse_sign[i] > 0 else '-'})")
              + f"\nR_H/R_AHE = {hall_signal[i]:+.3f}" for i in picks]
    fig, ax = _snapshot_figure(mz_snapshots, picks, labels, extent_m, hall_box_m)
    ax.plot(np.arange(n), hall_signal, "o-", ms=3)
    ax.set_xlabel("pulse number")
    ax.set_ylabel("<m_z> over Hall cross")
    ax.set_title(_omitted(n, len(picks)), fontsize=8)
    fig.suptitle(title, fontsize=9)
    save_png(fig, path)


def plot_neuron_sweep(path: str | Path, mz_snapshots: np.ndarray, hall_signal: np.ndarray,
                      current_A_per_m2: np.ndarray, extent_m: tuple[float, float],
                      hall_box_m: tuple[float, float, float, float], title: str = "",
                      max_panels: int = 6) -> None:
    """m_z maps after pulses of the sweep (in the order applied), plus the activation: Hall
    signal versus pulse current density."""
    n = len(mz_snapshots)
    picks = _picks(n, max_panels)
    labels = [("erased state" if i == 0 else f"after {current_A_per_m2[i]:.3g} A/m^2")
              + f"\nR_H/R_AHE = {hall_signal[i]:+.3f}" for i in picks]
    fig, ax = _snapshot_figure(mz_snapshots, picks, labels, extent_m, hall_box_m)
    ax.plot(*_by_current(current_A_per_m2[1:], hall_signal[1:]), "o-", ms=3)
    ax.set_xlabel("pulse current density |J| (A/m^2)")
    ax.set_ylabel("<m_z> over Hall cross")
    ax.set_title(_omitted(n, len(picks)), fontsize=8)
    fig.suptitle(title, fontsize=9)
    save_png(fig, path)


def _omitted(n: int, shown: int) -> str:
    """The note under the maps: every readout is on the curve, some maps are left out."""
    return ("every readout" if shown == n else
            f"every readout ({n}); maps of {shown} of them above, evenly spaced")


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
    save_png(fig, path)

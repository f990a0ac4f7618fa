"""Figures of the micromagnetic stage."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from spinnet.provenance import write_atomic  # noqa: E402


def plot_snapshots(path: str | Path, mz_snapshots: np.ndarray, hall_signal: np.ndarray,
                   pulse_sign: np.ndarray, extent_m: tuple[float, float],
                   hall_box_m: tuple[float, float, float, float], max_panels: int = 9) -> None:
    """m_z maps along the protocol, with the Hall cross outlined, plus the Hall trace."""
    n = len(mz_snapshots)
    picks = np.unique(np.linspace(0, n - 1, min(n, max_panels)).round().astype(int))
    fig, axes = plt.subplots(len(picks) + 1, 1, figsize=(7, 1.3 * len(picks) + 2.2),
                             constrained_layout=True)
    x0, x1, y0, y1 = (v * 1e9 for v in hall_box_m)
    for ax, i in zip(axes[:-1], picks, strict=True):
        ax.imshow(mz_snapshots[i].T, origin="lower", cmap="RdBu_r", vmin=-1, vmax=1,
                  extent=(0, extent_m[0] * 1e9, 0, extent_m[1] * 1e9))
        ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="k", lw=0.8))
        label = "initial" if i == 0 else f"after pulse {i} ({'+' if pulse_sign[i] > 0 else '-'})"
        ax.set_title(f"{label}: R_H/R_AHE = {hall_signal[i]:+.3f}", fontsize=8)
        ax.set_yticks([])
        ax.tick_params(labelsize=7)
    axes[-2].set_xlabel("x (nm)", fontsize=8)
    ax = axes[-1]
    ax.plot(np.arange(n), hall_signal, "o-", ms=3)
    ax.set_xlabel("pulse number")
    ax.set_ylabel("<m_z> over Hall cross")
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))
    plt.close(fig)

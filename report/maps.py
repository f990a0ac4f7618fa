"""Accuracy maps: test accuracy over a grid of two device parameters (000's Figs. 5d and 5e).

Each grid point is one paper-table-style row (a neuron and a synapse spec) with the two axis
values written into it at dotted paths such as ``synapse.beta_p`` or ``neuron.params.x0``; the
workflow trains every point as its own job and this module gathers them into a CSV and a
heat map.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from network.rows import Metrics
from spinnet.figures import save_png, subplots

from .tables import Table


def accuracy_map_table(axes: list[str]) -> Table:
    """The table of an accuracy map over two row fields (dotted paths)."""
    return Table("accuracy map", (*axes, "test_accuracy_percent", "status"))


def write_accuracy_map(metrics_paths: list[str | Path], axes: list[str], title: str,
                       table_path: str | Path, figure_path: str | Path,
                       device_points: list[tuple[str, float, float]] = ()) -> list[dict]:
    """One CSV line per point (axis values, accuracy, status) and a heat-map PNG, with the
    simulated device's own operating points marked (``device_points``: label, x, y in the
    axes' units)."""
    records = [Metrics.read(p) for p in metrics_paths]
    rows = []
    for record in records:
        row = {}
        for path in axes:
            node = record["spec"]
            for part in path.split("."):
                node = node[part]
            row[path] = node
        collapsed = record["status"] == "collapsed"
        row["test_accuracy_percent"] = "" if collapsed else \
            f"{100 * record['final_test_accuracy']:.2f}"
        row["status"] = record["status"]
        rows.append(row)
    accuracy_map_table(axes).with_rows(rows).write(table_path)
    _heat_map(rows, axes, title, figure_path, device_points)
    return rows


def _heat_map(rows: list[dict], axes: list[str], title: str, path: str | Path,
              device_points: list[tuple[str, float, float]] = ()) -> None:
    xs = sorted({r[axes[0]] for r in rows})
    ys = sorted({r[axes[1]] for r in rows})
    grid = np.full((len(ys), len(xs)), np.nan)
    for r in rows:
        if r["test_accuracy_percent"] != "":
            grid[ys.index(r[axes[1]]), xs.index(r[axes[0]])] = float(r["test_accuracy_percent"])
    fig, ax = subplots(figsize=(5.5, 4.5), constrained_layout=True)
    image = ax.imshow(grid, origin="lower", cmap="viridis", aspect="auto")
    middle = np.nanmean(grid) if np.isfinite(grid).any() else 0.0
    for r in rows:
        i, j = ys.index(r[axes[1]]), xs.index(r[axes[0]])
        text = "collapsed" if r["status"] == "collapsed" else r["test_accuracy_percent"]
        dark = np.isfinite(grid[i, j]) and grid[i, j] < middle
        ax.text(j, i, text, ha="center", va="center", fontsize=8, color="w" if dark else "k")
    for n, (label, x, y) in enumerate(device_points, start=1):
        # the grid is drawn on index axes: place a device point by interpolating its value
        i, j = np.interp(y, ys, range(len(ys))), np.interp(x, xs, range(len(xs)))
        outside = not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1])
        ax.plot(j, i, "r^" if outside else "r*", ms=10, mec="w", ls="none",
                label=f"{n}: {label} ({x:.2g}, {y:.2g})" + (", off the map" if outside else ""))
        ax.annotate(str(n), (j, i), fontsize=8, color="r", xytext=(4, 4),
                    textcoords="offset points")
    if device_points:
        ax.legend(title="simulated device's operating points", fontsize=7, title_fontsize=7,
                  loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1)
    ax.set_xticks(range(len(xs)), [f"{v:g}" for v in xs])
    ax.set_yticks(range(len(ys)), [f"{v:g}" for v in ys])
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    ax.set_title(title, fontsize=9)
    fig.colorbar(image, ax=ax, label="MNIST test accuracy (%)")
    save_png(fig, path)

"""Figures without pyplot: no global figure registry and no backend to choose at import.

Every stage builds its figures as :class:`matplotlib.figure.Figure` objects, which render to
PNG through Agg when saved, in any process (a Snakemake job, a cluster node without a display, a
notebook), and are freed with their last reference.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float],
             constrained_layout: bool = False, **grid: Any) -> tuple[Figure, Any]:
    """A figure and its grid of axes, as ``pyplot.subplots`` returns them (``grid``: sharex,
    sharey, squeeze, width_ratios, height_ratios, gridspec_kw)."""
    fig = Figure(figsize=figsize, layout="constrained" if constrained_layout else None)
    return fig, fig.subplots(nrows, ncols, **grid)

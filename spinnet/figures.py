"""Figures without pyplot: no global figure registry and no backend to choose at import.

Every stage builds its figures as :class:`matplotlib.figure.Figure` objects, which render to
PNG through Agg when saved, in any process (a Snakemake job, a cluster node without a display, a
notebook), and are freed with their last reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.figure import Figure


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float],
             constrained_layout: bool = False, **grid: Any) -> tuple[Figure, Any]:
    """A figure and its grid of axes, as ``pyplot.subplots`` returns them (``grid``: sharex,
    sharey, squeeze, width_ratios, height_ratios, gridspec_kw)."""
    fig = Figure(figsize=figsize, layout="constrained" if constrained_layout else None)
    return fig, fig.subplots(nrows, ncols, **grid)


TEXT_BOXES_KEY = "spinnet:text_boxes"  # PNG text chunk: the figure's text layout, as JSON


def text_boxes(fig: Figure) -> list[dict]:
    """Every text a drawn figure shows (titles, labels, legend and colour-bar text, and the tick
    labels of ticks inside their axis' view) with its bounding box in pixels at the figure's
    dpi, origin bottom left: ``{"text", "box": [x0, y0, x1, y1]}``."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    shown, ticks = [], set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            pad = 1e-9 * max(abs(low), abs(high), 1e-300)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((id(tick.label1), id(tick.label2)))
                if ax.get_visible() and low - pad <= tick.get_loc() <= high + pad:
                    shown += [label for label in (tick.label1, tick.label2)
                              if label.get_visible()]
    shown += [artist for artist in fig.findobj(Text) if id(artist) not in ticks
              and artist.get_visible() and (artist.axes is None or artist.axes.get_visible())]
    boxes = []
    for artist in shown:
        if artist.get_text().strip():
            box = artist.get_window_extent(renderer)
            boxes.append({"text": artist.get_text(),
                          "box": [round(float(v), 1) for v in (box.x0, box.y0, box.x1, box.y1)]})
    return boxes


def save_png(fig: Figure, path: str | Path, dpi: int = 120) -> None:
    """Write ``fig`` as a PNG, atomically, with its text layout (:func:`text_boxes`, and the
    canvas size in pixels) in a PNG text chunk, so that the figures a run made can be checked
    for overlapping or cut-off text without redrawing them."""
    import json

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from spinnet.provenance import write_atomic

    fig.set_dpi(dpi)
    FigureCanvasAgg(fig).draw()
    width, height = fig.canvas.get_width_height()
    layout = json.dumps({"size": [width, height], "texts": text_boxes(fig)})
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=dpi, format="png",
                                               metadata={TEXT_BOXES_KEY: layout}))

"""Figures a person reads: every PNG the tiny run draws has its text inside the canvas and no
two texts overlapping, and names what it shows. The layout comes from the text chunk that
:func:`spinnet.figures.save_png` writes into each PNG (its text boxes as drawn)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from spinnet.figures import TEXT_BOXES_KEY, save_png, subplots

TOLERANCE_PX = 1.0  # boxes may touch; a text whose box extends past the canvas is cut off


def layout(path: Path) -> dict:
    with Image.open(path) as image:
        return json.loads(image.text[TEXT_BOXES_KEY])


def defects(record: dict) -> list[str]:
    """Texts outside the canvas and pairs of texts whose boxes overlap."""
    width, height = record["size"]
    found = []
    for text in record["texts"]:
        x0, y0, x1, y1 = text["box"]
        if x0 < -TOLERANCE_PX or y0 < -TOLERANCE_PX or x1 > width + TOLERANCE_PX \
                or y1 > height + TOLERANCE_PX:
            found.append(f"{text['text']!r} at {text['box']} lies outside {width}x{height}")
    for a, b in itertools.combinations(record["texts"], 2):
        dx = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
        dy = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
        if dx > TOLERANCE_PX and dy > TOLERANCE_PX:
            found.append(f"{a['text']!r} {a['box']} overlaps {b['text']!r} {b['box']}")
    return found


def test_the_check_finds_overlapping_and_cut_off_text(tmp_path):
    fig, ax = subplots(figsize=(3, 2))
    ax.set_title("a long title that runs past the edge of a small figure")
    ax.text(0.5, 0.5, "first", transform=ax.transAxes)
    ax.text(0.52, 0.5, "second", transform=ax.transAxes)
    save_png(fig, tmp_path / "bad.png")
    found = defects(layout(tmp_path / "bad.png"))
    assert any("lies outside" in d for d in found), found
    assert any("'first'" in d and "'second'" in d for d in found), found


def kind(path: Path) -> str:
    """A figure's kind: its file name without seeds and sweep points."""
    return re.sub(r"_seed\d+|_[a-z_.]+~[^_]+", "", path.stem)


@pytest.mark.slow
def test_every_figure_of_the_tiny_run_is_readable(tiny_run):
    figures = sorted(tiny_run.rglob("*.png"))
    kinds = {kind(path) for path in figures}
    assert len(kinds) >= 15, sorted(kinds)
    problems = {}
    for path in figures:
        record = layout(path)
        texts = " ".join(t["text"] for t in record["texts"])
        found = defects(record)
        material = path.parent.name
        if path.parent.parent.name in ("micromag", "surrogate") and material not in texts \
                and material.replace("measured~", "") not in texts:
            found.append(f"no title names the material {material}")
        if "_seed" in path.stem and "seed" not in texts:
            found.append("no title names the seed")
        if found:
            problems[str(path.relative_to(tiny_run))] = found
    assert not problems, json.dumps(problems, indent=1)

"""A lab's own measured device curve from CSV, as the (X, y) the estimators fit.

Synapse curves: columns ``pulse``, ``direction`` (+1 potentiation, -1 depression) and
``hall_signal``; neuron curves: ``current_A_per_m2`` and ``hall_signal``. One header line,
one point per line, numbers only.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

SYNAPSE_COLUMNS = ("pulse", "direction", "hall_signal")
NEURON_COLUMNS = ("current_A_per_m2", "hall_signal")
MIN_POINTS = 4


class CurveFileError(ValueError):
    """A curve CSV that cannot be fitted; the message names file, line and column."""


def read_curve_csv(path: str | Path, kind: str = "synapse") -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` (pulse and direction, or current) and ``y`` (Hall signal) from a CSV."""
    columns = {"synapse": SYNAPSE_COLUMNS, "neuron": NEURON_COLUMNS}.get(kind)
    if columns is None:
        raise ValueError(f"kind = {kind!r}: must be 'synapse' or 'neuron'")
    path = Path(path)
    if not path.is_file():
        raise CurveFileError(f"{path}: curve file not found")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CurveFileError(f"{path}: not UTF-8 text (offset {err.start}); save it as UTF-8 "
                             "CSV") from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [name.strip() for name in reader.fieldnames or []]
        twice = sorted({name for name in header if header.count(name) > 1})
        if twice:
            raise CurveFileError(f"{path}: header {header} names column(s) {twice} more than "
                                 "once; keep one of each")
        missing = [c for c in columns if c not in header]
        if missing:
            raise CurveFileError(f"{path}: header {header} lacks column(s) {missing}; "
                                 f"a {kind} curve needs {list(columns)}")
        values = [[_number(path, reader.line_num, c, row.get(c)) for c in columns]
                  for row in ({k.strip(): v for k, v in r.items() if k} for r in reader)]
    except csv.Error as err:
        raise CurveFileError(f"{path}, line {reader.line_num}: not CSV ({err})") from None
    data = np.array(values, dtype=float).reshape(-1, len(columns))
    if len(data) < MIN_POINTS:
        raise CurveFileError(f"{path}: {len(data)} data rows; at least {MIN_POINTS} needed")
    if kind == "synapse":
        bad = ~np.isin(data[:, 1], (1.0, -1.0))
        if bad.any():
            raise CurveFileError(f"{path}: column direction must be +1 or -1, got "
                                 f"{data[bad, 1][0]:g} on data row {int(np.argmax(bad)) + 1}")
        if np.any(data[:, 0] < 0):
            raise CurveFileError(f"{path}: column pulse must be >= 0")
    return data[:, :-1], data[:, -1]


def _number(path: Path, line: int, column: str, text: str | None) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise CurveFileError(f"{path}, line {line}: column {column} = {text!r} is not a number")\
            from None
    if not np.isfinite(value):
        raise CurveFileError(f"{path}, line {line}: column {column} = {text!r} is not finite")
    return value

"""Turn micromag trace files into the (X, y) the curve estimators fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from micromag.traces import TraceFile


def read_trace(path: str | Path) -> tuple[np.ndarray, np.ndarray, dict]:
    """Hall signal, pulse signs and metadata of one trace file, read and checked by the trace
    format's owner (:class:`micromag.traces.TraceFile`)."""
    trace = TraceFile.read(path)
    return trace.hall_signal, trace.pulse_sign, trace.metadata


def read_cycles(path: str | Path) -> np.ndarray:
    """The Hall signal of every thermal cycle of one trace file (cycles x readouts); one row
    for a run without cycles."""
    return TraceFile.read(path).cycles


def branches(hall_signal: np.ndarray, pulse_sign: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split a potentiation-then-depression trace into ``X = [n, direction]`` and ``y``.

    ``hall_signal[0]`` is the state before any pulse and ``pulse_sign[i]`` the sign of the pulse
    before readout i. Potentiation points are n = 0 ... N_p from the initial state; depression
    points are n = 0 ... N_d counted from the last potentiation readout.
    """
    hall_signal = np.asarray(hall_signal, dtype=float)
    if not np.all(np.isfinite(hall_signal)):
        raise ValueError("trace holds NaN or infinite Hall signals")
    signs = np.asarray(pulse_sign)[1:]
    n_p = int(np.sum(signs > 0))
    if not np.all(signs[:n_p] > 0) or not np.all(signs[n_p:] < 0):
        raise ValueError("trace must be potentiation pulses followed by depression pulses")
    rise = hall_signal[: n_p + 1]
    fall = hall_signal[n_p:]
    X = np.r_[np.c_[np.arange(len(rise)), np.ones(len(rise))],
              np.c_[np.arange(len(fall)), -np.ones(len(fall))]]
    return X, np.r_[rise, fall]

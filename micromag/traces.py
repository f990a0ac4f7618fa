"""Trace files: one compressed .npz per run with the trace, the protocol and provenance."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from spinnet.provenance import write_atomic

from .engines.base import Trace

FORMAT = "spinnet-trace-1"


def save_trace(path: str | Path, trace: Trace, metadata: dict) -> None:
    """Write ``trace`` and a JSON ``metadata`` record to ``path`` atomically (no pickles)."""

    def writer(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            np.savez_compressed(
                handle, hall_signal=trace.hall_signal, time_s=trace.time_s,
                pulse_sign=trace.pulse_sign,
                pulse_current_A_per_m2=(trace.pulse_current_A_per_m2
                                        if trace.pulse_current_A_per_m2 is not None
                                        else np.zeros(len(trace.hall_signal))),
                mz_snapshots=trace.mz_snapshots,
                metadata=np.array(json.dumps({"format": FORMAT, **metadata}, default=str)))

    write_atomic(path, writer)


def load_trace(path: str | Path) -> dict:
    """Read a trace file: arrays plus the decoded ``metadata`` mapping."""
    with np.load(path, allow_pickle=False) as data:
        out = {key: data[key] for key in data.files if key != "metadata"}
        out["metadata"] = json.loads(str(data["metadata"]))
    if out["metadata"].get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} trace file")
    return out

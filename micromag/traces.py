"""Trace files: one compressed .npz per run with the trace, the protocol and provenance."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path

import numpy as np

from spinnet.provenance import CorruptFileError, reject, write_atomic

from .engines.base import Trace

FORMAT = "spinnet-trace-1"
ARRAYS = ("hall_signal", "time_s", "pulse_sign", "pulse_current_A_per_m2", "mz_snapshots")


def _digest(arrays: dict) -> str:
    """SHA-256 over the trace arrays: name, dtype, shape and bytes of each, in ARRAYS order."""
    digest = hashlib.sha256()
    for name in ARRAYS:
        value = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{value.dtype.str}:{value.shape}".encode())
        digest.update(value.tobytes())
    return digest.hexdigest()


def save_trace(path: str | Path, trace: Trace, metadata: dict) -> None:
    """Write ``trace`` and a JSON ``metadata`` record to ``path`` atomically (no pickles), with
    the SHA-256 of its arrays in the metadata (``arrays_sha256``)."""
    arrays = {"hall_signal": trace.hall_signal, "time_s": trace.time_s,
              "pulse_sign": trace.pulse_sign,
              "pulse_current_A_per_m2": (trace.pulse_current_A_per_m2
                                         if trace.pulse_current_A_per_m2 is not None
                                         else np.zeros(len(trace.hall_signal))),
              "mz_snapshots": trace.mz_snapshots}
    arrays = {name: np.asarray(value) for name, value in arrays.items()}
    record = {"format": FORMAT, **metadata, "arrays_sha256": _digest(arrays)}

    def writer(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            np.savez_compressed(handle, **arrays,
                                metadata=np.array(json.dumps(record, default=str)))

    write_atomic(path, writer)


def load_trace(path: str | Path) -> dict:
    """Read a trace file: arrays plus the decoded ``metadata`` mapping.

    A file that is truncated, not a trace, or whose arrays do not match the checksum written
    with them raises :class:`CorruptFileError` and is removed, so that a rerun regenerates it.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            out = {key: data[key] for key in data.files if key != "metadata"}
            out["metadata"] = json.loads(str(data["metadata"]))
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        if isinstance(err, FileNotFoundError):
            raise
        raise reject(path, f"not a whole trace file (truncated or overwritten?): "
                           f"{type(err).__name__}: {err}") from None
    meta = out["metadata"]
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise reject(path, f"not a {FORMAT} trace file")
    missing = [name for name in ARRAYS if name not in out]
    if missing:
        raise reject(path, f"lacks the arrays {missing}")
    if "arrays_sha256" not in meta:
        raise reject(path, "has no arrays_sha256 (written before traces carried one, or not by "
                           "this pipeline)")
    if meta["arrays_sha256"] != _digest(out):
        raise reject(path, "its arrays do not match their arrays_sha256 (altered after the "
                           "simulation wrote them)")
    return out


__all__ = ["FORMAT", "CorruptFileError", "load_trace", "save_trace"]

"""Trace files: one compressed .npz per run with the trace, the protocol and provenance."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from spinnet.provenance import CorruptFileError, reject, write_atomic

from .engines.base import Trace

FORMAT = "spinnet-trace-1"
ARRAYS = ("hall_signal", "time_s", "pulse_sign", "pulse_current_A_per_m2", "mz_snapshots")
OPTIONAL = ("cycle_hall_signal",)  # written only where a run has more than one thermal cycle


def _digest(arrays: dict) -> str:
    """SHA-256 over the trace arrays: name, dtype, shape and bytes of each, in ARRAYS order
    (then the optional arrays present)."""
    digest = hashlib.sha256()
    for name in ARRAYS + tuple(n for n in OPTIONAL if n in arrays):
        value = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{value.dtype.str}:{value.shape}".encode())
        digest.update(value.tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class TraceFile:
    """One run's trace file (spinnet-trace-1): the Hall signal R_H / R_AHE after each pulse
    (index 0 before any), the readout times (s), the pulse signs and current densities (A/m^2),
    the m_z snapshots, and the JSON ``metadata`` (device, material, protocol, engine, seed,
    provenance). ``cycle_hall_signal`` (cycles x readouts) holds the Hall signal of every
    thermal cycle of the same device where it ran more than one (``hall_signal`` is cycle 0).
    Written atomically, no pickles, with the SHA-256 of its arrays."""

    FORMAT: ClassVar[str] = FORMAT

    hall_signal: np.ndarray
    time_s: np.ndarray
    pulse_sign: np.ndarray
    pulse_current_A_per_m2: np.ndarray
    mz_snapshots: np.ndarray
    metadata: dict
    cycle_hall_signal: np.ndarray | None = None

    @classmethod
    def from_trace(cls, trace: Trace, metadata: dict,
                   cycles: list[Trace] | None = None) -> TraceFile:
        """The file of an engine's trace (a trace without currents records zeros); ``cycles``,
        where given, are all thermal cycles of the device, ``trace`` the first."""
        current = trace.pulse_current_A_per_m2
        return cls(np.asarray(trace.hall_signal), np.asarray(trace.time_s),
                   np.asarray(trace.pulse_sign),
                   np.asarray(current if current is not None
                              else np.zeros(len(trace.hall_signal))),
                   np.asarray(trace.mz_snapshots), dict(metadata),
                   None if not cycles or len(cycles) < 2
                   else np.stack([np.asarray(c.hall_signal) for c in cycles]))

    @property
    def cycles(self) -> np.ndarray:
        """The Hall signal of every thermal cycle (cycles x readouts); one row without cycles."""
        return self.hall_signal[None] if self.cycle_hall_signal is None else self.cycle_hall_signal

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays by name, in ARRAYS order, then the optional ones present."""
        return {name: getattr(self, name) for name in ARRAYS} | {
            name: getattr(self, name) for name in OPTIONAL if getattr(self, name) is not None}

    def write(self, path: str | Path) -> None:
        """Write the file atomically, with the format and ``arrays_sha256`` in its metadata."""
        arrays = self.arrays()
        record = {"format": FORMAT, **self.metadata, "arrays_sha256": _digest(arrays)}

        def writer(tmp: Path) -> None:
            with open(tmp, "wb") as handle:
                np.savez_compressed(handle, **arrays,
                                    metadata=np.array(json.dumps(record, default=str)))

        write_atomic(path, writer)

    @classmethod
    def read(cls, path: str | Path) -> TraceFile:
        """Read a trace file; its metadata keeps the format and checksum it was written with.

        A file that is truncated, not a trace, or whose arrays do not match the checksum
        written with them raises :class:`CorruptFileError` and is removed, so that a rerun
        regenerates it.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                out = {key: data[key] for key in data.files if key != "metadata"}
                meta = json.loads(str(data["metadata"]))
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile,
                zlib.error) as err:
            if isinstance(err, FileNotFoundError):
                raise
            raise reject(path, f"not a whole trace file (truncated or overwritten?): "
                               f"{type(err).__name__}: {err}") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise reject(path, f"not a {FORMAT} trace file")
        missing = [name for name in ARRAYS if name not in out]
        if missing:
            raise reject(path, f"lacks the arrays {missing}")
        if "arrays_sha256" not in meta:
            raise reject(path, "has no arrays_sha256 (written before traces carried one, or "
                               "not by this pipeline)")
        if meta["arrays_sha256"] != _digest(out):
            raise reject(path, "its arrays do not match their arrays_sha256 (altered after "
                               "the simulation wrote them)")
        return cls(**{name: out[name] for name in ARRAYS + OPTIONAL if name in out},
                   metadata=meta)


__all__ = ["ARRAYS", "FORMAT", "CorruptFileError", "TraceFile"]

"""What every engine returns and how it fails."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from spinnet import hold

from ..protocol import AmplitudeSweep, PotentiationDepression, Segment

if TYPE_CHECKING:
    import micromagneticmodel as mm

    from ..description import ProblemDescription

NORM_TOLERANCE = 1e-3


def derived_seed(seed: int, index: int) -> int:
    """A seed derived from ``seed`` for stream ``index`` (a thermal cycle, a protocol segment):
    the first word of numpy's SeedSequence([seed, index]), so streams never overlap."""
    return int(np.random.SeedSequence([int(seed), int(index)]).generate_state(1)[0])


def import_torch(threads: int):
    """torch with ``threads`` intra-op threads, OpenMP threads waiting passively, float64 by
    default (as ``import magnumnp`` sets it, so that a run without magnum.np computes the same
    numbers) and no default-device hook on the CPU."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    if torch.get_default_device().type == "cpu":
        torch.set_default_device(None)
    return torch


class SimulationDiverged(RuntimeError):
    """The magnetisation left the unit sphere or became NaN; the run is not trustworthy."""


def check_unit_norm(m: np.ndarray, magnetic: np.ndarray, t: float) -> None:
    """Raise SimulationDiverged unless |m| = 1 within NORM_TOLERANCE in every magnetic cell.

    ``m`` is (..., nx, ny, nz, 3), any leading axes being ensemble members; ``magnetic`` is the
    (nx, ny, nz) mask of cells with Ms > 0 (vacuum cells hold m = 0 and are not checked).
    """
    norm = np.linalg.norm(m, axis=-1)[..., magnetic]
    if not np.all(np.isfinite(norm)):
        raise SimulationDiverged(f"magnetisation became NaN at t = {t:.4g} s")
    worst = float(np.max(np.abs(norm - 1.0)))
    if worst > NORM_TOLERANCE:
        raise SimulationDiverged(f"|m| deviates from 1 by {worst:.3g} at t = {t:.4g} s "
                                 f"(tolerance {NORM_TOLERANCE})")


@dataclass
class Trace:
    """Hall signal after every readout of a protocol, with the m_z maps at those moments.

    ``hall_signal[0]`` is the initial state; ``hall_signal[i]`` follows pulse i, whose current
    density is ``pulse_current_A_per_m2[i]`` (A/m^2, signed; 0 before any pulse); ``mean_m[i]``
    is the unit magnetisation averaged over the magnetic cells at that readout. ``extra``
    holds engine extras, e.g. ``m``, the final magnetisation (cells x 3).
    """

    hall_signal: np.ndarray
    time_s: np.ndarray
    pulse_sign: np.ndarray
    mz_snapshots: np.ndarray
    steps: int
    engine: str
    engine_version: str
    pulse_current_A_per_m2: np.ndarray | None = None
    mean_m: np.ndarray | None = None
    extra: dict = field(default_factory=dict)


class Engine(Protocol):
    """An engine runs a System through a pulse protocol and reads the Hall signal."""

    name: str

    def run(self, system: mm.System | ProblemDescription,
            protocol: PotentiationDepression | AmplitudeSweep, readout: np.ndarray, seed: int,
            progress: bool = True) -> Trace: ...


def drive(protocol, advance: Callable[[Segment], None], save: Callable[[], Any],
          restore: Callable[[Any], None], read: Callable[[], None]) -> None:
    """Walk ``protocol``'s segments, the loop every engine shares.

    ``advance`` integrates one segment (at its current), ``save`` returns the state after the
    first segment (the relaxed written state), ``restore`` puts it back where a segment resets,
    ``read`` takes a readout where a segment ends with one. A fault test may hold the run
    after its first readout (:mod:`spinnet.hold`).
    """
    written = None
    for seg in protocol.segments():
        if seg.reset and written is not None:
            restore(written)
        advance(seg)
        if written is None:
            written = save()
        if seg.read:
            read()
            hold.point()


def readout_currents(protocol, current_density_A_per_m2: float) -> np.ndarray:
    """Signed current density (A/m^2) of the last pulse before each readout, 0 before any."""
    out, last = [], 0.0
    for seg in protocol.segments():
        if seg.current_scale:
            last = seg.current_scale * current_density_A_per_m2
        if seg.read:
            out.append(last)
    return np.array(out)


@dataclass
class Readouts:
    """What one run records at its readouts: Hall signal (mean m_z over the magnetic cells of
    ``readout``), time, m_z map of the first layer and mean m over the magnet."""

    readout: np.ndarray
    magnetic: np.ndarray
    hall: list = field(default_factory=list)
    times: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)
    means: list = field(default_factory=list)

    def add(self, m: np.ndarray, t: float) -> None:
        """Record the unit magnetisation ``m`` (nx, ny, nz, 3) at time ``t`` (s)."""
        check_unit_norm(m, self.magnetic, t)
        self.hall.append(float(m[..., 2][self.readout & self.magnetic].mean()))
        self.times.append(t)
        self.snapshots.append(m[..., 0, 2].astype(np.float32))
        self.means.append(m[self.magnetic].mean(axis=0))

    def trace(self, currents: np.ndarray, steps: int, engine: str, engine_version: str,
              final_m: np.ndarray) -> Trace:
        """The Trace of the run, with ``currents`` from :func:`readout_currents`."""
        return Trace(hall_signal=np.array(self.hall), time_s=np.array(self.times),
                     pulse_sign=np.sign(currents).astype(int),
                     mz_snapshots=np.stack(self.snapshots), steps=steps, engine=engine,
                     engine_version=engine_version, pulse_current_A_per_m2=currents,
                     mean_m=np.array(self.means), extra={"m": final_m.astype(np.float32)})

"""What every engine returns and how it fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import micromagneticmodel as mm
import numpy as np

from ..protocol import AmplitudeSweep, PotentiationDepression

NORM_TOLERANCE = 1e-3


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

    def run(self, system: mm.System, protocol: PotentiationDepression | AmplitudeSweep,
            readout: np.ndarray, seed: int, progress: bool = True) -> Trace: ...

"""What every engine returns and how it fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import micromagneticmodel as mm
import numpy as np

from ..protocol import AmplitudeSweep, PotentiationDepression


class SimulationDiverged(RuntimeError):
    """The magnetisation left the unit sphere or became NaN; the run is not trustworthy."""


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

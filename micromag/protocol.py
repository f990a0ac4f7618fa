"""Current-pulse protocols: what is applied to a device, independent of the engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Segment:
    """A constant-current interval; ``read`` marks a Hall readout at its end."""

    duration_s: float
    current_sign: int
    read: bool


@dataclass(frozen=True)
class PotentiationDepression:
    r"""N potentiation pulses then N depression pulses, each followed by a relaxation.

    A pulse applies :math:`+j` (potentiation) or :math:`-j` (depression) for
    ``pulse_duration_s``; the current is then off for ``relaxation_s`` so the wall comes to
    rest before the Hall signal is read. A domain wall keeps moving for about a nanosecond
    after an SOT pulse ends, so the relaxation must not be much shorter than that.
    A first relaxation of ``relaxation_s`` before any pulse gives the initial state.
    """

    current_density_A_per_m2: float
    pulse_duration_s: float
    relaxation_s: float
    n_potentiation: int
    n_depression: int

    def __post_init__(self) -> None:
        for name in ("current_density_A_per_m2", "pulse_duration_s", "relaxation_s"):
            if not getattr(self, name) > 0:
                raise ValueError(f"protocol field '{name}' = {getattr(self, name)!r} must be > 0")
        for name in ("n_potentiation", "n_depression"):
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or value < 0:
                raise ValueError(f"protocol field '{name}' = {value!r} must be an integer >= 0")

    @property
    def pulse_signs(self) -> np.ndarray:
        """+1 for each potentiation pulse, -1 for each depression pulse, in order."""
        return np.r_[np.ones(self.n_potentiation, int), -np.ones(self.n_depression, int)]

    def segments(self) -> list[Segment]:
        """Initial relaxation, then pulse + relaxation per pulse; readouts after relaxations."""
        out = [Segment(self.relaxation_s, 0, True)]
        for sign in self.pulse_signs:
            out.append(Segment(self.pulse_duration_s, int(sign), False))
            out.append(Segment(self.relaxation_s, 0, True))
        return out

    @property
    def total_time_s(self) -> float:
        """Simulated time of the whole protocol (s)."""
        return sum(seg.duration_s for seg in self.segments())

    def to_dict(self) -> dict:
        """Plain mapping (for provenance records)."""
        return asdict(self)

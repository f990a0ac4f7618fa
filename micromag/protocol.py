"""Current-pulse protocols: what is applied to a device, independent of the engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Segment:
    """A constant-current interval; ``read`` marks a Hall readout at its end.

    The current density is ``current_scale`` times the device's pulse current density J (the
    ``J`` of the System's spin-orbit torque term); its sign is the current's direction.
    ``reset`` restores the device's written initial state at the start of the interval (an
    erase operation, taken as ideal).
    """

    duration_s: float
    current_scale: float
    read: bool
    reset: bool = False


def _require_positive(protocol, *names: str) -> None:
    """Raise ValueError naming the first of ``names`` that is not > 0 on ``protocol``."""
    for name in names:
        if not getattr(protocol, name) > 0:
            raise ValueError(f"protocol field '{name}' = {getattr(protocol, name)!r} must be > 0")


@dataclass(frozen=True)
class SinglePulse:
    """Read the initial state, apply one pulse of the System's current J, read after relaxing.

    The Hall signal before and after one pulse, with no relaxation before it: the track
    benchmark, and an ensemble in which each System carries its own amplitude.
    """

    pulse_duration_s: float
    relaxation_s: float

    def __post_init__(self) -> None:
        _require_positive(self, "pulse_duration_s", "relaxation_s")

    def segments(self) -> list[Segment]:
        """Readout at t = 0, the pulse, then the relaxation with its readout."""
        return [Segment(0.0, 0.0, True), Segment(self.pulse_duration_s, 1.0, False),
                Segment(self.relaxation_s, 0.0, True)]

    def to_dict(self) -> dict:
        """Plain mapping (for provenance records)."""
        return asdict(self)


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
        _require_positive(self, "current_density_A_per_m2", "pulse_duration_s", "relaxation_s")
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
            out.append(Segment(self.pulse_duration_s, float(sign), False))
            out.append(Segment(self.relaxation_s, 0, True))
        return out

    @property
    def total_time_s(self) -> float:
        """Simulated time of the whole protocol (s)."""
        return sum(seg.duration_s for seg in self.segments())

    def to_dict(self) -> dict:
        """Plain mapping (for provenance records)."""
        return asdict(self)


RESET_POLICIES = ("always", "when_lower")


@dataclass(frozen=True)
class AmplitudeSweep:
    r"""One fixed-width pulse per amplitude, Hall signal read after each relaxation.

    This is the neuron protocol: the activation is the Hall signal versus pulse amplitude.
    ``reset`` says when the written initial state is restored before a pulse:

    * ``always``: before every pulse ([SpinSN]'s spin-N: the neuron is
      nonvolatile, so it is erased after each read);
    * ``when_lower``: only when the next amplitude is lower than the last
      ([Zhou2021]'s SET/RESET, which avoids the minor-loop hysteresis).

    Amplitudes are current densities (A/m^2) of one sign; a first relaxation of
    ``relaxation_s`` gives the initial state.
    """

    amplitudes_A_per_m2: tuple[float, ...]
    pulse_duration_s: float
    relaxation_s: float
    reset: str = "always"

    def __post_init__(self) -> None:
        amps = np.asarray(self.amplitudes_A_per_m2, dtype=float)
        if amps.ndim != 1 or len(amps) < 2:
            raise ValueError(f"protocol field 'amplitudes_A_per_m2' = {self.amplitudes_A_per_m2!r}"
                             " must hold at least 2 amplitudes")
        if not (np.all(amps > 0) or np.all(amps < 0)):
            raise ValueError(f"protocol field 'amplitudes_A_per_m2' = {self.amplitudes_A_per_m2!r}"
                             " must be all > 0 or all < 0 (one current direction)")
        _require_positive(self, "pulse_duration_s", "relaxation_s")
        if self.reset not in RESET_POLICIES:
            raise ValueError(f"protocol field 'reset' = {self.reset!r} must be one of "
                             f"{list(RESET_POLICIES)}")

    @property
    def current_density_A_per_m2(self) -> float:
        """The largest amplitude: the System's J, of which each pulse is a fraction."""
        amps = np.asarray(self.amplitudes_A_per_m2, dtype=float)
        return float(amps[np.argmax(np.abs(amps))])

    def segments(self) -> list[Segment]:
        """Initial relaxation, then (reset,) pulse and relaxation per amplitude."""
        j = self.current_density_A_per_m2
        out = [Segment(self.relaxation_s, 0.0, True)]
        last = None
        for amp in self.amplitudes_A_per_m2:
            reset = self.reset == "always" or (last is not None and abs(amp) < abs(last))
            out.append(Segment(self.pulse_duration_s, amp / j, False, reset=reset))
            out.append(Segment(self.relaxation_s, 0.0, True))
            last = amp
        return out

    @property
    def total_time_s(self) -> float:
        """Simulated time of the whole protocol (s)."""
        return sum(seg.duration_s for seg in self.segments())

    def to_dict(self) -> dict:
        """Plain mapping (for provenance records)."""
        out = asdict(self)
        out["amplitudes_A_per_m2"] = [float(a) for a in self.amplitudes_A_per_m2]
        return out

"""Operating points: the pulse current at which a device does what its kind is for, and the
physical condition of a run (did the domain stay on the track?).

A synapse's target ([SpinSN] Fig. 2; [Cao2023] Fig. 2): its N potentiation pulses take the
Hall signal across ``crossing_fraction`` of its swing, from the written state to a fully
switched cross (R_H / R_AHE = +1), with the domain kept on the track. The search looks for the
lowest such current density: a coarse geometric bracket from the configured current, then
bisection (in log J) to a relative width ``tolerance``; then the whole protocol at that current
must bring the wall back over ``return_fraction`` of its swing, or the current steps up by the
tolerance until it does (a wall pinned on its way back). Below the operating point the device
has too few states (or is pinned); well above it the cross saturates before N pulses, or the
wall runs off the end of the track.

On 2 CPU cores the candidate currents run one after another in one process (the compiled
engine is built once); a batched ensemble of the coarse currents pays on a GPU only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .readout import domain_front_x_m

OK = "ok"
LEFT_TRACK = "left the track"


@dataclass(frozen=True)
class SearchSettings:
    """How a synapse's operating current is searched (config ``operating_point``)."""

    current_min_A_per_m2: float = 5.0e10
    current_max_A_per_m2: float = 3.0e12
    tolerance: float = 0.1
    crossing_fraction: float = 0.95
    step: float = 1.5
    return_fraction: float = 0.5
    return_steps: int = 4

    def __post_init__(self) -> None:
        if not 0 < self.current_min_A_per_m2 < self.current_max_A_per_m2:
            raise ValueError(f"operating_point: current_min_A_per_m2 = "
                             f"{self.current_min_A_per_m2:g} must be > 0 and below "
                             f"current_max_A_per_m2 = {self.current_max_A_per_m2:g}")
        if not 0 < self.tolerance < 1:
            raise ValueError(f"operating_point: tolerance = {self.tolerance!r} must lie in (0, 1)")
        if not 0.5 <= self.crossing_fraction < 1:
            raise ValueError(f"operating_point: crossing_fraction = {self.crossing_fraction!r} "
                             "must lie in [0.5, 1)")

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> SearchSettings:
        """The settings of a device's ``operating_point`` section (``search`` aside)."""
        return cls(**{k: v for k, v in section.items() if k != "search"})


def return_fraction(hall_signal: np.ndarray, n_pulses: int) -> float:
    """How far N depression pulses take the Hall signal back, as a fraction of how far the N
    potentiation pulses before them took it (readout 0 the written state)."""
    hall = np.asarray(hall_signal, dtype=float)
    swing = hall[n_pulses] - hall[0]
    return float((hall[n_pulses] - hall[2 * n_pulses]) / swing) if swing > 0 else 0.0


def crossing_progress(hall_signal: np.ndarray) -> np.ndarray:
    """Fraction of the Hall swing after each pulse: 0 in the written state (index 0), 1 for a
    fully switched cross (R_H / R_AHE = +1); clipped to [0, 1]."""
    hall = np.asarray(hall_signal, dtype=float)
    span = 1.0 - hall[0]
    if span <= 0:
        return np.ones_like(hall)
    return np.clip((hall - hall[0]) / span, 0.0, 1.0)


def track_condition(mz_snapshots: np.ndarray, geometry: Mapping[str, float]) -> dict:
    """Whether the reversed domain stayed on the track at every readout: its front (the
    right-most +z cell on the centre line) must stay more than two cells from the track's far
    end, or the wall has run off it and the device has lost its state."""
    cell = geometry["cell_size_m"]
    end = geometry["track_length_m"] - 2 * cell
    fronts = [domain_front_x_m(mz, cell) for mz in mz_snapshots]
    off = [i for i, x in enumerate(fronts) if np.isfinite(x) and x >= end]
    if off:
        return {"status": LEFT_TRACK, "front_x_m": fronts,
                "reason": f"the domain front reached the end of the {1e9 * end + 2e9 * cell:g} "
                          f"nm track at readout {off[0]} (x = {1e9 * fronts[off[0]]:.0f} nm): "
                          "the wall left the track and the device lost its state"}
    return {"status": OK, "front_x_m": fronts}


@dataclass
class Evaluation:
    """One candidate current: the crossing progress after N pulses, after N - 1, and the
    track condition."""

    current_density_A_per_m2: float
    progress: float
    progress_before: float
    condition: str

    def reaches(self, fraction: float) -> bool:
        """Crosses the cross in N pulses (or runs past it: a current that is too high)."""
        return self.progress >= fraction or self.condition != OK


@dataclass
class OperatingPoint:
    """The search's result: the current density (A/m^2), ``status`` ``ok`` or why there is
    none (pinned up to the highest current, or saturating at the lowest), and every
    evaluation."""

    current_density_A_per_m2: float | None
    status: str
    reason: str = ""
    evaluations: list[Evaluation] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain mapping (the operating-point file and provenance records)."""
        return {"current_density_A_per_m2": self.current_density_A_per_m2,
                "status": self.status, "reason": self.reason,
                "evaluations": [asdict(e) for e in self.evaluations]}


def search_current(evaluate: Callable[[float], Evaluation], start_A_per_m2: float,
                   settings: SearchSettings,
                   returns: Callable[[float], tuple[float, str]] | None = None
                   ) -> OperatingPoint:
    """The lowest current density (within ``settings.tolerance``) whose N pulses reach the
    target, by a geometric bracket from ``start_A_per_m2`` and bisection in log J; the
    evaluations are cached, so a current is simulated once.

    ``returns(J)`` runs the whole protocol, N pulses each way, and gives how far depression
    brings the device back (:func:`return_fraction`) and its track condition; where that is
    under ``settings.return_fraction`` the current steps up by the tolerance, at most
    ``return_steps`` times, for a current whose wall also comes back."""
    fraction = settings.crossing_fraction
    seen: dict[float, Evaluation] = {}

    def at(j: float) -> Evaluation:
        if j not in seen:
            seen[j] = evaluate(j)
        return seen[j]

    def result(j, status, reason=""):
        evaluations = sorted(seen.values(), key=lambda e: e.current_density_A_per_m2)
        return OperatingPoint(j, status, reason, evaluations)

    low_limit, high_limit = settings.current_min_A_per_m2, settings.current_max_A_per_m2
    j = min(max(start_A_per_m2, low_limit), high_limit)
    if at(j).reaches(fraction):
        high = j
        while True:
            low = max(high / settings.step, low_limit)
            if not at(low).reaches(fraction):
                break
            high = low
            if low <= low_limit:
                return result(None, "saturated", f"the cross switches in {fraction:.0%} within N "
                              f"pulses down to the lowest current {low_limit:.3g} A/m^2")
    else:
        low = j
        while True:
            high = min(low * settings.step, high_limit)
            if at(high).reaches(fraction):
                break
            low = high
            if high >= high_limit:
                best = max(seen.values(), key=lambda e: e.progress)
                return result(None, "pinned", f"N pulses move the wall across at most "
                              f"{best.progress:.0%} of the Hall swing up to the highest current "
                              f"{high_limit:.3g} A/m^2")
    while high / low > 1 + settings.tolerance:
        middle = math.sqrt(low * high)
        if at(middle).reaches(fraction):
            high = middle
        else:
            low = middle
    if at(high).condition != OK:
        return result(None, at(high).condition,
                      f"at the lowest current that crosses ({high:.3g} A/m^2) the domain "
                      "leaves the track before the cross is switched")
    if returns is None:
        return result(high, OK)
    tried = []
    for _ in range(settings.return_steps + 1):
        back, condition = returns(high)
        tried.append(f"{back:.0%} at {high:.3g}")
        if condition != OK:
            return result(None, condition, f"with N pulses each way at {high:.3g} A/m^2 the "
                          "domain leaves the track")
        if back >= settings.return_fraction:
            point = result(high, OK)
            point.reason = f"depression returns {back:.0%} of the swing"
            return point
        high = min(high * (1 + settings.tolerance), high_limit)
    return result(None, "branch stalls", "N depression pulses bring the wall back over "
                  f"{', '.join(tried)} A/m^2 of its swing, under "
                  f"{settings.return_fraction:.0%}")

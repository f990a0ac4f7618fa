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

A neuron's target: its amplitude sweep spans ``low_fraction`` to ``high_fraction`` (5-95 %)
of the full Hall swing (R_H / R_AHE from -1 to +1), one pulse from the written state per
amplitude. :func:`search_window` finds the window: a coarse geometric sweep from the configured
amplitudes, stretched down or up until both ends are bracketed, then two amplitudes per run
that halve the two brackets (or split the last one in three) to ``tolerance``; the sweep then
runs from the highest amplitude that switches at most 5 % to the lowest that switches 95 %.

On 2 CPU cores the candidate currents run one after another in one process (the compiled
engine is built once); a batched ensemble of the coarse currents pays on a GPU only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Self

import numpy as np

from .readout import domain_front_x_m

OK = "ok"
LEFT_TRACK = "left the track"


@dataclass(frozen=True)
class CurrentRange:
    """The currents a search may try (A/m^2), its stopping width and its coarse step."""

    current_min_A_per_m2: float = 5.0e10
    current_max_A_per_m2: float = 3.0e12
    tolerance: float = 0.1
    step: float = 1.5

    def __post_init__(self) -> None:
        if not 0 < self.current_min_A_per_m2 < self.current_max_A_per_m2:
            raise ValueError(f"operating_point: current_min_A_per_m2 = "
                             f"{self.current_min_A_per_m2:g} must be > 0 and below "
                             f"current_max_A_per_m2 = {self.current_max_A_per_m2:g}")
        if not 0 < self.tolerance < 1:
            raise ValueError(f"operating_point: tolerance = {self.tolerance!r} must lie in (0, 1)")

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> Self:
        """The settings of a device's ``operating_point`` section (``search`` aside)."""
        return cls(**{k: v for k, v in section.items() if k != "search"})


@dataclass(frozen=True)
class SearchSettings(CurrentRange):
    """How a synapse's operating current is searched (config ``operating_point``)."""

    crossing_fraction: float = 0.95
    return_fraction: float = 0.5
    return_steps: int = 4

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.5 <= self.crossing_fraction < 1:
            raise ValueError(f"operating_point: crossing_fraction = {self.crossing_fraction!r} "
                             "must lie in [0.5, 1)")


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


@dataclass(frozen=True)
class WindowSettings(CurrentRange):
    """How a neuron's amplitude window is searched (a neuron's ``operating_point``)."""

    current_max_A_per_m2: float = 1.0e14
    low_fraction: float = 0.05
    high_fraction: float = 0.95

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 <= self.low_fraction < self.high_fraction <= 1:
            raise ValueError(f"operating_point: low_fraction = {self.low_fraction!r} must be "
                             f"below high_fraction = {self.high_fraction!r}, both in [0, 1]")


@dataclass
class Window:
    """A neuron's searched sweep: from ``amplitude_min_A_per_m2`` (switches at most the low
    fraction) to ``amplitude_max_A_per_m2`` (at least the high fraction), A/m^2; ``status``
    ``ok`` or why there is none; every (current, switched fraction) evaluated."""

    amplitude_min_A_per_m2: float | None
    amplitude_max_A_per_m2: float | None
    status: str
    reason: str = ""
    evaluations: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain mapping (the operating-point file: its current is the window's top)."""
        return {"current_density_A_per_m2": self.amplitude_max_A_per_m2,
                "amplitude_min_A_per_m2": self.amplitude_min_A_per_m2,
                "amplitude_max_A_per_m2": self.amplitude_max_A_per_m2,
                "status": self.status, "reason": self.reason, "evaluations": self.evaluations}


def search_window(switched: Callable[[list[float]], list[float]], start_low_A_per_m2: float,
                  start_high_A_per_m2: float, settings: WindowSettings) -> Window:
    """The amplitude window of a neuron whose one-pulse response ``switched(amplitudes)``
    (the fraction of the full Hall swing each amplitude switches from the written state, all
    in one run) rises with the amplitude; see the module docstring. Each amplitude is run
    once."""
    low_f, high_f, step = settings.low_fraction, settings.high_fraction, settings.step
    lo_limit, hi_limit = settings.current_min_A_per_m2, settings.current_max_A_per_m2
    seen: dict[float, float] = {}

    def run(amplitudes) -> None:
        new = sorted({float(a) for a in amplitudes if float(a) not in seen})
        if len(new) == 1:  # a sweep holds two amplitudes at least: add the next one up
            new.append(min(new[0] * step, hi_limit) if new[0] < hi_limit else new[0] / step)
        if new:
            seen.update(zip(new, map(float, switched(new)), strict=True))

    def result(low, high, status, reason=""):
        evaluations = [{"current_density_A_per_m2": j, "switched_fraction": f}
                       for j, f in sorted(seen.items())]
        return Window(low, high, status, reason, evaluations)

    a = min(max(start_low_A_per_m2, lo_limit), hi_limit)
    b = min(max(start_high_A_per_m2, a * step), hi_limit)
    run(np.geomspace(a, b, max(2, math.ceil(math.log(b / a) / math.log(step)) + 1)))
    while min(seen.values()) > low_f:
        if min(seen) <= lo_limit:
            return result(None, None, "switches at the lowest current",
                          f"one pulse of {min(seen):.3g} A/m^2 already switches "
                          f"{seen[min(seen)]:.0%} of the Hall swing (above {low_f:.0%})")
        run([max(min(seen) / step, lo_limit), max(min(seen) / step**2, lo_limit)])
    while max(seen.values()) < high_f:
        if max(seen) >= hi_limit:
            return result(None, None, "does not switch",
                          f"one pulse switches at most {max(seen.values()):.0%} of the Hall "
                          f"swing up to the highest current {hi_limit:.3g} A/m^2")
        run([min(max(seen) * step, hi_limit), min(max(seen) * step**2, hi_limit)])

    def brackets() -> tuple[tuple[float, float], tuple[float, float]] | None:
        js = sorted(seen)
        top = next(j for j in js if seen[j] >= high_f)  # the lowest that switches high_f
        below = [j for j in js if seen[j] <= low_f and j < top]
        if not below:
            return None
        low = max(below)
        return ((low, min(j for j in js if j > low)),
                (max(j for j in js if j < top), top))

    while True:
        found = brackets()
        if found is None:
            return result(None, None, "not monotone",
                          f"every amplitude that switches at most {low_f:.0%} of the Hall swing "
                          f"lies above one that switches {high_f:.0%}")
        (a, b), (c, d) = found
        open_ = [(x, y) for x, y in ((a, b), (c, d)) if y / x > 1 + settings.tolerance]
        if not open_:
            return result(a, d, OK)
        if len(open_) == 2 and open_[0] != open_[1]:
            run([math.sqrt(x * y) for x, y in open_])
        else:
            x, y = open_[0]
            run([x * (y / x) ** (1 / 3), x * (y / x) ** (2 / 3)])

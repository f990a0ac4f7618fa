"""The neuron's amplitude-window search on responses with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from micromag.operating import WindowSettings, search_window


def logistic(x0, k):
    """A one-pulse response: the switched fraction 1 / (1 + exp(-(J - x0) / k))."""
    calls = []

    def switched(amplitudes):
        calls.append(list(amplitudes))
        j = np.asarray(amplitudes)
        return 1.0 / (1.0 + np.exp(-(j - x0) / k))
    return switched, calls


@pytest.mark.parametrize("start", [(1e11, 6e11), (1e12, 2e12), (1e10, 2e10), (5e11, 5.1e11)])
def test_the_window_spans_5_to_95_percent_within_the_tolerance(start):
    # x0 = 8e11, k = 1e11: 5 % at x0 - k ln 19 = 5.056e11, 95 % at 1.0944e12
    switched, calls = logistic(8e11, 1e11)
    window = search_window(switched, *start, WindowSettings(tolerance=0.05))
    assert window.status == "ok"
    j5, j95 = 8e11 - 1e11 * np.log(19), 8e11 + 1e11 * np.log(19)
    assert j5 / 1.05 <= window.amplitude_min_A_per_m2 <= j5
    assert j95 <= window.amplitude_max_A_per_m2 <= j95 * 1.05
    amplitudes = [a for run in calls for a in run]
    assert len(amplitudes) == len(set(amplitudes))  # each amplitude simulated once
    assert all(len(run) >= 2 for run in calls)  # each run is a sweep
    fractions = {e["current_density_A_per_m2"]: e["switched_fraction"]
                 for e in window.evaluations}
    assert fractions[window.amplitude_min_A_per_m2] <= 0.05
    assert fractions[window.amplitude_max_A_per_m2] >= 0.95


def test_a_neuron_that_never_switches_or_always_switches_has_no_window():
    never, _ = logistic(1e15, 1e11)
    window = search_window(never, 1e11, 6e11, WindowSettings(current_max_A_per_m2=3e12))
    assert window.status == "does not switch" and window.amplitude_max_A_per_m2 is None
    assert "3e+12" in window.reason
    always, _ = logistic(-1e12, 1e11)
    window = search_window(always, 1e11, 6e11, WindowSettings(current_min_A_per_m2=5e10))
    assert window.status == "switches at the lowest current"


def test_a_response_that_falls_with_the_amplitude_is_not_monotone():
    def switched(amplitudes):  # switched below 2e11, not above: no rising window
        return [1.0 if j < 2e11 else 0.0 for j in amplitudes]

    window = search_window(switched, 1e11, 6e11, WindowSettings())
    assert window.status == "not monotone" and window.amplitude_min_A_per_m2 is None

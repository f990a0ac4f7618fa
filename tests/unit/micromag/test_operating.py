"""The operating-point search: the lowest current that meets the target, within tolerance,
and a named status where there is none."""

import numpy as np
import pytest

from micromag.operating import (
    Evaluation,
    SearchSettings,
    crossing_progress,
    return_fraction,
    search_current,
    track_condition,
)


def device(depinning, full, leaves=None):
    """A wall pinned below ``depinning`` A/m^2 whose N pulses switch the cross in proportion
    above it (all of it at ``full``); above ``leaves`` the wall runs off the track."""
    calls = []

    def evaluate(j):
        calls.append(j)
        progress = float(np.clip((j - depinning) / (full - depinning), 0, 1))
        condition = "left the track" if leaves is not None and j > leaves else "ok"
        return Evaluation(j, progress, 0.8 * progress, condition)

    return evaluate, calls


@pytest.mark.parametrize("start", [1e11, 4e11, 2e12])
def test_the_search_finds_the_lowest_crossing_current_within_tolerance(start):
    settings = SearchSettings(tolerance=0.05)
    evaluate, calls = device(3e11, 5e11)
    found = search_current(evaluate, start, settings)
    target = 3e11 + 0.95 * 2e11  # progress 0.95
    assert found.status == "ok"
    assert target <= found.current_density_A_per_m2 <= target * 1.05
    assert len(calls) == len(set(calls)) == len(found.evaluations) <= 12


def test_no_crossing_up_to_the_highest_current_is_pinned_and_says_how_far_it_got():
    found = search_current(device(5e12, 6e12)[0], 4e11, SearchSettings())
    assert found.status == "pinned" and found.current_density_A_per_m2 is None
    assert "3e+12" in found.reason and "0%" in found.reason
    found = search_current(device(1e9, 2e9)[0], 4e11, SearchSettings())
    assert found.status == "saturated" and "5e+10" in found.reason


def test_a_wall_that_leaves_before_the_cross_is_switched_is_named():
    found = search_current(device(3e11, 5e11, leaves=4e11)[0], 4e11, SearchSettings())
    assert found.status == "left the track" and "leaves the track" in found.reason


def test_a_wall_that_does_not_come_back_moves_the_current_up_or_stalls():
    evaluate, _ = device(3e11, 5e11)
    asked = []

    def returns(j):  # the wall comes back over half its swing from 5.2e11 A/m^2 on
        asked.append(j)
        return (0.6 if j >= 5.2e11 else 0.3), "ok"

    found = search_current(evaluate, 4e11, SearchSettings(tolerance=0.05), returns)
    assert found.status == "ok" and found.current_density_A_per_m2 >= 5.2e11
    assert len(asked) >= 2 and "returns 60%" in found.reason
    stuck = search_current(evaluate, 4e11, SearchSettings(tolerance=0.05),
                           lambda j: (0.3, "ok"))
    assert stuck.status == "branch stalls" and "30%" in stuck.reason


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="current_min_A_per_m2 = 5e\\+12"):
        SearchSettings(current_min_A_per_m2=5e12)
    with pytest.raises(ValueError, match="crossing_fraction = 1.2"):
        SearchSettings(crossing_fraction=1.2)


def test_crossing_progress_and_the_track_condition():
    assert np.allclose(crossing_progress(np.array([-1.0, -0.5, 0.0, 1.0])), [0, 0.25, 0.5, 1])
    assert return_fraction(np.array([-1.0, 0.0, 1.0, 0.6, 0.2]), 2) == pytest.approx(0.4)
    geometry = {"cell_size_m": 4e-9, "track_length_m": 64e-9}
    mz = -np.ones((16, 8))
    mz[:8] = 1.0  # front at cell 7: on the track
    assert track_condition([mz], geometry)["status"] == "ok"
    mz[:15] = 1.0  # front at cell 14, two cells before the end: left
    left = track_condition([mz.copy(), mz], geometry)
    assert left["status"] == "left the track" and "readout 0" in left["reason"]

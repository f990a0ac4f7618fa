"""Switching-curve figures against pulse width: J_50, [Zhou2021]'s ΔI and Sharrock's law,
checked on curves whose answers are known in closed form."""

import numpy as np
import pytest
from scipy.stats import norm

from surrogate.switching import (
    ATTEMPT_FREQUENCY_HZ,
    current_range,
    fifty_percent_current,
    fit_sharrock,
)


def test_fifty_percent_current_of_a_normal_cdf_is_its_mean():
    current = np.linspace(2e13, 8e13, 61)
    hall = 2 * norm.cdf(current, loc=4.7e13, scale=0.6e13) - 1
    assert fifty_percent_current(current, hall) == pytest.approx(4.7e13, rel=2e-3)
    # a sweep that never reaches half switching has no J_50
    assert np.isnan(fifty_percent_current(current, np.full(61, -0.9)))


def test_the_99_percent_range_of_a_ramp_and_of_a_normal_cdf():
    current = np.linspace(0.0, 10.0, 101)
    ramp = np.clip((current - 2.0) / 4.0, 0, 1) * 2 - 1  # rises from J = 2 to 6
    low, high = current_range(current, ramp)
    assert high - low == pytest.approx(0.99 * 4.0, abs=0.01)
    # a normal CDF: the narrowest 99 % window is symmetric, 2 x 2.5758 sigma wide
    sigma = 0.5
    cdf = 2 * norm.cdf(current, loc=5.0, scale=sigma) - 1
    low, high = current_range(current, cdf)
    assert high - low == pytest.approx(2 * norm.ppf(0.995) * sigma, rel=0.02)
    assert (low + high) / 2 == pytest.approx(5.0, abs=0.02)


def test_sharrock_fit_recovers_its_barrier_and_predicts_microseconds():
    tau = np.array([0.5e-9, 1e-9, 2e-9, 5e-9])
    jc0, barrier = 6.0e13, 40.0
    jc = jc0 * (1 - np.log(tau * ATTEMPT_FREQUENCY_HZ) / barrier)
    fit = fit_sharrock(tau, jc)
    assert fit.jc0_A_per_m2 == pytest.approx(jc0, rel=1e-6)
    assert fit.barrier_kT == pytest.approx(barrier, rel=1e-6)
    expected = jc0 * (1 - np.log(5e-6 * ATTEMPT_FREQUENCY_HZ) / barrier)
    assert fit.critical_current(5e-6) == pytest.approx(expected, rel=1e-6)
    with pytest.raises(ValueError, match=">= 3 pulse widths"):
        fit_sharrock(tau[:2], jc[:2])

"""Switching curves against pulse width: the 50 % switching current, the width of the
switching curve and the thermal-activation (Sharrock) law of the critical current.

A neuron's amplitude sweep, each pulse from the erased (-z) state, gives the switched fraction
p(J) = (R_H / R_AHE + 1) / 2. Its 50 % current J_50 and its width ΔJ, the narrowest current
range covering ``coverage`` (99 %) of the Hall change, as [Zhou2021] Fig. 1g defines ΔI, are
read off the monotone (isotonic) envelope of the sweep, linearly interpolated.

Thermally activated switching over a barrier E_b lowers the critical current as the pulse
lengthens (Sharrock's law, linear in the barrier's field dependence):

    J_c(τ) = J_c0 [1 - (k_B T / E_b) ln(τ f0)],

with f0 the attempt frequency (10⁹ Hz here, the usual choice). :func:`fit_sharrock` fits J_c0
and E_b / k_B T with scipy's ``curve_fit``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit
from sklearn.isotonic import IsotonicRegression

ATTEMPT_FREQUENCY_HZ = 1.0e9


def switched_fraction(hall_signal: np.ndarray) -> np.ndarray:
    """p = (R_H / R_AHE + 1) / 2: 0 for the erased -z state, 1 for a switched cross."""
    return (np.asarray(hall_signal, dtype=float) + 1.0) / 2.0


def _envelope(current: np.ndarray, values: np.ndarray, points: int = 4001
              ) -> tuple[np.ndarray, np.ndarray]:
    """The rising isotonic fit of ``values`` against ``current``, on a fine linear grid."""
    order = np.argsort(current)
    x, y = np.asarray(current, float)[order], np.asarray(values, float)[order]
    fitted = IsotonicRegression(increasing=True).fit_transform(x, y)
    grid = np.linspace(x[0], x[-1], points)
    return grid, np.interp(grid, x, fitted)


def fifty_percent_current(current: np.ndarray, hall_signal: np.ndarray) -> float:
    """J_50 (A/m²): where the monotone switched fraction first reaches 0.5; NaN if the sweep
    does not cross it."""
    grid, p = _envelope(current, switched_fraction(hall_signal))
    above = np.flatnonzero(p >= 0.5)
    if not len(above) or p[0] >= 0.5:
        return float("nan")
    return float(grid[above[0]])


def current_range(current: np.ndarray, hall_signal: np.ndarray, coverage: float = 0.99
                  ) -> tuple[float, float]:
    """(J_low, J_high) in A/m²: the narrowest current range over which the monotone Hall
    signal changes by at least ``coverage`` of its whole change ([Zhou2021]'s ΔI)."""
    grid, h = _envelope(current, hall_signal)
    need = coverage * (h[-1] - h[0])
    if need <= 0:
        return float("nan"), float("nan")
    # for each start, the first grid point whose rise from it covers the need
    ends = np.searchsorted(h, h + need, side="left")
    valid = ends < len(grid)
    starts = np.flatnonzero(valid)
    widths = grid[ends[valid]] - grid[starts]
    best = int(np.argmin(widths))
    return float(grid[starts[best]]), float(grid[ends[valid][best]])


def _sharrock(tau_s, jc0, barrier_kT):
    return jc0 * (1.0 - np.log(np.asarray(tau_s) * ATTEMPT_FREQUENCY_HZ) / barrier_kT)


@dataclass(frozen=True)
class SharrockFit:
    """J_c0 (A/m²) and E_b / k_B T of J_c(τ) = J_c0 [1 - (k_B T / E_b) ln(τ f0)], with their
    standard errors from the fit's covariance."""

    jc0_A_per_m2: float
    barrier_kT: float
    jc0_error_A_per_m2: float
    barrier_error_kT: float

    def critical_current(self, tau_s: float | np.ndarray) -> float | np.ndarray:
        """J_c (A/m²) at pulse width ``tau_s`` (s)."""
        return _sharrock(tau_s, self.jc0_A_per_m2, self.barrier_kT)


def fit_sharrock(tau_s: np.ndarray, jc_A_per_m2: np.ndarray) -> SharrockFit:
    """Fit Sharrock's law to critical currents ``jc_A_per_m2`` at pulse widths ``tau_s``
    (at least three widths; NaNs are dropped)."""
    tau, jc = np.asarray(tau_s, float), np.asarray(jc_A_per_m2, float)
    keep = np.isfinite(jc)
    if keep.sum() < 3:
        raise ValueError(f"Sharrock fit needs >= 3 pulse widths with a 50 % current, got "
                         f"{int(keep.sum())}")
    tau, jc = tau[keep], jc[keep]
    # start from the straight line jc = a + b ln(tau f0): jc0 = a, E_b / kT = -a / b
    b, a = np.polyfit(np.log(tau * ATTEMPT_FREQUENCY_HZ), jc, 1)
    start = (a, -a / b if b < 0 else 1e3)
    params, cov = curve_fit(_sharrock, tau, jc, p0=start, maxfev=20000)
    errors = np.sqrt(np.clip(np.diag(cov), 0, None)) if np.all(np.isfinite(cov)) else (
        np.full(2, np.nan))
    return SharrockFit(float(params[0]), float(params[1]), float(errors[0]), float(errors[1]))

"""Potentiation / depression curve estimators (scikit-learn API).

Every estimator takes ``X`` with two columns, ``[n, direction]``: ``n`` is the number of pulses
applied since the branch started (0 ... P_max) and ``direction`` is +1 on the potentiation branch
and -1 on the depression branch; ``y`` is the Hall signal. Both branches share the conductance
range [G_min, G_max]; potentiation starts at G_min, depression at G_max.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import least_squares
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.utils.validation import check_is_fitted, validate_data

from . import models

MIN_POINTS_PER_BRANCH = 3


class NoRangeError(ValueError):
    """The device did not switch: potentiation does not raise the signal above depression."""


def r_squared(y: np.ndarray, residuals: np.ndarray) -> float:
    """Coefficient of determination of a fit to ``y``; 0 for a constant ``y``."""
    ss_tot = np.sum((y - y.mean()) ** 2)
    return float(1.0 - np.sum(residuals**2) / ss_tot) if ss_tot > 0 else 0.0


def _check_branches(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if X.shape[1] != 2:
        raise ValueError("X must have 2 columns [pulse number, direction], got "
                         f"n_features = {X.shape[1]}")
    n, direction = X[:, 0], X[:, 1]
    if not np.all(np.isin(direction, (-1.0, 1.0))):
        raise ValueError("X column 1 (direction) must be +1 (potentiation) or -1 (depression)")
    if np.any(n < 0):
        raise ValueError("X column 0 (pulse number) must be >= 0")
    return n, direction


class _PulseCurve(RegressorMixin, BaseEstimator):
    """Shared fitting machinery: least squares of a two-branch model with a shared range."""

    shape_names: tuple[str, str] = ("shape_p", "shape_d")

    def __init__(self, n_pulses_max: int | None = None, state_resolution: float = 0.01):
        self.n_pulses_max = n_pulses_max
        self.state_resolution = state_resolution

    # Subclasses: normalised branch shapes on x = n / P_max in [0, 1], 0 -> 0 and 1 -> 1.
    @staticmethod
    def _shape(x: np.ndarray, s: float) -> np.ndarray:
        raise NotImplementedError

    _shape_bounds: tuple[float, float] = (-np.inf, np.inf)

    def _model(self, n, direction, s_p, s_d, g_min, g_max, p_max):
        x = np.clip(n / p_max, 0.0, 1.0)
        rise = self._shape(x, s_p)
        fall = self._shape(x, s_d)
        return np.where(direction > 0, g_min + (g_max - g_min) * rise,
                        g_max - (g_max - g_min) * fall)

    def _checked(self, X, y) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """Validated data as (n, direction, y, P_max); refuses what no model can fit."""
        X, y = validate_data(self, X, y, reset=True, dtype=float, y_numeric=True)
        if len(y) < 2 * MIN_POINTS_PER_BRANCH:
            raise ValueError(f"n_samples = {len(y)}: at least {MIN_POINTS_PER_BRANCH} points per "
                             "branch are needed to fit")
        n, direction = _check_branches(X)
        for sign, label in ((1, "potentiation"), (-1, "depression")):
            count = int(np.sum(direction == sign))
            if count < MIN_POINTS_PER_BRANCH:
                raise ValueError(f"{label} branch has {count} points; at least "
                                 f"{MIN_POINTS_PER_BRANCH} are needed to fit")
        p_max = float(self.n_pulses_max) if self.n_pulses_max is not None else float(n.max())
        if not p_max > 0:
            raise ValueError(f"n_pulses_max = {p_max!r} must be > 0")
        return n, direction, y, p_max

    def _score_fit(self, n: np.ndarray, direction: np.ndarray, y: np.ndarray) -> None:
        """Residuals, R^2 and RMSE of the fit; states the data's potentiation steps resolve."""
        self.residuals_ = y - self.predict(np.c_[n, direction])
        self.r2_ = r_squared(y, self.residuals_)
        self.rmse_ = float(np.sqrt(np.mean(self.residuals_**2)))
        rise = y[direction > 0][np.argsort(n[direction > 0])]
        span = self.G_max_ - self.G_min_
        self.n_states_ = int(round(self.P_max_)) + 1
        self.n_distinguishable_states_ = int(
            1 + np.sum(np.abs(np.diff(rise)) > self.state_resolution * span))

    def fit(self, X, y):
        """Fit both branches to pulse-number data; refuses data it cannot fit."""
        n, direction, y, p_max = self._checked(X, y)
        rise = y[direction > 0][np.argsort(n[direction > 0])]
        fall = y[direction < 0][np.argsort(n[direction < 0])]
        g0_min = min(rise[0], fall[-1])
        g0_max = max(rise[-1], fall[0])
        if not g0_max > g0_min:
            raise NoRangeError("the curve has no range: potentiation does not raise the signal "
                             "above where depression ends")
        lo, hi = self._shape_bounds
        start = np.array([self._shape_start, self._shape_start, g0_min, g0_max])
        bounds = ([lo, lo, -np.inf, -np.inf], [hi, hi, np.inf, np.inf])
        span = g0_max - g0_min

        def residual(theta):
            return (self._model(n, direction, *theta, p_max) - y) / span

        result = least_squares(residual, start, bounds=bounds, x_scale="jac")
        s_p, s_d, g_min, g_max = result.x
        if not g_max > g_min:
            raise NoRangeError("fit gives G_max <= G_min: the data are not a potentiation / "
                             "depression pair")
        self.shape_p_, self.shape_d_ = float(s_p), float(s_d)
        self.G_min_, self.G_max_ = float(g_min), float(g_max)
        self.P_max_ = p_max
        self._score_fit(n, direction, y)
        return self

    def predict(self, X) -> np.ndarray:
        """Hall signal after ``n`` pulses along the branch given by ``direction``."""
        check_is_fitted(self, "shape_p_")
        X = validate_data(self, X, reset=False, dtype=float)
        return self._fitted_curve(*_check_branches(X))

    def _fitted_curve(self, n: np.ndarray, direction: np.ndarray) -> np.ndarray:
        return self._model(n, direction, self.shape_p_, self.shape_d_, self.G_min_,
                           self.G_max_, self.P_max_)

    def table(self) -> dict:
        """The fitted branches at every whole pulse 0 ... P_max (what the network stage walks)."""
        check_is_fitted(self, "shape_p_")
        n = np.arange(int(round(self.P_max_)) + 1, dtype=float)
        ones = np.ones_like(n)
        return {
            "pulses": n.tolist(),
            "potentiation": self.predict(np.c_[n, ones]).tolist(),
            "depression": self.predict(np.c_[n, -ones]).tolist(),
        }

    def figures_of_merit(self) -> dict:
        """Parameters and fit quality as a JSON-ready mapping."""
        check_is_fitted(self, "shape_p_")
        name_p, name_d = self.shape_names
        return {
            name_p: self._report_shape(self.shape_p_),
            name_d: self._report_shape(self.shape_d_),
            "G_min": self.G_min_,
            "G_max": self.G_max_,
            "G_range": self.G_max_ - self.G_min_,
            "P_max": self.P_max_,
            "n_states": self.n_states_,
            "n_distinguishable_states": self.n_distinguishable_states_,
            "r2": self.r2_,
            "rmse": self.rmse_,
        }

    @staticmethod
    def _report_shape(s: float) -> float:
        return s


class ExponentialPDCurve(_PulseCurve):
    r"""Exponential potentiation / depression model of [Cao2023] (NeuroSim).

    .. math::
        G_P(n) = B_p (1 - e^{-n/A_p}) + G_{min}, \quad
        G_D(n) = G_{max} - B_d (1 - e^{-n/A_d}), \quad
        B = \frac{G_{max} - G_{min}}{1 - e^{-P_{max}/A}}

    with n the pulses applied since the branch started. The paper prints the depression branch
    as :math:`B(1 - e^{-(P - P_{max})/A}) + R_{max}`, which does not reach :math:`R_{min}`; the
    form above is NeuroSim's (Chen et al., IEEE TCAD 37, 3067 (2018)), which does. A > 0
    saturates, |A| -> inf is linear, A < 0 is convex. It is fitted in terms of c = P_max / A.
    """

    shape_names = ("A_p", "A_d")
    _shape_start = 1.0
    _shape_bounds = (-30.0, 30.0)

    _shape = staticmethod(models.exponential_shape)

    def _report_shape(self, c: float) -> float:
        return math.inf if abs(c) < 1e-9 else self.P_max_ / c

    @property
    def A_p_(self) -> float:
        """Nonlinearity A of potentiation, in pulses."""
        return self._report_shape(self.shape_p_)

    @property
    def A_d_(self) -> float:
        """Nonlinearity A of depression, in pulses."""
        return self._report_shape(self.shape_d_)


class QuadraticBetaCurve(_PulseCurve):
    r"""Quadratic nonlinearity model of [SpinSN] (its Fig. 2e and 5e).

    On normalised pulse number :math:`x = n / P_{max}`,

    .. math::
        g(x) = (1 + \beta) x - \beta x^2, \quad
        G_P = G_{min} + (G_{max} - G_{min})\, g_{\beta_p}(x), \quad
        G_D = G_{max} - (G_{max} - G_{min})\, g_{\beta_d}(x)

    so :math:`\beta = 0` is linear, :math:`\beta > 0` saturates (oxide RRAM-like) and
    :math:`\beta < 0` accelerates; :math:`|\beta| \le 1` keeps the curve monotone. The paper gives
    the model only as "quadratic, beta = 0 linear" (its Fig. S4); this is the one-parameter
    quadratic through both end points.
    """

    shape_names = ("beta_p", "beta_d")
    _shape_start = 0.0
    _shape_bounds = (-1.0, 1.0)

    _shape = staticmethod(models.quadratic_shape)

    @property
    def beta_p_(self) -> float:
        """Nonlinearity beta of potentiation."""
        return self.shape_p_

    @property
    def beta_d_(self) -> float:
        """Nonlinearity beta of depression."""
        return self.shape_d_


class IsotonicPDCurve(_PulseCurve):
    r"""Model-free monotone curve: isotonic regression of each branch (scikit-learn).

    For devices that fit neither parametric model (steps, plateaus, depinning bursts). The
    potentiation branch is the best non-decreasing, the depression branch the best
    non-increasing piecewise-linear curve through the data. Its nonlinearity is reported
    model-free, as NL = max over x of (g(x) - x) on the normalised branch (x = n / P_max,
    g in [0, 1]; 0 is linear, > 0 saturating, < 0 accelerating by the signed extreme).
    """

    shape_names = ("NL_p", "NL_d")

    def fit(self, X, y):
        """Fit the two monotone branches; refuses data with no range."""
        n, direction, y, p_max = self._checked(X, y)
        up, down = direction > 0, direction < 0
        self.rise_ = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(n[up], y[up])
        self.fall_ = IsotonicRegression(increasing=False, out_of_bounds="clip").fit(n[down],
                                                                                    y[down])
        self.P_max_ = p_max
        ends = self.rise_.predict([0.0, p_max]), self.fall_.predict([0.0, p_max])
        self.G_min_ = float(min(ends[0][0], ends[1][1]))
        self.G_max_ = float(max(ends[0][1], ends[1][0]))
        if not self.G_max_ > self.G_min_:
            raise NoRangeError("the curve has no range: potentiation does not raise the signal "
                               "above where depression ends")
        x = np.linspace(0.0, 1.0, 201)
        span = self.G_max_ - self.G_min_
        g_p = (self.rise_.predict(x * p_max) - self.G_min_) / span - x
        g_d = (self.G_max_ - self.fall_.predict(x * p_max)) / span - x
        self.shape_p_ = float(g_p[np.argmax(np.abs(g_p))])
        self.shape_d_ = float(g_d[np.argmax(np.abs(g_d))])
        self._score_fit(n, direction, y)
        return self

    def _fitted_curve(self, n: np.ndarray, direction: np.ndarray) -> np.ndarray:
        return np.where(direction > 0, self.rise_.predict(n), self.fall_.predict(n))


MODELS = {"exponential": ExponentialPDCurve, "quadratic": QuadraticBetaCurve,
          "isotonic": IsotonicPDCurve}

"""Neuron activation estimators: Hall signal versus pulse amplitude (scikit-learn API).

``X`` has one column, the pulse amplitude (current density in A/m^2, current in A or voltage in
V; the fitted location and width parameters carry that unit); ``y`` is the Hall signal.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from . import models
from .curves import r_squared

MIN_POINTS = 5


def _step_start(x: np.ndarray, y: np.ndarray, width_fraction: float) -> np.ndarray:
    """Start values (low level, high level, midpoint, width) of a step-like curve."""
    order = np.argsort(x)
    xs, ys = x[order], y[order]
    mid = xs[np.argmin(np.abs(ys - (ys[0] + ys[-1]) / 2))]
    return np.array([ys[0], ys[-1], mid, np.ptp(xs) * width_fraction])


class _ActivationCurve(RegressorMixin, BaseEstimator):
    """Least-squares fit of a four-parameter activation; subclasses give model and start."""

    param_names: tuple[str, ...] = ()

    @staticmethod
    def _model(x: np.ndarray, *theta: float) -> np.ndarray:
        raise NotImplementedError

    def _start(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _bounds(self, x: np.ndarray, y: np.ndarray) -> tuple:
        """Parameter bounds of the least-squares fit (none by default)."""
        return (-np.inf, np.inf)

    def fit(self, X, y):
        """Fit the activation; refuses fewer than 5 points, several columns or a flat signal."""
        X, y = validate_data(self, X, y, reset=True, dtype=float, y_numeric=True)
        if X.shape[1] != 1:
            raise ValueError(f"X must have one column (pulse amplitude), got n_features = "
                             f"{X.shape[1]}")
        if len(y) < MIN_POINTS:
            raise ValueError(f"n_samples = {len(y)}: at least {MIN_POINTS} points are needed")
        x = X[:, 0]
        span = float(np.ptp(y))
        if not span > 0:
            raise ValueError("the signal does not change with amplitude: no activation to fit")

        def residual(theta):
            return (self._model(x, *theta) - y) / span

        start = self._start(x, y)
        result = least_squares(residual, start, x_scale="jac", bounds=self._bounds(x, y))
        self.params_ = dict(zip(self.param_names, map(float, result.x), strict=True))
        self.residuals_ = y - self._model(x, *result.x)
        self.r2_ = r_squared(y, self.residuals_)
        return self

    def predict(self, X) -> np.ndarray:
        """Hall signal at the amplitudes in ``X``."""
        check_is_fitted(self, "params_")
        X = validate_data(self, X, reset=False, dtype=float)
        return self._model(X[:, 0], *self.params_.values())

    def derivative(self, X, step: float | None = None) -> np.ndarray:
        """d(signal)/d(amplitude) by central differences (the backward pass of a neuron)."""
        check_is_fitted(self, "params_")
        X = np.asarray(X, dtype=float)
        h = step if step is not None else 1e-6 * max(1.0, float(np.abs(X).max()))
        return (self.predict(X + h) - self.predict(X - h)) / (2 * h)

    def figures_of_merit(self) -> dict:
        """Fitted parameters and R^2 as a JSON-ready mapping."""
        check_is_fitted(self, "params_")
        return {**self.params_, "r2": self.r2_}


class BoltzmannSigmoid(_ActivationCurve):
    r"""Sigmoid neuron of [SpinSN], its Eq. 2.

    .. math:: y = \frac{A_1 - A_2}{1 + e^{(x - x_0)/k}} + A_2

    with rising point :math:`x_0` and slope parameter :math:`k` (both in the unit of x).
    """

    param_names = ("A1", "A2", "x0", "k")

    _model = staticmethod(models.sigmoid)

    def _start(self, x, y):
        return _step_start(x, y, width_fraction=0.1)


class NormalCDFActivation(_ActivationCurve):
    r"""Nucleation sigmoid neuron of [Zhou2021]: a normal CDF.

    .. math:: y = y_{low} + (y_{high} - y_{low})\, \Phi\!\left(\frac{x - \mu}{\sigma}\right)

    The switched fraction is the CDF of the normally distributed nucleation barriers.
    """

    param_names = ("y_low", "y_high", "mu", "sigma")

    _model = staticmethod(models.normal_cdf)

    def _start(self, x, y):
        return _step_start(x, y, width_fraction=1 / 6)


class ReLULikeActivation(_ActivationCurve):
    r"""ReLU-like SOT neuron of [Cao2023]: flat, then linear, then saturated.

    .. math:: y = \min(y_{sat},\; y_0 + s \max(0, x - x_{th}))

    with threshold :math:`x_{th}`, slope :math:`s` and saturation :math:`y_{sat}`.
    """

    param_names = ("y0", "y_sat", "threshold", "slope")

    _model = staticmethod(models.relu_like)

    def _start(self, x, y):
        order = np.argsort(x)
        xs, ys = x[order], y[order]
        rising = np.flatnonzero(ys > ys[0] + 0.1 * np.ptp(ys))
        threshold = xs[max(rising[0] - 1, 0)] if len(rising) else xs[len(xs) // 2]
        slope = np.ptp(ys) / max(xs[-1] - threshold, np.ptp(xs) / 10)
        return np.array([ys[0], ys.max(), threshold, slope])

    def _bounds(self, x, y):
        # the kink inside the measured range and both levels near the data: otherwise a
        # threshold far below the data trades off against y0 and the fit wanders
        span = max(float(np.ptp(y)), 1e-12)
        lo = [y.min() - 0.1 * span, y.min() - 0.1 * span, x.min(), -np.inf]
        hi = [y.max() + 0.1 * span, y.max() + 0.1 * span, x.max(), np.inf]
        return (lo, hi)

"""Neuron activation fits recover the parameters of the papers' curve forms."""

import numpy as np
import pytest
from scipy.special import ndtr
from sklearn.base import clone

from surrogate.activations import BoltzmannSigmoid, NormalCDFActivation, ReLULikeActivation

AMPLITUDE = np.linspace(0.0, 10.0, 41)


def noisy(y, seed=3, sigma=0.005):
    return y + np.random.default_rng(seed).normal(0.0, sigma, size=y.shape)


def test_sigmoid_of_eq2_recovers_rising_point_and_slope():
    y = (-1.0 - 1.0) / (1 + np.exp((AMPLITUDE - 5.3) / 0.55)) + 1.0
    fit = BoltzmannSigmoid().fit(AMPLITUDE[:, None], noisy(y))
    assert fit.params_["x0"] == pytest.approx(5.3, abs=0.02)
    assert fit.params_["k"] == pytest.approx(0.55, rel=0.05)
    assert fit.params_["A1"] == pytest.approx(-1.0, abs=0.02)
    assert fit.r2_ > 0.999


def test_normal_cdf_recovers_mean_and_width():
    y = -0.7 + 1.4 * ndtr((AMPLITUDE - 4.0) / 1.2)
    fit = NormalCDFActivation().fit(AMPLITUDE[:, None], noisy(y))
    assert fit.params_["mu"] == pytest.approx(4.0, abs=0.03)
    assert fit.params_["sigma"] == pytest.approx(1.2, rel=0.05)


def test_relu_like_recovers_threshold_slope_and_saturation():
    y = np.minimum(0.8, -0.9 + 0.5 * np.maximum(0.0, AMPLITUDE - 3.0))
    fit = ReLULikeActivation().fit(AMPLITUDE[:, None], noisy(y))
    assert fit.params_["threshold"] == pytest.approx(3.0, abs=0.1)
    assert fit.params_["slope"] == pytest.approx(0.5, rel=0.05)
    assert fit.params_["y_sat"] == pytest.approx(0.8, abs=0.02)
    below = fit.derivative(np.array([[1.0]]))
    above = fit.derivative(np.array([[4.0]]))
    assert abs(below[0]) < 1e-6 and above[0] == pytest.approx(0.5, rel=0.05)


def test_relu_fits_a_sigmoid_worse_than_the_sigmoid_does():
    y = 1 / (1 + np.exp(-(AMPLITUDE - 5) / 1.0))
    assert (BoltzmannSigmoid().fit(AMPLITUDE[:, None], y).r2_
            > ReLULikeActivation().fit(AMPLITUDE[:, None], y).r2_)


@pytest.mark.parametrize("X, y, message", [
    (AMPLITUDE[:4, None], np.arange(4.0), "n_samples = 4"),
    (AMPLITUDE[:, None], np.zeros(41), "does not change"),
    (np.c_[AMPLITUDE, AMPLITUDE], AMPLITUDE, "n_features = 2"),
    (AMPLITUDE[:, None], np.r_[np.nan, AMPLITUDE[1:]], "NaN"),
], ids=["too-few", "flat", "two-columns", "nan"])
def test_refuses_what_it_cannot_fit(X, y, message):
    with pytest.raises(ValueError, match=message):
        NormalCDFActivation().fit(X, y)


def test_unfitted_and_clone():
    est = BoltzmannSigmoid()
    assert clone(est).get_params() == {}
    with pytest.raises(Exception, match="not fitted"):
        est.predict(AMPLITUDE[:, None])

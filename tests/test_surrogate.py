"""Curve estimators recover known parameters and follow the scikit-learn contract."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import check_estimator

from surrogate.curves import ExponentialPDCurve, QuadraticBetaCurve

P_MAX = 100


def neurosim_pair(a_p, a_d, g_min=-0.8, g_max=0.7, p_max=P_MAX):
    """Eq. of 001_cc54ba26b2221b11.txt (NeuroSim form) written out independently."""
    n = np.arange(p_max + 1.0)
    b_p = (g_max - g_min) / (1 - np.exp(-p_max / a_p))
    b_d = (g_max - g_min) / (1 - np.exp(-p_max / a_d))
    rise = b_p * (1 - np.exp(-n / a_p)) + g_min
    fall = g_max - b_d * (1 - np.exp(-n / a_d))
    X = np.r_[np.c_[n, np.ones_like(n)], np.c_[n, -np.ones_like(n)]]
    return X, np.r_[rise, fall]


@pytest.mark.parametrize("a_p, a_d", [(22.0, 9.0), (9.0, 22.0), (60.0, 150.0)])
def test_exponential_fit_recovers_A_within_5_percent(a_p, a_d):
    X, y = neurosim_pair(a_p, a_d)
    noise = np.random.default_rng(7).normal(0.0, 0.005, size=y.shape)
    fit = ExponentialPDCurve().fit(X, y + noise)
    assert fit.A_p_ == pytest.approx(a_p, rel=0.05)
    assert fit.A_d_ == pytest.approx(a_d, rel=0.05)
    assert fit.G_min_ == pytest.approx(-0.8, abs=0.01)
    assert fit.G_max_ == pytest.approx(0.7, abs=0.01)
    assert fit.n_states_ == P_MAX + 1
    assert fit.r2_ > 0.99


def test_linear_device_has_no_exponential_nonlinearity():
    n = np.arange(21.0)
    X = np.r_[np.c_[n, np.ones_like(n)], np.c_[n, -np.ones_like(n)]]
    y = np.r_[n / 20, 1 - n / 20]
    fit = ExponentialPDCurve().fit(X, y)
    assert abs(fit.A_p_) > 20 * 20  # |A| >> P_max: straight line
    quad = QuadraticBetaCurve().fit(X, y)
    assert quad.beta_p_ == pytest.approx(0.0, abs=1e-6)
    assert quad.beta_d_ == pytest.approx(0.0, abs=1e-6)


def test_quadratic_fit_recovers_beta():
    x = np.linspace(0, 1, 41)
    n = 40 * x
    rise = (1 + 0.4) * x - 0.4 * x**2
    fall = 1 - ((1 - 0.25) * x + 0.25 * x**2)
    X = np.r_[np.c_[n, np.ones_like(n)], np.c_[n, -np.ones_like(n)]]
    fit = QuadraticBetaCurve().fit(X, np.r_[rise, fall])
    assert fit.beta_p_ == pytest.approx(0.4, abs=1e-3)
    assert fit.beta_d_ == pytest.approx(-0.25, abs=1e-3)


def test_exponential_misses_a_sigmoid_and_says_so():
    n = np.arange(31.0)
    sig = 1 / (1 + np.exp(-(n - 15) / 2))
    X = np.r_[np.c_[n, np.ones_like(n)], np.c_[n, -np.ones_like(n)]]
    fit = ExponentialPDCurve().fit(X, np.r_[sig, sig[::-1]])
    assert fit.r2_ < 0.95


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.c_[[0, 1], [1, -1]], [0.0, 1.0], "n_samples = 2"),
        (np.c_[np.arange(8), [1, 1, 1, 1, 1, 1, 1, -1]], np.linspace(0, 1, 8),
         "depression branch has 1 points"),
        (np.c_[np.arange(8), [1, 1, 1, 1, 2, 2, 2, 2]], np.linspace(0, 1, 8), "direction"),
        (np.c_[np.arange(8.0), np.r_[np.ones(4), -np.ones(4)]],
         np.r_[0, np.nan, 0.5, 1, 1, 0.5, 0.2, 0], "NaN"),
        (np.c_[np.r_[0:4, 0:4], np.r_[np.ones(4), -np.ones(4)]], np.zeros(8), "no range"),
    ],
    ids=["too-few", "one-branch", "bad-direction", "nan", "flat"],
)
def test_refuses_data_it_cannot_fit(X, y, message):
    with pytest.raises(ValueError, match=message):
        ExponentialPDCurve().fit(np.asarray(X, float), np.asarray(y, float))


# Checks that feed random feature matrices: they do not apply to an estimator whose two input
# columns are a pulse count and a direction (+1 / -1) by definition.
NOT_APPLICABLE = {
    name: "X is [pulse number, direction]; random feature matrices are not P/D data"
    for name in (
        "check_f_contiguous_array_estimator", "check_regressors_train",
        "check_regressor_data_not_an_array", "check_regressors_no_decision_function",
        "check_supervised_y_2d", "check_regressors_int", "check_methods_sample_order_invariance",
        "check_methods_subset_invariance", "check_dict_unchanged", "check_fit_idempotent",
        "check_fit_check_is_fitted", "check_n_features_in", "check_fit2d_predict1d",
        "check_pipeline_consistency", "check_estimators_nan_inf",
        "check_estimators_pickle", "check_fit_score_takes_y", "check_estimators_overwrite_params",
        "check_dont_overwrite_parameters", "check_estimators_fit_returns_self",
        "check_readonly_memmap_input", "check_n_features_in_after_fitting",
        "check_positive_only_tag_during_fit", "check_estimators_dtypes", "check_dtype_object",
    )
}


@pytest.mark.parametrize("estimator", [ExponentialPDCurve(), QuadraticBetaCurve()],
                         ids=lambda e: type(e).__name__)
def test_scikit_learn_estimator_checks(estimator):
    results = check_estimator(estimator, expected_failed_checks=NOT_APPLICABLE, on_fail=None)
    failed = [r["check_name"] for r in results if r["status"] == "failed"]
    assert failed == []
    assert sum(r["status"] == "passed" for r in results) >= 20


def test_clone_and_params_roundtrip():
    est = ExponentialPDCurve(n_pulses_max=50, state_resolution=0.02)
    twin = clone(est)
    assert twin.get_params() == {"n_pulses_max": 50, "state_resolution": 0.02}

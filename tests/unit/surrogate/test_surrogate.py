"""Curve estimators recover known parameters and follow the scikit-learn contract."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import check_estimator

from surrogate.curves import ExponentialPDCurve, IsotonicPDCurve, QuadraticBetaCurve

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


@pytest.mark.parametrize("estimator", [ExponentialPDCurve(), QuadraticBetaCurve(),
                                       IsotonicPDCurve()],
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


def test_isotonic_curve_follows_a_staircase_the_parametric_models_miss():
    """A depinning staircase (flat, jump, flat): isotonic follows it, the models do not."""
    n = np.arange(41.0)
    rise = np.where(n < 15, 0.02 * n / 15, np.where(n < 25, 0.9, 0.9 + 0.1 * (n - 25) / 15))
    fall = 1.0 - rise
    X = np.r_[np.c_[n, np.ones_like(n)], np.c_[n, -np.ones_like(n)]]
    y = np.r_[rise, fall] + np.random.default_rng(3).normal(0.0, 0.003, 2 * len(n))
    iso = IsotonicPDCurve().fit(X, y)
    exp = ExponentialPDCurve().fit(X, y)
    assert iso.r2_ > 0.999 > 0.95 > exp.r2_
    assert np.all(np.diff(iso.predict(np.c_[n, np.ones_like(n)])) >= 0)
    assert np.all(np.diff(iso.predict(np.c_[n, -np.ones_like(n)])) <= 0)
    # the jump at n = 15 puts 90 % of the range at x = 15/40: NL = 0.9 - 0.375
    assert iso.figures_of_merit()["NL_p"] == pytest.approx(0.9 - 15 / 40, abs=0.03)
    table = iso.table()
    assert len(table["potentiation"]) == 41


def test_isotonic_nonlinearity_is_zero_for_a_line_and_signed():
    n = np.arange(21.0)
    X = np.r_[np.c_[n, np.ones_like(n)], np.c_[n, -np.ones_like(n)]]
    assert IsotonicPDCurve().fit(X, np.r_[n / 20, 1 - n / 20]).shape_p_ == pytest.approx(0.0)
    convex = (n / 20) ** 2
    fit = IsotonicPDCurve().fit(X, np.r_[convex, 1 - convex])
    assert fit.shape_p_ == pytest.approx(-0.25, abs=0.01)


def _devices(rng, spread, c2c, count=24, p_max=60):
    """Devices of the network's own model (001): A per device, noisy pulse steps."""
    drawn = 1 + np.asarray(spread)[:, None] * rng.standard_normal((2, count))
    devices = []
    for a_p, a_d in zip(20.0 * drawn[0], 8.0 * drawn[1], strict=True):
        X, y = neurosim_pair(a_p, a_d, g_min=0.0, g_max=1.0, p_max=p_max)
        steps = np.diff(y.reshape(2, -1), axis=1)
        noisy = steps + rng.normal(0.0, np.asarray(c2c)[:, None], size=steps.shape)
        devices.append((X, np.r_[0.0, np.cumsum(noisy[0]), 1.0, 1.0 + np.cumsum(noisy[1])]))
    return drawn, devices


def test_d2d_estimator_recovers_the_spread_of_A_over_devices():
    from surrogate.variation import estimate_variation

    drawn, devices = _devices(np.random.default_rng(11), (0.15, 0.3), (0.0, 0.0))
    est = estimate_variation(devices)
    assert est["n_devices"] == 24
    spread = drawn.std(axis=1, ddof=1) / drawn.mean(axis=1)
    assert est["d2d"]["A_p"] == pytest.approx(spread[0], rel=0.05)
    assert est["d2d"]["A_d"] == pytest.approx(spread[1], rel=0.05)
    assert est["c2c"]["potentiation"] < 1e-3
    one = estimate_variation(devices[:1])
    assert one["d2d"] is None and "two" in one["d2d_reason"]


def test_c2c_estimator_recovers_the_step_noise_as_a_fraction_of_the_range():
    from surrogate.variation import estimate_variation

    _, devices = _devices(np.random.default_rng(12), (0.0, 0.0), (0.004, 0.008))
    est = estimate_variation(devices)
    assert est["c2c"]["potentiation"] == pytest.approx(0.004, rel=0.15)
    assert est["c2c"]["depression"] == pytest.approx(0.008, rel=0.15)


def test_c2c_from_thermal_cycles_is_the_spread_across_cycles_not_the_misfit():
    """Each device has its own fixed pinning pattern (steps the exponential model misses, 0.02
    of the range) and per-cycle step noise (0.004 / 0.008): across its 16 cycles the C2C
    estimate recovers the noise; the misfit scatter of the cycle means stays far above it."""
    from surrogate.variation import CYCLE_C2C_ESTIMATOR, estimate_variation

    rng = np.random.default_rng(13)
    means, cycles = [], []
    for _ in range(3):
        X, y = neurosim_pair(20.0, 8.0, g_min=0.0, g_max=1.0, p_max=60)
        steps = np.diff(y.reshape(2, -1), axis=1)
        steps = steps + rng.normal(0.0, 0.02, size=steps.shape)
        runs = []
        for _ in range(16):
            noisy = steps + rng.normal(0.0, np.array([[0.004], [0.008]]), size=steps.shape)
            runs.append((X, np.r_[0.0, np.cumsum(noisy[0]), 1.0, 1.0 + np.cumsum(noisy[1])]))
        cycles.append(runs)
        means.append((X, np.mean([y for _, y in runs], axis=0)))
    est = estimate_variation(means, noisy=True, cycles=cycles)
    assert est["c2c_estimator"] == CYCLE_C2C_ESTIMATOR and est["n_cycles"] == [16, 16, 16]
    assert est["c2c"]["potentiation"] == pytest.approx(0.004, rel=0.15)
    assert est["c2c"]["depression"] == pytest.approx(0.008, rel=0.15)
    assert est["step_scatter"]["potentiation"] > 0.01


def test_fit_synapse_of_several_devices_writes_variation_and_picks_the_curve(tmp_path):
    """A staircase device gets the isotonic curve (auto); two seeds give C2C and D2D."""
    import json

    from micromag.engines.base import Trace
    from micromag.traces import TraceFile
    from surrogate.stage import fit_synapse

    paths = []
    for seed, (jump, top) in enumerate([(3, 0.8), (4, 0.9)]):
        n = np.arange(9.0)
        rise = np.where(n < jump, -0.9 + 0.01 * n, top)
        hall = np.r_[rise, rise[::-1][1:]]
        signs = np.r_[0, np.ones(8), -np.ones(8)]
        trace = Trace(hall_signal=hall, time_s=np.arange(17.0), pulse_sign=signs,
                      mz_snapshots=np.zeros((17, 2, 2), np.float32), steps=1, engine="test",
                      engine_version="0")
        paths.append(tmp_path / f"t{seed}.npz")
        metadata = {"seed": seed, "material": {"name": "staircase"}}
        TraceFile.from_trace(trace, metadata).write(paths[-1])
    record = fit_synapse(paths, tmp_path / "s.json", tmp_path / "s.png")
    assert record["status"] == "ok"
    assert record["network_model"] == "isotonic", record["network_model_reason"]
    assert record["models"]["exponential"]["r2"] < 0.95
    variation = json.loads((tmp_path / "s.json").read_text())["variation"]
    assert variation["n_devices"] == 2 and variation["d2d"]["G_range"] > 0.02
    assert variation["step_scatter"]["potentiation"] > 0.01  # the jump: one off-model step
    # noise-free traces (T = 0 K) repeat exactly: their C2C is zero, not the model's misfit
    assert variation["c2c"] == {"potentiation": 0.0, "depression": 0.0}

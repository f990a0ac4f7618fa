"""Device synapses and neurons of the network stage follow their published models."""

import math

import numpy as np
import pytest
import torch

from network.neurons import LOGISTIC_SCALE, DeviceNeuron, TabulatedNeuron
from network.synapse import ExponentialDevice, PulseCurves, UpdateParameters
from report.tables import table_status
from spinnet.provenance import write_json

P = 100


def g_potentiation(p, a):
    return (1 - math.exp(-p / a)) / (1 - math.exp(-P / a))


def fresh(a_p=22.0, a_d=9.0, shape=(50, 40), scheme="fixed", rounding="nearest", **kw):
    w_max = 1.0
    weight = torch.full(shape, -w_max)
    return ExponentialDevice(a_p, a_d, P, **kw).devices(
        weight, w_max, torch.Generator().manual_seed(3), UpdateParameters(scheme, rounding))


def test_exponential_synapse_walks_the_published_curve():
    dev = fresh()
    step = dev.weight_step
    done = 0
    for p in (1, 5, 30):
        dev.apply(torch.full(dev.g.shape, step * (p - done)))
        done = p
        assert float(dev.g.mean()) == pytest.approx(g_potentiation(p, 22.0), rel=1e-5)
    dev.apply(torch.full(dev.g.shape, 10 * P * step))
    assert float(dev.g.min()) == pytest.approx(1.0)
    dev.apply(torch.full(dev.g.shape, -3 * step))
    expected = 1 - (1 - math.exp(-3 / 9.0)) / (1 - math.exp(-P / 9.0))
    assert float(dev.g.mean()) == pytest.approx(expected, rel=1e-5)


def test_less_than_half_a_pulse_is_no_pulse():
    dev = fresh()
    dev.apply(torch.full(dev.g.shape, 0.49 * dev.weight_step))
    assert float(dev.g.max()) == 0.0 and dev.pulses_applied == 0


def test_stochastic_rounding_pulses_with_the_fractional_part_as_probability():
    dev = fresh(rounding="stochastic")
    dev.g.fill_(0.5)
    start = dev.g.clone()
    dev.apply(torch.full(dev.g.shape, 0.3 * dev.weight_step))
    moved = dev.g != start
    # 2000 devices: 30 % pulse once (binomial sd 1 %), none twice, the rest not at all
    assert float(moved.float().mean()) == pytest.approx(0.3, abs=0.04)
    one_pulse = (1 - (1 - 0.5 * (1 - math.exp(-P / 22.0))) * math.exp(-1 / 22.0)) \
        / (1 - math.exp(-P / 22.0))
    assert torch.allclose(dev.g[moved], torch.tensor(one_pulse), rtol=1e-6)
    assert dev.pulses_applied == int(moved.sum())
    with pytest.raises(ValueError, match="rounding"):
        fresh(rounding="up")


def test_adaptive_stochastic_programming_moves_small_requests_on_average():
    # at the top of a steep depression branch (A_d = 9) one pulse takes 10.5 % of the range:
    # a request of 2 % is no pulse when rounded to nearest, but 2 % on average stochastically
    request = torch.full((50, 40), -0.02 * 2.0)  # delta_w in units of w_max = 1
    nearest = fresh(scheme="adaptive")
    nearest.g.fill_(1.0)
    nearest.apply(request)
    assert float(nearest.g.min()) == 1.0
    stochastic = fresh(scheme="adaptive", rounding="stochastic")
    stochastic.g.fill_(1.0)
    stochastic.apply(request)
    assert float((stochastic.g - 1.0).mean()) == pytest.approx(-0.02, rel=0.1)
    assert float(stochastic.g.min()) == pytest.approx(1 - (1 - math.exp(-1 / 9.0))
                                                      / (1 - math.exp(-P / 9.0)))


def test_adaptive_scheme_on_tabulated_curves_lands_on_the_target_conductance():
    # quadratic beta = 0.9 rises steeply: half the pulses give g = 0.725, not 0.5. The fixed
    # scheme pulses P/2 times and overshoots; the adaptive scheme counts the pulses on the
    # nominal curve (g(x) = 1.9 x - 0.9 x^2 = 0.5 at x = 0.3297) and lands within half a step
    curves = PulseCurves.quadratic(0.9, 0.9, 100)
    weight = torch.full((4, 5), -1.0, dtype=torch.float64)
    request = torch.full((4, 5), 0.5 * 2.0, dtype=torch.float64)
    landed = {}
    for scheme in ("fixed", "adaptive"):
        dev = curves.devices(weight, 1.0, torch.Generator().manual_seed(0),
                             UpdateParameters(scheme))
        dev.apply(request)
        landed[scheme] = (float(dev.g.mean()), dev.pulses_applied / 20)
    assert landed["fixed"] == pytest.approx((1.9 * 0.5 - 0.9 * 0.25, 50))
    x = (1.9 - math.sqrt(1.9**2 - 4 * 0.9 * 0.5)) / (2 * 0.9)
    assert landed["adaptive"][1] == round(100 * x)
    assert abs(landed["adaptive"][0] - 0.5) < 0.5 * (1.9 - 1.8 * x) / 100
    # back down: from g = 1 to 0.5 on the mirrored branch, the same count
    dev = curves.devices(torch.ones((4, 5), dtype=torch.float64), 1.0, None,
                         UpdateParameters("adaptive"))
    dev.apply(-request)
    assert dev.pulses_applied / 20 == round(100 * x)
    assert abs(float(dev.g.mean()) - 0.5) < 0.5 * (1.9 - 1.8 * x) / 100


def test_update_parameters_and_device_configs_check_themselves():
    with pytest.raises(ValueError, match="scheme = 'greedy' must be one of"):
        UpdateParameters("greedy")
    with pytest.raises(ValueError, match=r"c2c = \(0.1, -0.1\)"):
        ExponentialDevice(22.0, 9.0, 100, c2c=(0.1, -0.1))
    with pytest.raises(ValueError, match="n_pulses = 0"):
        ExponentialDevice(22.0, 9.0, 0)


def test_d2d_spreads_A_and_c2c_spreads_the_update():
    dev = fresh(d2d=(0.13, 0.48))
    assert float(dev.a_p.std() / dev.a_p.mean()) == pytest.approx(0.13, rel=0.15)
    noisy = fresh(c2c=(0.065, 0.029))
    noisy.g.fill_(0.5)
    noisy.apply(torch.full(noisy.g.shape, 4 * noisy.weight_step))
    clean = fresh()
    clean.g.fill_(0.5)
    clean.apply(torch.full(clean.g.shape, 4 * clean.weight_step))
    spread = float((noisy.g - clean.g).std())
    assert spread == pytest.approx(0.065 * 2.0, rel=0.15)  # sigma * sqrt(4 pulses)


def test_relu_like_neuron_forward_and_derivative():
    neuron = DeviceNeuron("relu_like", {"y0": 0.1, "y_sat": 2.0, "threshold": 0.5,
                                        "slope": 1.5}, n_neurons=3)
    x = torch.tensor([[0.0, 1.0, 5.0]], requires_grad=True)
    y = neuron(x)
    assert y.detach().tolist()[0] == pytest.approx([0.1, 0.85, 2.0])
    y.sum().backward()
    assert x.grad.tolist()[0] == pytest.approx([0.0, 1.5, 0.0])


def test_neuron_c2c_and_d2d_in_range_units():
    g = torch.Generator().manual_seed(1)
    params = {"y_low": 0.0, "y_high": 2.0, "mu": 0.0, "sigma": 1.0}
    neuron = DeviceNeuron("normal_cdf", params, n_neurons=4000, c2c=0.014, d2d=0.18, generator=g)
    assert float(neuron.gain.std()) == pytest.approx(0.18, rel=0.1)
    x = torch.full((50, 4000), 3.0)
    first, second = neuron(x), neuron(x)
    assert float((first - second).std()) / math.sqrt(2) == pytest.approx(0.014 * 2.0, rel=0.1)


def test_live_neuron_draws_around_the_mean_curve_and_backpropagates_its_slope():
    g = torch.Generator().manual_seed(2)
    params = {"y_low": 0.0, "y_high": 1.0, "mu": 0.0, "sigma": 1.0}
    live = DeviceNeuron("normal_cdf", params, n_neurons=1, live=True, n_grains=16, generator=g)
    x = torch.full((20000, 1), 0.5, requires_grad=True)
    y = live(x)
    values = np.unique(y.detach().numpy())
    assert set(np.round(values * 16).astype(int)) <= set(range(17))  # whole grains switched
    p = 0.5 * (1 + math.erf(0.5 / math.sqrt(2)))
    assert float(y.detach().mean()) == pytest.approx(p, abs=0.01)
    assert float(y.detach().std()) == pytest.approx(math.sqrt(p * (1 - p) / 16), rel=0.05)
    y.sum().backward()
    slope = math.exp(-0.125) / math.sqrt(2 * math.pi)
    assert float(x.grad[0, 0]) == pytest.approx(slope, rel=1e-5)


def neuron_record(current: np.ndarray, mean: np.ndarray, devices: list[dict]) -> dict:
    """A surrogate neuron record (spinnet-neuron-1) of one unswept normal-CDF device set."""
    return {"format": "spinnet-neuron-1", "model": "normal_cdf",
            "points": [{"operating_point": {}, "current_A_per_m2": current.tolist(),
                        "hall_signal_mean": mean.tolist(), "fit": {"status": "ok"},
                        "devices": devices}]}


def test_tabulated_neurons_follow_each_calibrated_device_point_by_point(tmp_path):
    current = np.linspace(2e13, 9e13, 8)
    halls = [np.tanh((current - mu) / 1.5e13) for mu in (5e13, 6e13)]
    devices = [{"seed": seed, "hall_signal": hall.tolist(),
                "fit": {"status": "ok", "mu_A_per_m2": mu, "sigma_A_per_m2": 1e13}}
               for seed, hall, mu in zip((1, 2), halls, (5e13, 6e13), strict=True)]
    record = neuron_record(current, np.mean(halls, axis=0), devices)
    path = tmp_path / "nucleation_neuron.json"
    write_json(path, record)
    neuron = TabulatedNeuron.from_json(path, n_neurons=3)
    # neuron j follows device j mod 2, on x = 1.7 (I - mu) / sigma, y scaled to [0, 1]
    for j, (hall, mu) in enumerate(zip(halls + halls[:1], (5e13, 6e13, 5e13), strict=True)):
        knots = LOGISTIC_SCALE * (current - mu) / 1e13
        x = torch.zeros(len(current), 3)
        x[:, j] = torch.tensor(knots, dtype=torch.float32)
        expected = (hall - hall.min()) / (hall.max() - hall.min())
        assert neuron(x)[:, j].numpy() == pytest.approx(expected, abs=1e-5)
    x = torch.tensor([[-50.0, 50.0, 0.3]])
    y = neuron(x)
    assert y[0, :2].tolist() == pytest.approx([0.0, 1.0], abs=1e-6)
    slope = neuron.slope(x)[0].tolist()
    step = 1e-3
    numeric = ((neuron(x + step) - neuron(x - step)) / (2 * step))[0].tolist()
    assert slope[:2] == [0.0, 0.0] and slope[2] > 0
    assert slope[2] == pytest.approx(numeric[2], rel=1e-3)
    record["points"][0]["devices"][1]["fit"] = {"status": "no rise", "reason": "did not switch"}
    write_json(path, record)
    with pytest.raises(ValueError, match="seed 2.*did not switch"):
        TabulatedNeuron.from_json(path, n_neurons=3)


def test_live_tabulated_neurons_switch_each_devices_grains_with_its_curve(tmp_path):
    """Live: every call a draw of n_grains switching events, the device's curve on average."""
    current = np.linspace(2e13, 9e13, 8)
    hall = np.tanh((current - 5e13) / 1.5e13)
    device = {"seed": 1, "hall_signal": hall.tolist(),
              "fit": {"status": "ok", "mu_A_per_m2": 5e13, "sigma_A_per_m2": 1e13}}
    record = neuron_record(current, hall, [{**device, "n_grains": 40}])
    path = tmp_path / "nucleation_neuron.json"
    write_json(path, record)
    g = torch.Generator().manual_seed(3)
    live = TabulatedNeuron.from_json(path, n_neurons=1, generator=g, live=True)
    mean = TabulatedNeuron.from_json(path, n_neurons=1)
    x = torch.full((20000, 1), 0.2, requires_grad=True)
    y = live(x)
    p = float(mean(x[:1])[0, 0])
    assert 0.3 < p < 0.7
    # each output a whole number of the 40 grains; binomial mean and spread about the curve
    assert torch.allclose(y * 40, torch.round(y * 40), atol=1e-4)
    assert float(y.mean()) == pytest.approx(p, abs=0.005)
    assert float(y.std()) == pytest.approx(np.sqrt(p * (1 - p) / 40), rel=0.05)
    y.sum().backward()
    assert float(x.grad[0, 0]) == pytest.approx(float(mean.slope(x[:1].detach())[0, 0]),
                                                rel=1e-5)
    record["points"][0]["devices"] = [device]
    write_json(path, record)
    with pytest.raises(ValueError, match="n_grains"):
        TabulatedNeuron.from_json(path, n_neurons=1, live=True)


def test_bad_neuron_specs_are_refused():
    with pytest.raises(ValueError, match="c2c"):
        DeviceNeuron("relu", {}, 3, c2c=1.5)
    with pytest.raises(ValueError, match="live"):
        DeviceNeuron("sigmoid", {"a1": 0, "a2": 1, "x0": 0, "k": 1}, 3, live=True)
    with pytest.raises(ValueError, match="form"):
        DeviceNeuron("tanh", {}, 3)


def test_table_status():
    assert table_status(91.01, 90.0, False) == "ok"
    assert table_status(91.01, 85.0, False) == "differs"
    assert table_status(91.01, 11.35, True) == "collapsed"


@pytest.mark.slow
def test_paper_table_rows_train_and_tabulate(tmp_path, mnist_dir):
    from network.rows import train_row
    from report.tables import write_paper_table

    table = {"network": {"hidden": 16, "epochs": 1, "batch_size": 64, "learning_rate": 0.3},
             "rows": [{"row": "software", "paper_percent": 90.0},
                      {"row": "device", "paper_percent": 99.9,
                       "neuron": {"form": "relu_like", "c2c": 0.01, "d2d": 0.1,
                                  "params": {"y0": 0.0, "y_sat": 4.0, "threshold": 0.0,
                                             "slope": 1.0}},
                       "synapse": {"model": "exponential", "A_p": 1000.0, "A_d": 1000.0,
                                   "n_pulses": 100}}]}
    paths = [tmp_path / f"row{i}.json" for i in range(2)]
    results = [train_row(table["network"], row, mnist_dir, 7, p, progress=False)
               for row, p in zip(table["rows"], paths, strict=True)]
    assert results[0]["final_test_accuracy"] > 0.88
    assert results[1]["final_test_accuracy"] > 0.80 and results[1]["synapse"] == "device"
    rows = write_paper_table(paths, tmp_path / "t.csv")
    assert [r["status"] for r in rows] == ["ok", "differs"]
    assert (tmp_path / "t.csv").read_text().splitlines()[0] == \
        "row,paper_percent,ours_percent,status"


@pytest.mark.parametrize("form,params", [
    ("relu", {}),
    ("relu_like", {"y0": 0.1, "y_sat": 2.0, "threshold": 0.5, "slope": 1.5}),
    ("sigmoid", {"a1": -0.3, "a2": 1.2, "x0": 0.4, "k": 0.25}),
    ("normal_cdf", {"y_low": 0.1, "y_high": 0.9, "mu": 0.3, "sigma": 0.6}),
])
def test_neuron_slope_is_the_derivative_of_its_curve(form, params):
    neuron = DeviceNeuron(form, params, n_neurons=200, d2d=0.2,
                          generator=torch.Generator().manual_seed(2))
    x = torch.linspace(-2.0, 3.0, 200, requires_grad=True)
    neuron.mean_curve(x).sum().backward()
    assert torch.allclose(neuron.slope(x.detach()), x.grad, atol=1e-6)
    assert float(x.grad.abs().max()) > 0.1


@pytest.mark.slow
def test_programming_scheme_rescues_training_on_an_asymmetric_nonlinear_device(mnist_dir):
    # 001's synapse (A = 22 / 9, 100 levels): NeuroSim's naive update leaves the network near
    # chance (001 reports 11.35 %); pulses counted on the curve and rounded stochastically learn
    from network import mnist
    from network.train import TrainingConfig, train

    data = mnist.load(mnist_dir)
    small = (data[0][:20000], data[1][:20000], data[2], data[3])

    def accuracy(scheme, rounding, learning_rate):
        def device(weight, w_max, generator):
            return ExponentialDevice(22.0, 9.0, P).devices(
                weight, w_max, generator, UpdateParameters(scheme, rounding))
        config = TrainingConfig(hidden=32, epochs=1, learning_rate=learning_rate, seed=7)
        return train(small, config, progress=False, synapses=device)["final_test_accuracy"]

    assert accuracy("fixed", "nearest", 0.3) < 0.5
    assert accuracy("adaptive", "stochastic", 0.1) > 0.85


def test_a_wearing_live_neuron_loses_switching_per_call_and_the_test_does_not_wear_it():
    from network.train import MLP, accuracy

    params = {"y_low": 0.0, "y_high": 1.0, "mu": 0.0, "sigma": 1.0}
    neuron = DeviceNeuron("normal_cdf", params, 10, live=True, n_grains=1000,
                          generator=torch.Generator().manual_seed(0), wear_per_call=1e-3)
    x = torch.full((100, 10), 5.0, dtype=torch.float32)  # far above mu: every grain switches
    assert float(neuron(x).mean()) == pytest.approx(1.0, abs=1e-3)
    assert neuron.calls == 1000 and neuron.health == pytest.approx(0.999**1000)
    assert float(neuron(x).mean()) == pytest.approx(0.999**1000, rel=0.02)
    model = MLP(10, neuron)
    accuracy(model, torch.zeros((50, 784), dtype=torch.float32), torch.zeros(50, dtype=torch.long))
    assert neuron.calls == 2000, "a test evaluation must not wear the device"
    with pytest.raises(ValueError, match="wear_per_call needs a live neuron"):
        DeviceNeuron("normal_cdf", params, 10, wear_per_call=1e-3)

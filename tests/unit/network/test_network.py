"""Pulse-programmed synapses follow the device curves; training learns MNIST."""

import numpy as np
import pytest
import torch

from network.synapse import PulseCurves, PulsedWeights
from network.train import TrainingConfig, train


def saturating(p_max=10, a=3.0):
    n = np.arange(p_max + 1)
    g_p = (1 - np.exp(-n / a)) / (1 - np.exp(-p_max / a))
    return PulseCurves(g_p, 1 - g_p, source="test")


def test_pulses_walk_the_potentiation_curve_from_the_present_state():
    curves = saturating()
    dev = PulsedWeights(curves, torch.full((1,), -1.0, dtype=torch.float64), w_max=1.0)
    step = dev.weight_step
    dev.apply(torch.tensor([3 * step]))
    assert float(dev.g[0]) == pytest.approx(curves.potentiation[3])
    dev.apply(torch.tensor([2 * step]))
    assert float(dev.g[0]) == pytest.approx(curves.potentiation[5])
    assert dev.pulses_applied == 5


def test_depression_from_the_top_follows_the_depression_curve_and_clips():
    curves = saturating()
    dev = PulsedWeights(curves, torch.full((1,), 1.0, dtype=torch.float64), w_max=1.0)
    dev.apply(torch.tensor([-4 * dev.weight_step]))
    assert float(dev.g[0]) == pytest.approx(curves.depression[4])
    dev.apply(torch.tensor([-50 * dev.weight_step]))
    assert float(dev.g[0]) == pytest.approx(0.0)
    assert float(dev.weight[0]) == pytest.approx(-1.0)


def test_less_than_half_a_pulse_is_no_pulse():
    dev = PulsedWeights(PulseCurves.linear(10), torch.zeros(3, dtype=torch.float64), w_max=1.0)
    before = dev.g.clone()
    dev.apply(torch.tensor([0.49, -0.49, 0.51]) * dev.weight_step)
    assert torch.equal(dev.g[:2], before[:2])
    assert float(dev.g[2]) == pytest.approx(0.6)


def test_saturating_device_steps_shrink_towards_the_top():
    curves = saturating()
    dev = PulsedWeights(curves, torch.tensor([-1.0, 0.6], dtype=torch.float64), w_max=1.0)
    before = dev.weight.clone()
    dev.apply(torch.full((2,), dev.weight_step))
    gained = dev.weight - before
    assert gained[0] > 2 * gained[1]


@pytest.mark.slow
def test_software_and_device_networks_learn_mnist(mnist_dir):
    from network import mnist

    data = mnist.load(mnist_dir)
    small = (data[0][:20000], data[1][:20000], data[2], data[3])
    config = TrainingConfig(hidden=32, epochs=1, batch_size=64, learning_rate=0.3, seed=5)
    software = train(small, config, progress=False)
    device = train(small, config, curves=PulseCurves.linear(50), progress=False)
    assert software["final_test_accuracy"] > 0.85
    assert device["final_test_accuracy"] > 0.75
    assert device["history"]["pulses"][-1] > 0
    again = train(small, config, progress=False)
    assert again["history"]["test_accuracy"] == software["history"]["test_accuracy"]


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("neuron", ["relu", "sigmoid", "device_sigmoid", "device_relu_like"])
def test_written_out_backpropagation_equals_autograd(neuron, loss):
    from network.neurons import DeviceNeuron
    from network.train import MLP, back_propagate, hidden_activation

    if neuron == "device_sigmoid":
        neuron = DeviceNeuron("sigmoid", {"a1": -0.2, "a2": 1.3, "x0": 0.1, "k": 0.4}, 16,
                              d2d=0.2, generator=torch.Generator().manual_seed(0))
    elif neuron == "device_relu_like":
        neuron = DeviceNeuron("relu_like", {"y0": 0.1, "y_sat": 0.9, "threshold": -0.1,
                                            "slope": 1.7}, 16)
    torch.manual_seed(0)
    model = MLP(16, neuron).double()
    x = torch.rand(5, 784, dtype=torch.float64)
    labels = torch.tensor([0, 3, 3, 9, 1])
    target = torch.nn.functional.one_hot(labels, 10).double()
    logits = model(x)
    if loss == "cross_entropy":
        reference = torch.nn.functional.cross_entropy(logits, labels)
    else:
        reference = ((torch.softmax(logits, 1) - target) ** 2).sum(1).mean()
    reference.backward()
    w1, w2 = model.hidden.weight.detach(), model.output.weight.detach()
    a, delta_h, delta_o, total = back_propagate(x, target, w1, w2,
                                                hidden_activation(model.neuron), loss)
    assert float(total) / 5 == pytest.approx(reference.item(), rel=1e-10)
    assert torch.allclose(delta_h.T @ x, model.hidden.weight.grad, rtol=1e-9, atol=1e-12)
    assert torch.allclose(delta_o.T @ a, model.output.weight.grad, rtol=1e-9, atol=1e-12)
    assert float(model.hidden.weight.grad.abs().max()) > 1e-4  # the check is not vacuous


def test_device_training_is_float32_whatever_the_default_dtype():
    """magnum.np sets float64 as torch's default on import; training must not depend on it."""
    from network.synapse import ExponentialDevice

    rng = np.random.default_rng(0)
    data = (rng.random((256, 784), dtype=np.float32), rng.integers(0, 10, 256),
            rng.random((64, 784), dtype=np.float32), rng.integers(0, 10, 64))
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for batch in (1, 32):
            config = TrainingConfig(hidden=8, epochs=1, batch_size=batch, seed=1)
            def exponential(weight, w_max, generator):
                return ExponentialDevice(5.0, 3.0, 20, c2c=(0.01, 0.01),
                                         d2d=(0.1, 0.1)).devices(weight, w_max, generator)

            for synapses in (PulseCurves.linear(20).devices, exponential):
                result = train(data, config, progress=False, synapses=synapses)
                assert result["history"]["pulses"][-1] > 0
    finally:
        torch.set_default_dtype(before)


def test_each_synapse_walks_its_own_device_curve_and_c2c_spreads_the_step():
    linear = PulseCurves.linear(10)
    bent = saturating()
    curves = PulseCurves(linear.potentiation, linear.depression, source="test",
                         device_potentiation=np.stack([linear.potentiation, bent.potentiation]),
                         device_depression=np.stack([linear.depression, bent.depression]))
    dev = PulsedWeights(curves, torch.full((2000,), -1.0, dtype=torch.float64), w_max=1.0,
                        generator=torch.Generator().manual_seed(4))
    assert 0.4 < float(dev.device.double().mean()) < 0.6  # both devices drawn, once
    dev.apply(torch.full((2000,), 3 * dev.weight_step, dtype=torch.float64))
    on_bent = dev.device == 1
    assert torch.allclose(dev.g[~on_bent], torch.tensor(linear.potentiation[3]))
    assert torch.allclose(dev.g[on_bent], torch.tensor(bent.potentiation[3]))
    dev.apply(torch.full((2000,), -2 * dev.weight_step, dtype=torch.float64))
    # depression from the present state: the pulse coordinate on each device's own branch
    expected_bent = np.interp(np.interp(bent.potentiation[3], bent.depression[::-1],
                                        np.arange(11)[::-1].astype(float)) + 2,
                              np.arange(11.0), bent.depression)
    assert torch.allclose(dev.g[on_bent], torch.tensor(expected_bent))
    noisy = PulseCurves(linear.potentiation, linear.depression, c2c=(0.02, 0.0))
    dev = PulsedWeights(noisy, torch.zeros(20000, dtype=torch.float64), w_max=1.0,
                        generator=torch.Generator().manual_seed(5))
    before = dev.g.clone()
    dev.apply(torch.full((20000,), 4 * dev.weight_step, dtype=torch.float64))
    step = dev.g - before
    assert float(step.mean()) == pytest.approx(0.4, abs=0.002)
    assert float(step.std()) == pytest.approx(0.02 * 2, rel=0.05)  # sigma sqrt(4)

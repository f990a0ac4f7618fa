r"""The curve families of the device papers, each defined once with its equation, shared by the
surrogate stage (fitting, on NumPy arrays) and the network stage (training, on torch tensors):
every function works on either, in the namespace of its argument.

Synapses, on the normalised pulse coordinate :math:`x = n / P` in [0, 1] (0 -> 0, 1 -> 1):

* :func:`exponential_shape`, [Cao2023] (NeuroSim's form), with :func:`exponential_walk` and
  :func:`exponential_pulses` for a device that moves along it;
* :func:`quadratic_shape`, [SpinSN]'s beta model.

The tabulated (isotonic) family is a table of levels per whole pulse
(:class:`surrogate.curves.IsotonicPDCurve`, walked by :class:`network.synapse.PulseCurves`).

Neurons, on the input x in its own unit:

* :func:`sigmoid`, [SpinSN] Eq. 2; :func:`normal_cdf`, [Zhou2021]; :func:`relu_like`, [Cao2023];
  each with its derivative for a hand-written backward pass.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.special import expit, ndtr

Array = Any  # a NumPy array or a torch tensor


def _torch(x: Array):
    """torch, if ``x`` is a tensor (without importing torch for NumPy callers), else None."""
    if type(x).__module__.split(".")[0] == "torch":
        import torch

        return torch
    return None


def _minimum(a: Array, level: float) -> Array:
    torch = _torch(a)
    if torch is None:
        return np.minimum(level, a)
    return torch.minimum(a, torch.as_tensor(level, dtype=a.dtype))


def _relu(v: Array) -> Array:
    torch = _torch(v)
    return np.maximum(0.0, v) if torch is None else torch.relu(v)


def _exp(v: Array) -> Array:
    torch = _torch(v)
    return np.exp(v) if torch is None else torch.exp(v)


def _expit(v: Array) -> Array:
    torch = _torch(v)
    return expit(v) if torch is None else torch.sigmoid(v)


def _clip(v: Array, low: float, high: float) -> Array:
    torch = _torch(v)
    return np.clip(v, low, high) if torch is None else torch.clip(v, low, high)


def exponential_shape(x: Array, c: float) -> Array:
    r"""Normalised branch of the exponential device, [Cao2023]:
    :math:`g(x) = (1 - e^{-c x}) / (1 - e^{-c})` with :math:`c = P / A` (A in pulses); c -> 0
    is linear, c > 0 saturates, c < 0 is convex."""
    if abs(c) < 1e-9:
        return x
    torch = _torch(x)
    expm1 = np.expm1 if torch is None else torch.expm1
    return -expm1(-c * x) / -float(np.expm1(-c))


def exponential_norm(n_pulses: int, a: Array | float) -> Array | float:
    r"""The exponential branch's full range in its own units, :math:`N = 1 - e^{-P/A}`, for
    ``n_pulses`` P and A in pulses (a number or, per device, an array or tensor)."""
    torch = _torch(a)
    if torch is not None:
        return -torch.expm1(-n_pulses / a)
    return -math.expm1(-n_pulses / a) if isinstance(a, int | float) else -np.expm1(-n_pulses / a)


def exponential_walk(level: Array, pulses: Array, inverse_a: Array, norm: Array) -> Array:
    r"""The exponential branch :math:`\ell(n) = (1 - e^{-n/A}) / N`, :math:`N = 1 - e^{-P/A}`,
    after |k| more pulses from level :math:`\ell`:
    :math:`\ell' = (1 - (1 - N \ell) e^{-|k|/A}) / N`, capped at 1 (the curve's end)."""
    moved = (1.0 - (1.0 - norm * level) * _exp(-abs(pulses) * inverse_a)) / norm
    return _minimum(moved, 1.0)


def exponential_pulses(level: Array, a: float, norm: float) -> Array:
    r"""Pulse coordinate of level :math:`\ell` on the exponential branch, the inverse of
    :func:`exponential_walk`: :math:`n = -A \ln(1 - N \ell)`."""
    torch = _torch(level)
    log1p = np.log1p if torch is None else torch.log1p
    return -a * log1p(-_clip(level * norm, -np.inf, 1 - 1e-12))


def quadratic_shape(x: Array, beta: float) -> Array:
    r"""Normalised branch of [SpinSN]'s beta model: :math:`g(x) = (1 + \beta) x - \beta x^2`;
    :math:`\beta = 0` is linear, :math:`|\beta| \le 1` keeps it monotone."""
    return (1.0 + beta) * x - beta * x**2


def sigmoid(x: Array, a1: float, a2: float, x0: float, k: float) -> Array:
    r"""[SpinSN] Eq. 2: :math:`y = (A_1 - A_2) / (1 + e^{(x - x_0)/k}) + A_2`."""
    return a2 + (a1 - a2) / (1.0 + _exp(_clip((x - x0) / k, -700.0, 700.0)))


def sigmoid_slope(x: Array, a1: float, a2: float, x0: float, k: float) -> Array:
    """d :func:`sigmoid` / dx."""
    s = _expit(-(x - x0) / k)
    return -(a1 - a2) * s * (1.0 - s) / k


def normal_cdf(x: Array, y_low: float, y_high: float, mu: float, sigma: float) -> Array:
    r"""[Zhou2021]'s switched fraction:
    :math:`y = y_{low} + (y_{high} - y_{low})\, \Phi((x - \mu) / \sigma)`, the CDF of normally
    distributed nucleation barriers (Phi: scipy's ndtr on arrays, erf on tensors)."""
    torch = _torch(x)
    if torch is None:
        return y_low + (y_high - y_low) * ndtr((x - mu) / sigma)
    z = (x - mu) / (sigma * math.sqrt(2.0))
    return y_low + (y_high - y_low) * (0.5 * (1.0 + torch.erf(z)))


def normal_cdf_slope(x: Array, y_low: float, y_high: float, mu: float, sigma: float) -> Array:
    """d :func:`normal_cdf` / dx."""
    z = (x - mu) / sigma
    return (y_high - y_low) * (_exp(-0.5 * z * z) / (sigma * math.sqrt(2.0 * math.pi)))


def relu_like(x: Array, y0: float, y_sat: float, threshold: float, slope: float) -> Array:
    r"""[Cao2023]'s ReLU-like neuron: :math:`y = \min(y_{sat}, y_0 + s \max(0, x - x_{th}))`."""
    return _minimum(y0 + slope * _relu(x - threshold), y_sat)


def relu_like_slope(x: Array, y0: float, y_sat: float, threshold: float, slope: float) -> Array:
    """d :func:`relu_like` / dx: the slope between the threshold and saturation, else 0."""
    rising = (x > threshold) & (y0 + slope * (x - threshold) < y_sat)
    return slope * (rising.astype(float) if _torch(x) is None else rising.to(x.dtype))

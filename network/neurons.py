"""Device neurons: a hidden layer whose activation is a device's Hall-signal curve.

The forward pass is the fitted curve, from the model layer (:mod:`surrogate.models`) that the
surrogate's estimators fit, with its derivative for the backward pass. Variation follows the
papers' convention, as fractions of the output range: cycle-to-cycle (C2C) noise is drawn at
every evaluation; device-to-device (D2D) spread is a per-neuron gain on the response above the
curve's low level, 1 + sigma_D2D xi, drawn once (the R_AH amplitude that differs between
devices). ``live=True`` replaces the mean curve by a draw from the device:
each of ``n_grains`` independent grains switches with the curve's probability (003's
nucleation neuron), and the backward pass uses the mean curve's derivative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

from surrogate import models
from surrogate.neuron import NeuronRecord

FORMS = ("relu_like", "sigmoid", "normal_cdf", "relu")
LOW_LEVEL = {"relu_like": "y0", "sigmoid": "a1", "normal_cdf": "y_low"}


# Each form's curve and derivative, defined once in the model layer (parameter names as in the
# config's neuron rows).
CURVES = {
    "relu_like": (lambda x, p: models.relu_like(x, p["y0"], p["y_sat"], p["threshold"], p["slope"]),
                  lambda x, p: models.relu_like_slope(x, p["y0"], p["y_sat"], p["threshold"],
                                                      p["slope"])),
    "sigmoid": (lambda x, p: models.sigmoid(x, p["a1"], p["a2"], p["x0"], p["k"]),
                lambda x, p: models.sigmoid_slope(x, p["a1"], p["a2"], p["x0"], p["k"])),
    "normal_cdf": (lambda x, p: models.normal_cdf(x, p["y_low"], p["y_high"], p["mu"], p["sigma"]),
                   lambda x, p: models.normal_cdf_slope(x, p["y_low"], p["y_high"], p["mu"],
                                                        p["sigma"])),
    "relu": (lambda x, p: torch.relu(x), lambda x, p: (x > 0).to(x.dtype)),
}


def _curve(form: str, x: torch.Tensor, p: dict) -> torch.Tensor:
    if form not in CURVES:
        raise ValueError(f"neuron form '{form}' is not one of {FORMS}")
    return CURVES[form][0](x, p)


def _slope(form: str, x: torch.Tensor, p: dict) -> torch.Tensor:
    """d curve / dx, written out so a hand-written backward pass needs no autograd."""
    if form not in CURVES:
        raise ValueError(f"neuron form '{form}' is not one of {FORMS}")
    return CURVES[form][1](x, p)


def output_range(form: str, params: dict) -> float:
    """Span of the curve's output, the unit of the C2C noise."""
    if form == "relu":
        return 1.0
    if form == "relu_like":
        return abs(params["y_sat"] - params["y0"])
    if form == "sigmoid":
        return abs(params["a2"] - params["a1"])
    return abs(params["y_high"] - params["y_low"])


def curve_from_record(path: str | Path, gain_A_per_m2: float,
                      centred: bool = False) -> tuple[str, dict]:
    """(form, params) of a simulated neuron's fitted curve at its nominal operating point (the
    record's first point) on the hidden pre-activation z: the device is driven by
    J = J_b + A z, A = ``gain_A_per_m2`` (the op-amp gain of [SpinSN]'s y = A sum x s, fixed
    before training) and J_b its op-amp bias (the curve's own rising point, x0 of [SpinSN]
    Eq. 2 or the ReLU threshold of [Cao2023], where ``centred``, else 0); its Hall output is
    read normalised to [0, 1]. Sigmoid: x0' = (x0 - J_b) / A, k' = k / A. ReLU-like:
    threshold' = (threshold - J_b) / A, slope' = slope A / (y_sat - y0)."""
    if not gain_A_per_m2 > 0:
        raise ValueError(f"neuron gain_A_per_m2 = {gain_A_per_m2!r} must be > 0")
    record = NeuronRecord.read(path)
    if record["model"] not in ("sigmoid", "relu_like"):
        raise ValueError(f"{path}: a gain-driven neuron needs a sigmoid or relu_like neuron "
                         f"record, not {record['model']!r}")
    fit = record["points"][0]["fit"]
    if fit["status"] != "ok":
        raise ValueError(f"{path}: the nominal point has no fit ({fit.get('reason', '')})")
    if record["model"] == "sigmoid":
        bias = fit["x0_A_per_m2"] if centred else 0.0
        return "sigmoid", {"a1": 0.0, "a2": 1.0, "x0": (fit["x0_A_per_m2"] - bias) / gain_A_per_m2,
                           "k": fit["k_A_per_m2"] / gain_A_per_m2}
    bias = fit["threshold_A_per_m2"] if centred else 0.0
    span = fit["y_sat"] - fit["y0"]
    return "relu_like", {"y0": 0.0, "y_sat": 1.0,
                         "threshold": (fit["threshold_A_per_m2"] - bias) / gain_A_per_m2,
                         "slope": fit["slope_per_A_per_m2"] * gain_A_per_m2 / span}


def sigmoid_points(path: str | Path, gain_A_per_m2: float,
                   centred: bool = False) -> list[tuple[dict, float, float]]:
    """(operating point, x0', k') of every fitted point of a spin-N neuron record on the
    pre-activation axis of :func:`curve_from_record` (the bias, where ``centred``, is the
    nominal point's x0, as the op-amp's is set once): the device's own points on an (x0, k')
    accuracy map."""
    record = NeuronRecord.read(path)
    if record["model"] != "sigmoid":
        raise ValueError(f"{path}: (x0, k') points need a sigmoid neuron record")
    nominal = record["points"][0]["fit"]
    bias = nominal["x0_A_per_m2"] if centred and nominal["status"] == "ok" else 0.0
    return [(point["operating_point"], (point["fit"]["x0_A_per_m2"] - bias) / gain_A_per_m2,
             point["fit"]["k_A_per_m2"] / gain_A_per_m2)
            for point in record["points"] if point["fit"]["status"] == "ok"]


class DeviceNeuron(nn.Module):
    """Activation of ``n_neurons`` device neurons sharing one fitted curve."""

    def __init__(self, form: str, params: dict, n_neurons: int, c2c: float = 0.0,
                 d2d: float = 0.0, live: bool = False, n_grains: int = 1,
                 generator: torch.Generator | None = None, wear_per_call: float = 0.0) -> None:
        super().__init__()
        if not 0.0 <= wear_per_call < 1.0:
            raise ValueError(f"neuron wear_per_call = {wear_per_call!r} must lie in [0, 1)")
        if wear_per_call and not live:
            raise ValueError("neuron wear_per_call needs a live neuron (live: true)")
        if form not in FORMS:
            raise ValueError(f"neuron form '{form}' is not one of {FORMS}")
        for name, value in (("c2c", c2c), ("d2d", d2d)):
            if not 0.0 <= value < 1.0:
                raise ValueError(f"neuron {name} = {value!r} must lie in [0, 1)")
        if live and form != "normal_cdf":
            raise ValueError("live neurons draw switching events: form must be 'normal_cdf'")
        if n_grains < 1:
            raise ValueError(f"n_grains = {n_grains!r} must be >= 1")
        self.form, self.c2c, self.live, self.n_grains = form, c2c, live, n_grains
        self.generator = generator
        self.range = output_range(form, params)
        self.params = {k: float(v) for k, v in params.items()}
        self.low = self.params.get(LOW_LEVEL.get(form, ""), 0.0)
        spread = torch.randn(n_neurons, generator=generator, dtype=torch.float32)
        self.register_buffer("gain", 1.0 + d2d * spread)
        # the overload hypothesis of [Zhou2021] Fig. 5c, d: one device serves every hidden
        # neuron, and each call leaves it a fraction wear_per_call less able to switch
        self.wear_per_call, self.calls, self.wearing = wear_per_call, 0, True

    @property
    def health(self) -> float:
        """The switching probability's remaining fraction, (1 - wear_per_call)^calls."""
        return (1.0 - self.wear_per_call) ** self.calls

    def mean_curve(self, x: torch.Tensor) -> torch.Tensor:
        """Each neuron's expected response: the curve with its D2D gain, no noise."""
        return self.low + self.gain * (_curve(self.form, x, self.params) - self.low)

    def slope(self, x: torch.Tensor) -> torch.Tensor:
        """Derivative of each neuron's mean curve, the backward pass of every mode."""
        return self.gain * _slope(self.form, x, self.params)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.mean_curve(x)
        if self.live:
            span = self.gain * (self.params["y_high"] - self.low)
            p = ((y - self.low) / span).clamp(0.0, 1.0).detach() * self.health
            if self.wearing and self.wear_per_call:
                self.calls += y.numel()
            switched = torch.binomial(torch.full_like(p, float(self.n_grains)), p,
                                      generator=self.generator) / self.n_grains
            drawn = self.low + span * switched
            y = y + (drawn - y).detach()  # draw forward, mean-curve derivative backward
        if self.c2c > 0:
            noise = torch.randn(y.shape, generator=self.generator, dtype=y.dtype)
            y = y + (self.c2c * self.range * noise).detach()
        return y


# Phi(z) ~ 1 / (1 + exp(-LOGISTIC_SCALE z)): the normal CDF on the logistic sigmoid's input axis
LOGISTIC_SCALE = 1.7


class TabulatedNeuron(nn.Module):
    """Hidden neurons that each follow one device's own data points (003's analog sigmoid).

    [Zhou2021] builds its analog sigmoid by mapping a device's measured R_H-I
    points onto the sigmoid's axes. Here device i's points (I_k, R_k) become
    x_k = LOGISTIC_SCALE (I_k - mu_i) / sigma_i, from its own normal-CDF fit (each device is
    calibrated, as in the paper), and y_k = (R_k - min R) / (max R - min R); straight lines join
    them and the curve is flat beyond the ends. Neuron j is device j mod n_devices. The backward
    pass is the piecewise slope; ``c2c`` adds noise of that fraction of the [0, 1] range.

    ``live=True`` draws each call from the device instead (003's live sigmoid, every call a
    RESET then a SET pulse): each of the device's ``n_grains`` decoupled grains switches with
    the probability its curve gives, and the output is the switched fraction.
    """

    def __init__(self, x_points: np.ndarray, y_points: np.ndarray, n_neurons: int,
                 c2c: float = 0.0, generator: torch.Generator | None = None,
                 live: bool = False, n_grains: np.ndarray | None = None) -> None:
        super().__init__()
        x_points, y_points = np.atleast_2d(x_points), np.atleast_2d(y_points)
        if x_points.shape != y_points.shape or x_points.shape[1] < 2:
            raise ValueError(f"tabulated neuron: x and y points must share a shape with >= 2 "
                             f"points per device, got {x_points.shape} and {y_points.shape}")
        if np.any(np.diff(x_points, axis=1) <= 0):
            raise ValueError("tabulated neuron: each device's x points must rise strictly")
        if not 0.0 <= c2c < 1.0:
            raise ValueError(f"neuron c2c = {c2c!r} must lie in [0, 1)")
        pick = np.arange(n_neurons) % len(x_points)
        self.register_buffer("knots", torch.tensor(x_points[pick], dtype=torch.float32))
        self.register_buffer("levels", torch.tensor(y_points[pick], dtype=torch.float32))
        self.c2c, self.generator, self.live = c2c, generator, live
        if live:
            if n_grains is None or np.any(np.asarray(n_grains) < 1):
                raise ValueError(f"a live tabulated neuron needs each device's n_grains >= 1, "
                                 f"got {n_grains!r}")
            grains = np.broadcast_to(np.asarray(n_grains, dtype=float), (len(x_points),))
            self.register_buffer("grains", torch.tensor(grains[pick], dtype=torch.float32))

    @classmethod
    def from_json(cls, path: str | Path, n_neurons: int, c2c: float = 0.0,
                  generator: torch.Generator | None = None,
                  live: bool = False) -> TabulatedNeuron:
        """The devices of a normal-CDF neuron record of the surrogate stage (with the grain
        count of each simulated film where ``live``)."""
        record = NeuronRecord.read(path)
        if record["model"] != "normal_cdf":
            raise ValueError(f"{path}: a tabulated neuron needs a normal_cdf neuron record, "
                             f"not {record.get('model')!r}")
        point = record["points"][0]
        current = np.asarray(point["current_A_per_m2"], dtype=float)
        xs, ys = [], []
        for device in point["devices"]:
            fit = device["fit"]
            if fit["status"] != "ok":
                raise ValueError(f"{path}: device seed {device['seed']} has no fit "
                                 f"({fit.get('reason', fit['status'])})")
            hall = np.asarray(device["hall_signal"], dtype=float)
            xs.append(LOGISTIC_SCALE * (current - fit["mu_A_per_m2"]) / fit["sigma_A_per_m2"])
            ys.append((hall - hall.min()) / (hall.max() - hall.min()))
        grains = [device.get("n_grains") for device in point["devices"]]
        if live and None in grains:
            raise ValueError(f"{path}: a live neuron needs each device's grain count "
                             "('n_grains'); rerun the micromag stage to record it")
        return cls(np.array(xs), np.array(ys), n_neurons, c2c=c2c, generator=generator,
                   live=live, n_grains=np.array(grains, dtype=float) if live else None)

    def _segments(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """Per element: the segment's left knot and level, its slope, and whether x is inside."""
        inputs = x.reshape(-1, x.shape[-1]).T.contiguous()
        right = torch.searchsorted(self.knots, inputs).clamp(1, self.knots.shape[1] - 1)
        x0, x1 = self.knots.gather(1, right - 1), self.knots.gather(1, right)
        y0, y1 = self.levels.gather(1, right - 1), self.levels.gather(1, right)
        inside = (inputs >= self.knots[:, :1]) & (inputs <= self.knots[:, -1:])
        return inputs, x0, y0, (y1 - y0) / (x1 - x0), inside

    def slope(self, x: torch.Tensor) -> torch.Tensor:
        """The piecewise slope of each neuron's curve at ``x`` (0 beyond the ends)."""
        _, _, _, rate, inside = self._segments(x)
        return (rate * inside).T.reshape(x.shape).to(x.dtype)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        inputs, x0, y0, rate, _ = self._segments(x)
        last = self.knots[:, -1:]
        y = y0 + rate * (inputs.clamp(self.knots[:, :1], last) - x0)
        y = y.T.reshape(x.shape).to(x.dtype)
        if self.live:
            grains = self.grains.to(y.dtype).expand_as(y)
            switched = torch.binomial(grains, y.clamp(0.0, 1.0).detach(),
                                      generator=self.generator) / grains
            y = y + (switched - y).detach()  # draw forward, the curve's slope backward
        if self.c2c > 0:
            y = y + self.c2c * torch.randn(y.shape, generator=self.generator, dtype=y.dtype)
        return y

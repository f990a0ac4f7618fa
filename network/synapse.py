"""Device synapses: weights that change only by whole pulses along a device's P/D curves.

As in aihwkit, what a device is (its curves and variation: :class:`PulseCurves`,
:class:`ExponentialDevice`) is kept apart from how a weight change is programmed into it
(:class:`UpdateParameters`: the pulse-count scheme and the rounding to whole pulses); the two
together give a device array, ``device.devices(weight, w_max, update, generator)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from surrogate import models
from surrogate.stage import SynapseRecord

ROUNDINGS = ("nearest", "stochastic")
SCHEMES = ("fixed", "adaptive")


def _inverse(g: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
    """Pulse coordinate of each g on its own row (a monotone increasing table on 0 ... P); one
    row (shape (1, P + 1)) serves every g without a per-device copy."""
    last = rows.shape[1] - 1
    if rows.shape[0] == 1:
        row = rows[0]
        g = torch.minimum(torch.maximum(g, row[0]), row[-1])
        idx = torch.searchsorted(row, g).clamp(1, last)
        f0, f1 = row[idx - 1], row[idx]
        rise = torch.where(f1 > f0, f1 - f0, torch.ones_like(f1))
        return (idx - 1) + ((g - f0) / rise).clamp(0.0, 1.0)
    g = torch.minimum(torch.maximum(g, rows[:, 0]), rows[:, -1])[:, None]
    idx = torch.searchsorted(rows, g).clamp(1, last)
    f0, f1 = rows.gather(1, idx - 1), rows.gather(1, idx)
    rise = torch.where(f1 > f0, f1 - f0, torch.ones_like(f1))
    return ((idx - 1) + ((g - f0) / rise).clamp(0.0, 1.0)).squeeze(1)


def _forward(p: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
    """Each row's table at pulse coordinate p (linear between whole pulses, clamped to 0 ... P);
    one row serves every p."""
    last = rows.shape[1] - 1
    if rows.shape[0] == 1:
        row = rows[0]
        p = p.clamp(0.0, float(last))
        i = p.floor().long().clamp(0, last - 1)
        f0, f1 = row[i], row[i + 1]
        return f0 + (p - i) * (f1 - f0)
    p = p.clamp(0.0, float(last))[:, None]
    i = p.floor().long().clamp(0, last - 1)
    f0, f1 = rows.gather(1, i), rows.gather(1, i + 1)
    return (f0 + (p - i) * (f1 - f0)).squeeze(1)


class NoDeviceError(ValueError):
    """The surrogate holds no usable device curve (the device did not switch)."""


@dataclass(frozen=True)
class UpdateParameters:
    r"""How a requested weight change becomes whole pulses on a device.

    ``scheme``: ``"fixed"`` is NeuroSim's :math:`k = \Delta w / \delta` with
    :math:`\delta = 2 w_{max} / P_{max}`, blind to where on its curve the device is;
    ``"adaptive"`` counts the pulses the device's nominal curve needs from the present
    conductance to the target one (a programming scheme that compensates the nonlinearity up
    to variation and whole pulses). ``rounding``: ``"nearest"`` is NeuroSim's round(x) (under
    half a pulse is none); ``"stochastic"`` gives floor(x) + 1 with probability x - floor(x),
    so the expected count is x (Gupta et al., ICML 2015).
    """

    scheme: str = "fixed"
    rounding: str = "nearest"

    def __post_init__(self) -> None:
        if self.scheme not in SCHEMES:
            raise ValueError(f"synapse scheme = {self.scheme!r} must be one of {SCHEMES}")
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"synapse rounding = {self.rounding!r} must be one of {ROUNDINGS}")


@dataclass(frozen=True)
class PulseCurves:
    r"""Normalised potentiation and depression curves of a device on a whole-pulse grid.

    ``potentiation[n]`` is the normalised conductance :math:`g \in [0, 1]` after n
    potentiation pulses from :math:`g = 0`; ``depression[n]`` after n depression pulses from
    :math:`g = 1`. Both are monotone. Optional variation: ``device_potentiation`` /
    ``device_depression`` (devices x pulses) are the curves of individual devices, one of
    which every synapse is given once (D2D); ``c2c`` is the (potentiation, depression) spread
    of a pulse's step as a fraction of the range, added as sigma times the square root of the
    pulse count per update.
    """

    potentiation: np.ndarray
    depression: np.ndarray
    source: str = "ideal"
    device_potentiation: np.ndarray | None = None
    device_depression: np.ndarray | None = None
    c2c: tuple[float, float] = (0.0, 0.0)

    @property
    def n_pulses(self) -> int:
        """Pulses that take the device across its whole range (P_max)."""
        return len(self.potentiation) - 1

    def devices(self, weight: torch.Tensor, w_max: float | torch.Tensor,
                generator: torch.Generator | None = None,
                update: UpdateParameters = UpdateParameters()) -> PulsedWeights:
        """A weight matrix of devices that follow these curves, programmed by ``update``
        (a synapse factory of train)."""
        return PulsedWeights(self, weight, w_max, generator, update)

    @classmethod
    def linear(cls, n_pulses: int) -> PulseCurves:
        """An ideal device: equal steps, symmetric."""
        g = np.linspace(0.0, 1.0, n_pulses + 1)
        return cls(g, 1.0 - g, source="linear")

    @classmethod
    def quadratic(cls, beta_p: float, beta_d: float, n_pulses: int) -> PulseCurves:
        """The quadratic model of [SpinSN]: g(x) = (1 + beta) x - beta x^2
        on x = n / P_max, rising for potentiation and falling for depression."""
        for name, beta in (("beta_p", beta_p), ("beta_d", beta_d)):
            if not -1.0 <= beta <= 1.0:
                raise ValueError(f"synapse {name} = {beta!r} must lie in [-1, 1] (monotone curve)")
        if not isinstance(n_pulses, int) or n_pulses < 1:
            raise ValueError(f"synapse n_pulses = {n_pulses!r} must be an integer >= 1")
        x = np.linspace(0.0, 1.0, n_pulses + 1)
        return cls(models.quadratic_shape(x, beta_p), 1.0 - models.quadratic_shape(x, beta_d),
                   source=f"quadratic beta_p={beta_p:g} beta_d={beta_d:g}")

    @classmethod
    def from_json(cls, path: str | Path, n_pulses: int | None = None,
                  variation: bool = False) -> PulseCurves:
        """Curves from a surrogate synapse JSON, optionally resampled to ``n_pulses``.

        Resampling keeps the curve shape on normalised pulse number n / P_max (the
        simulated device is smaller than the fabricated one; its shape is what carries over).
        With ``variation`` the curves of the individual simulated devices (D2D, on the common
        range) and the C2C step spread estimated from them come along, the spread rescaled from
        a simulated pulse to a network pulse.
        """
        record = SynapseRecord.read(path)
        if record["status"] != "ok":
            raise NoDeviceError(f"{path}: {record.get('reason', record['status'])}")
        curve = record["curve"]
        g_min, g_max = curve["potentiation"][0], curve["depression"][0]
        if not g_max > g_min:
            raise ValueError(f"{path}: curve has no conductance range")
        steps = n_pulses if n_pulses is not None else len(curve["pulses"]) - 1

        def normalised(table: dict) -> tuple[np.ndarray, np.ndarray]:
            pulses = np.asarray(table["pulses"], dtype=float)
            x_old, x_new = pulses / pulses[-1], np.linspace(0.0, 1.0, steps + 1)
            g_p, g_d = ((np.interp(x_new, x_old, np.asarray(table[b], dtype=float)) - g_min)
                        / (g_max - g_min) for b in ("potentiation", "depression"))
            return (np.maximum.accumulate(np.clip(g_p, 0.0, 1.0)),
                    np.minimum.accumulate(np.clip(g_d, 0.0, 1.0)))

        g_p, g_d = normalised(curve)
        if not variation:
            return cls(g_p, g_d, source=str(path))
        tables = [normalised(t) for t in record.get("device_curves", [])]
        spread = (record.get("variation") or {}).get("c2c") or {}
        # the spread is per simulated pulse; a network pulse is P_sim / P of one, and
        # independent steps add in quadrature: sigma_network = sigma_sim sqrt(P_sim / P)
        scale = math.sqrt((len(curve["pulses"]) - 1) / steps)
        c2c = tuple(scale * float(spread.get(b) or 0.0) for b in ("potentiation", "depression"))
        return cls(g_p, g_d, source=str(path),
                   device_potentiation=np.array([t[0] for t in tables]) if tables else None,
                   device_depression=np.array([t[1] for t in tables]) if tables else None,
                   c2c=c2c)


class _DeviceWeights:
    r"""A weight matrix held in normalised device conductances g, :math:`w = w_{max} (2 g - 1)`.

    :meth:`apply_at` programs only the devices it is given (an online update touches a few
    hundred of the 10^5 synapses); subclasses say how a weight change becomes whole pulses
    (:meth:`_pulses`) and where k pulses take a device (:meth:`_walk`).

    ``update`` (:class:`UpdateParameters`) says how a fractional pulse count becomes whole
    pulses and, for the adaptive scheme, counts them on the nominal curve
    (:meth:`_nominal_pulses`).
    """

    def __init__(self, weight: torch.Tensor, w_max: float | torch.Tensor, n_pulses: int,
                 update: UpdateParameters = UpdateParameters(),
                 generator: torch.Generator | None = None) -> None:
        self.w_max = w_max
        self.n_pulses = n_pulses
        self.update, self.generator = update, generator
        self.g = ((weight.detach().clamp(-w_max, w_max) / w_max + 1.0) / 2.0).clone()
        self.weight = w_max * (2.0 * self.g - 1.0)
        self._every = torch.arange(self.g.numel())
        self._pulse_count = torch.zeros((), dtype=torch.float64)  # exact below 2**53

    @property
    def pulses_applied(self) -> int:
        """Pulses applied to all devices so far."""
        return int(self._pulse_count)

    @property
    def weight_step(self) -> float | torch.Tensor:
        """Mean weight change of one pulse, 2 w_max / P_max."""
        return 2.0 * self.w_max / self.n_pulses

    def _w_max_at(self, index: torch.Tensor) -> float | torch.Tensor:
        """w_max of the devices at flat ``index`` (one value, or one per device)."""
        if isinstance(self.w_max, torch.Tensor):
            return self.w_max.reshape(-1)[index]
        return self.w_max

    @property
    def no_pulse_below(self) -> float:
        """A requested |delta_g| at or below this gives no pulse on any device (the fixed
        scheme's half pulse; the adaptive scheme may pulse for any change)."""
        fixed_nearest = self.update.scheme == "fixed" and self.update.rounding == "nearest"
        return 0.5 / self.n_pulses if fixed_nearest else 0.0

    def _whole(self, pulses: torch.Tensor) -> torch.Tensor:
        """Whole pulses from fractional ones, by the update's rounding."""
        if self.update.rounding == "nearest":
            return torch.round(pulses)
        return torch.floor(pulses + torch.rand(pulses.shape, generator=self.generator,
                                                dtype=pulses.dtype))

    def _pulses(self, index: torch.Tensor, delta_g: torch.Tensor) -> torch.Tensor:
        """Signed whole pulses for a requested conductance change, by the update's scheme:
        delta_w / weight_step = delta_g P_max (NeuroSim's count) or the nominal curve's count."""
        if self.update.scheme == "fixed":
            return self._whole(delta_g * self.n_pulses)
        g = self.g.view(-1)[index]
        return self._whole(self._nominal_pulses(g, (g + delta_g).clamp(0.0, 1.0), delta_g > 0))

    def _nominal_pulses(self, g: torch.Tensor, target: torch.Tensor,
                        up: torch.Tensor) -> torch.Tensor:
        """Fractional signed pulses that take the nominal device from g to target (potentiation
        where ``up``, else depression)."""
        raise NotImplementedError

    def _walk(self, index: torch.Tensor, g: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def apply(self, delta_w: torch.Tensor) -> None:
        """Program every device for the requested weight change (same shape as the weights)."""
        self.apply_at(self._every, (delta_w / (2.0 * self.w_max)).reshape(-1))

    def apply_at(self, index: torch.Tensor, delta_g: torch.Tensor) -> None:
        """Program the devices at flat ``index`` for conductance changes ``delta_g``.

        ``delta_g`` is the requested weight change in units of the weight range,
        delta_w / (2 w_max). Devices whose change rounds to no pulse are left as they are.
        """
        k = self._pulses(index, delta_g).clamp_(-self.n_pulses, self.n_pulses)
        pulsed = k.nonzero().squeeze(1)
        if len(pulsed) == 0:
            return
        index, k = index[pulsed], k[pulsed]
        g = self._walk(index, self.g.view(-1)[index], k).clamp_(0.0, 1.0)
        self.g.view(-1)[index] = g
        self.weight.view(-1)[index] = self._w_max_at(index) * (2.0 * g - 1.0)
        self._pulse_count += k.abs().sum()


class PulsedWeights(_DeviceWeights):
    r"""A weight matrix held in device conductances and updated only by pulses.

    Weight and normalised conductance are tied by :math:`w = w_{max} (2 g - 1)`. An update
    :math:`\Delta w` becomes :math:`k = \mathrm{round}(\Delta w / \delta)` pulses with
    :math:`\delta = 2 w_{max} / P_{max}` (fewer than half a pulse is no pulse); the device then
    walks k steps along the potentiation (k > 0) or depression (k < 0) curve from its present
    conductance, which is first mapped to its pulse coordinate on that curve, and stops at the
    curve's end (NeuroSim's update, Chen et al., IEEE TCAD 37, 3067 (2018)).
    """

    def __init__(self, curves: PulseCurves, weight: torch.Tensor, w_max: float | torch.Tensor,
                 generator: torch.Generator | None = None,
                 update: UpdateParameters = UpdateParameters()) -> None:
        super().__init__(weight, w_max, curves.n_pulses, update, generator)
        self.curves = curves
        rising = curves.potentiation[None] if curves.device_potentiation is None \
            else curves.device_potentiation
        falling = curves.depression[None] if curves.device_depression is None \
            else curves.device_depression
        # one row per device; depression reversed so that every row increases with pulses
        self.g_p = torch.as_tensor(np.asarray(rising), dtype=weight.dtype)
        self.g_d_rev = torch.as_tensor(np.ascontiguousarray(np.asarray(falling)[:, ::-1]),
                                       dtype=weight.dtype)
        self.device = torch.randint(len(self.g_p), weight.shape, generator=generator)
        self._nominal = (torch.as_tensor(curves.potentiation, dtype=weight.dtype)[None],
                         torch.as_tensor(np.ascontiguousarray(curves.depression[::-1]),
                                         dtype=weight.dtype)[None])

    def _nominal_pulses(self, g: torch.Tensor, target: torch.Tensor,
                        up: torch.Tensor) -> torch.Tensor:
        """Pulse coordinates of target and g on the nominal branch, subtracted (both branch
        tables increase with g, so the difference carries the sign)."""
        rising, falling = self._nominal
        return torch.where(up, _inverse(target, rising) - _inverse(g, rising),
                           _inverse(target, falling) - _inverse(g, falling))

    def _walk(self, index: torch.Tensor, g: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        """k steps along the device's own tabulated branch from its pulse coordinate there,
        then C2C noise."""
        if len(self.g_p) == 1:  # one curve for every device
            rising, falling = self.g_p, self.g_d_rev
        else:
            device = self.device.view(-1)[index]
            rising, falling = self.g_p[device], self.g_d_rev[device]
        up = _forward(_inverse(g, rising) + k, rising)
        down = _forward(_inverse(g, falling) + k, falling)
        g = torch.where(k > 0, up, down)
        if any(self.curves.c2c):
            sigma = torch.where(k > 0, self.curves.c2c[0], self.curves.c2c[1]).to(g.dtype)
            g = g + sigma * k.abs().sqrt() * torch.randn(g.shape, generator=self.generator,
                                                         dtype=g.dtype)
        return g


@dataclass(frozen=True)
class ExponentialDevice:
    r"""The exponential device model of [Cao2023]: P = ``n_pulses`` levels, curve constants
    A_p, A_d in pulses, and variation as fractions of the range: C2C per update and D2D per
    device, each a (potentiation, depression) pair.

    Normalised conductance after p potentiation pulses from 0 is
    :math:`g_P(p) = (1 - e^{-p/A_p}) / (1 - e^{-P/A_p})`, after q depression pulses from 1
    :math:`g_D(q) = 1 - (1 - e^{-q/A_d}) / (1 - e^{-P/A_d})`.
    """

    a_p: float
    a_d: float
    n_pulses: int
    c2c: tuple[float, float] = (0.0, 0.0)
    d2d: tuple[float, float] = (0.0, 0.0)

    def __post_init__(self) -> None:
        if not isinstance(self.n_pulses, int) or self.n_pulses < 1:
            raise ValueError(f"synapse n_pulses = {self.n_pulses!r} must be an integer >= 1")
        for name, pair, low in (("A", (self.a_p, self.a_d), 1e-9), ("c2c", self.c2c, 0.0),
                                ("d2d", self.d2d, 0.0)):
            if len(pair) != 2 or any(not low <= v for v in pair):
                raise ValueError(f"synapse {name} = {pair!r} must be a (potentiation, "
                                 f"depression) pair, each >= {low:g}")

    def devices(self, weight: torch.Tensor, w_max: float | torch.Tensor,
                generator: torch.Generator | None = None,
                update: UpdateParameters = UpdateParameters()) -> ExponentialSynapses:
        """A weight matrix of these devices, programmed by ``update`` (a synapse factory of
        train)."""
        return ExponentialSynapses(self, weight, w_max, generator, update)


class ExponentialSynapses(_DeviceWeights):
    r"""A weight matrix of :class:`ExponentialDevice` synapses, with their variation.

    An update of k pulses maps the present g to its pulse coordinate on the branch, moves k
    steps, clips at the ends (NeuroSim). Device-to-device (D2D): every device has its own
    :math:`A_i = A (1 + \sigma_{D2D} \xi_i)`, drawn once. Cycle-to-cycle (C2C): each update adds
    :math:`\sigma_{C2C} \sqrt{|k|} \xi` to g (fractions of the range, as in the paper). The
    adaptive scheme counts pulses on the nominal curve (A_p, A_d), as the programming schemes
    001 points to do (e.g. pulse widths that grow along the branch).
    """

    def __init__(self, device: ExponentialDevice, weight: torch.Tensor,
                 w_max: float | torch.Tensor, generator: torch.Generator | None = None,
                 update: UpdateParameters = UpdateParameters()) -> None:
        super().__init__(weight, w_max, device.n_pulses, update, generator)
        self.c2c, self.nominal = device.c2c, (device.a_p, device.a_d)
        n_pulses, dtype = device.n_pulses, weight.dtype

        def per_device(a: float, spread: float) -> torch.Tensor:
            noise = torch.randn(weight.shape, generator=generator, dtype=dtype)
            return (a * (1.0 + spread * noise)).clamp_min(0.05 * a)

        # both branches in one table, potentiation then depression, so an update of mixed
        # signs reads each device's own branch in one lookup
        self._size = weight.numel()
        a = torch.cat([per_device(device.a_p, device.d2d[0]).reshape(-1),
                       per_device(device.a_d, device.d2d[1]).reshape(-1)])
        self._inverse_a = 1.0 / a
        self._norm = models.exponential_norm(n_pulses, a)
        self.a_p, self.a_d = (part.view(weight.shape) for part in a.split(self._size))
        steps = torch.arange(-n_pulses, n_pulses + 1, dtype=dtype)
        self._c2c_of_k = (torch.where(steps > 0, device.c2c[0], device.c2c[1])
                          * steps.abs().sqrt()).to(dtype)

    def _nominal_pulses(self, g: torch.Tensor, target: torch.Tensor,
                        up: torch.Tensor) -> torch.Tensor:
        """Pulses on the nominal exponential branches (:func:`surrogate.models.
        exponential_pulses`; depression counted on the level 1 - g)."""
        a_p, a_d = self.nominal
        n_p = models.exponential_norm(self.n_pulses, a_p)
        n_d = models.exponential_norm(self.n_pulses, a_d)

        def p_of(g):
            return models.exponential_pulses(g, a_p, n_p)

        def q_of(g):
            return models.exponential_pulses(1.0 - g, a_d, n_d)

        return torch.where(up, p_of(target) - p_of(g), q_of(g) - q_of(target))

    def _walk(self, index: torch.Tensor, g: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        """Whole pulses along each device's own branch (:func:`surrogate.models.
        exponential_walk`; the level is g on potentiation, 1 - g on depression), then C2C
        noise."""
        down = k < 0
        branch = index + self._size * down
        level = torch.where(down, 1.0 - g, g)
        moved = models.exponential_walk(level, k, self._inverse_a[branch], self._norm[branch])
        g = torch.where(down, 1.0 - moved, moved)
        if any(self.c2c):
            sigma = self._c2c_of_k[(k + self.n_pulses).long()]
            g = g + sigma * torch.randn(g.shape, generator=self.generator, dtype=g.dtype)
        return g

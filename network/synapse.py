"""Device synapses: weights that change only by whole pulses along a device's P/D curves."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch


def interp(x: torch.Tensor, xp: torch.Tensor, fp: torch.Tensor) -> torch.Tensor:
    """Piecewise-linear interpolation of ``fp(xp)`` at ``x`` (xp increasing), clamped."""
    x = x.clamp(xp[0], xp[-1])
    idx = torch.searchsorted(xp, x.contiguous()).clamp(1, len(xp) - 1)
    x0, x1 = xp[idx - 1], xp[idx]
    f0, f1 = fp[idx - 1], fp[idx]
    slope = (f1 - f0) / torch.where(x1 > x0, x1 - x0, torch.ones_like(x1))
    return f0 + slope * (x - x0)


class NoDeviceError(ValueError):
    """The surrogate holds no usable device curve (the device did not switch)."""


@dataclass(frozen=True)
class PulseCurves:
    r"""Normalised potentiation and depression curves of a device on a whole-pulse grid.

    ``potentiation[n]`` is the normalised conductance :math:`g \in [0, 1]` after n
    potentiation pulses from :math:`g = 0`; ``depression[n]`` after n depression pulses from
    :math:`g = 1`. Both are monotone.
    """

    potentiation: np.ndarray
    depression: np.ndarray
    source: str = "ideal"

    @property
    def n_pulses(self) -> int:
        """Pulses that take the device across its whole range (P_max)."""
        return len(self.potentiation) - 1

    @classmethod
    def linear(cls, n_pulses: int) -> PulseCurves:
        """An ideal device: equal steps, symmetric."""
        g = np.linspace(0.0, 1.0, n_pulses + 1)
        return cls(g, 1.0 - g, source="linear")

    @classmethod
    def from_json(cls, path: str | Path, n_pulses: int | None = None) -> PulseCurves:
        """Curves from a surrogate synapse JSON, optionally resampled to ``n_pulses``.

        Resampling keeps the curve shape on normalised pulse number n / P_max (the
        simulated device is smaller than the fabricated one; its shape is what carries over).
        """
        record = json.loads(Path(path).read_text())
        if record.get("format") != "spinnet-synapse-1":
            raise ValueError(f"{path}: not a surrogate synapse file (format spinnet-synapse-1)")
        if record.get("status", "ok") != "ok":
            raise NoDeviceError(f"{path}: {record.get('reason', record['status'])}")
        curve = record["curve"]
        pulses = np.asarray(curve["pulses"], dtype=float)
        g_p = np.asarray(curve["potentiation"], dtype=float)
        g_d = np.asarray(curve["depression"], dtype=float)
        g_min, g_max = g_p[0], g_d[0]
        if not g_max > g_min:
            raise ValueError(f"{path}: curve has no conductance range")
        g_p = (g_p - g_min) / (g_max - g_min)
        g_d = (g_d - g_min) / (g_max - g_min)
        if n_pulses is not None:
            x_old = pulses / pulses[-1]
            x_new = np.linspace(0.0, 1.0, n_pulses + 1)
            g_p, g_d = np.interp(x_new, x_old, g_p), np.interp(x_new, x_old, g_d)
        g_p = np.maximum.accumulate(np.clip(g_p, 0.0, 1.0))
        g_d = np.minimum.accumulate(np.clip(g_d, 0.0, 1.0))
        return cls(g_p, g_d, source=str(path))


class PulsedWeights:
    r"""A weight matrix held in device conductances and updated only by pulses.

    Weight and normalised conductance are tied by :math:`w = w_{max} (2 g - 1)`. An update
    :math:`\Delta w` becomes :math:`k = \mathrm{round}(\Delta w / \delta)` pulses with
    :math:`\delta = 2 w_{max} / P_{max}` (fewer than half a pulse is no pulse); the device then
    walks k steps along the potentiation (k > 0) or depression (k < 0) curve from its present
    conductance, which is first mapped to its pulse coordinate on that curve, and stops at the
    curve's end (NeuroSim's update, Chen et al., IEEE TCAD 37, 3067 (2018)).
    """

    def __init__(self, curves: PulseCurves, weight: torch.Tensor, w_max: float) -> None:
        self.curves = curves
        self.w_max = w_max
        self.n_pulses = curves.n_pulses
        self.pulse_grid = torch.arange(self.n_pulses + 1, dtype=weight.dtype)
        self.g_p = torch.as_tensor(curves.potentiation, dtype=weight.dtype)
        # depression is decreasing in pulses: interpolate its inverse on the reversed grid
        self.g_d_rev = torch.as_tensor(curves.depression[::-1].copy(), dtype=weight.dtype)
        self.g = ((weight.detach().clamp(-w_max, w_max) / w_max + 1.0) / 2.0).clone()
        self.pulses_applied = 0

    @property
    def weight(self) -> torch.Tensor:
        """Present weights w = w_max (2 g - 1)."""
        return self.w_max * (2.0 * self.g - 1.0)

    @property
    def weight_step(self) -> float:
        """Mean weight change of one pulse, 2 w_max / P_max."""
        return 2.0 * self.w_max / self.n_pulses

    def apply(self, delta_w: torch.Tensor) -> None:
        """Turn the requested weight change into whole pulses and walk the device curves."""
        k = torch.round(delta_w / self.weight_step).clamp(-self.n_pulses, self.n_pulses)
        up, down = k > 0, k < 0
        if up.any():
            g = self.g[up]
            p = interp(g, self.g_p, self.pulse_grid)
            self.g[up] = interp(p + k[up], self.pulse_grid, self.g_p)
        if down.any():
            g = self.g[down]
            q = self.n_pulses - interp(g, self.g_d_rev, self.pulse_grid)
            self.g[down] = interp(self.n_pulses - (q - k[down]), self.pulse_grid,
                                  self.g_d_rev)
        self.pulses_applied += int(k.abs().sum())

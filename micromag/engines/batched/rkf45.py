"""Adaptive Runge-Kutta-Fehlberg 4(5) with magnum.np's step-size control, for an ensemble: one
step size for all members, the error norm taken over the ensemble. Each run has its own
integrator (its step size and held demag are run state, not the engine's).

The long-range part of the demag field is evaluated once per accepted step and held over the
step's stages, carried along its rate of change over the previous step, while its local part
is evaluated at every stage (multiple time stepping, as molecular dynamics does for long-range
forces)."""

from __future__ import annotations

import numpy as np
import torch

from ..base import SimulationDiverged
from ..options import FIRST_STEP_S
from .llg import LLG

# RKF45 (Fehlberg) tableau and magnum.np's step-size control (Numerical Recipes' constants).
_C = (0.0, 1 / 4, 3 / 8, 12 / 13, 1.0, 1 / 2)
_A = ((), (1 / 4,), (3 / 32, 9 / 32), (1932 / 2197, -7200 / 2197, 7296 / 2197),
      (439 / 216, -8.0, 3680 / 513, -845 / 4104),
      (-8 / 27, 2.0, -3544 / 2565, 1859 / 4104, -11 / 40))
_B5 = (16 / 135, 0.0, 6656 / 12825, 28561 / 56430, -9 / 50, 2 / 55)
_B4 = (25 / 216, 0.0, 1408 / 2565, 2197 / 4104, -1 / 5, 0.0)
_HEADROOM, _MIN_SCALE, _MAX_SCALE, _MAX_STEP_S = 0.9, 0.2, 10.0, 1e-10


class RKF45:
    """Integrates ``llg`` with tolerances ``atol`` + ``rtol`` |m|; a step that must shrink below
    ``min_step_s`` raises :class:`SimulationDiverged` naming the time, the step and the worst
    cell (mesh ``cell_m``). ``hold_demag`` holds the long-range demag over a step's stages;
    ``compile`` fuses a step with ``torch.compile``."""

    def __init__(self, llg: LLG, atol: float, rtol: float, min_step_s: float,
                 cell_m: tuple[float, ...], dtype: torch.dtype, hold_demag: bool,
                 compile: bool) -> None:
        self.llg, self.atol, self.rtol, self.min_step_s = llg, atol, rtol, min_step_s
        self.cell_m, self.dtype = cell_m, dtype
        self.hold = hold_demag and llg.field.demag is not None
        self.step_s = FIRST_STEP_S
        self.far_history = None
        self.try_step = torch.compile(self._try, dynamic=False) if compile else self._try

    def forget(self, m: torch.Tensor) -> None:
        """Drop the held demag's history (a new or restored state): a zero rate."""
        self.far_history = (torch.zeros_like(m), np.inf)

    def _try(self, m, je, far, rate, dt):
        """One RKF45 step of size ``dt`` (0-d tensor, s) from ``m``: new m, error norm and the
        flat index of the entry (member, component, x, y, z) where the error is largest.

        The long-range demag ``far`` at ``m`` is held over the stages and carried to each
        stage's time along ``rate`` (its change per second over the previous step), which keeps
        the hold second order in the step; None evaluates the whole demag at every stage.
        """
        k = []
        for stage in range(6):
            x = m
            for coefficient, previous in zip(_A[stage], k, strict=True):
                if coefficient:
                    x = x + coefficient * previous
            held = None if far is None else far + rate * (_C[stage] * dt)
            k.append(dt * self.llg.rhs(x, je, held))
        dx = sum(b * ki for b, ki in zip(_B5, k, strict=True) if b)
        error = dx - sum(b * ki for b, ki in zip(_B4, k, strict=True) if b)
        ratio = (error / (self.atol + self.rtol * m.abs())).abs()
        moved = m + dx
        return (moved / moved.norm(dim=1, keepdim=True).clamp_min(1e-30), ratio.amax(),
                ratio.argmax())

    def advance(self, m, t: float, t_end: float, je):
        """Adaptive steps from t to t_end; returns m, t and the accepted steps."""
        demag = self.llg.field.demag
        taken = 0
        far = rate = None
        while t_end - t > 1e-21:
            dt = min(self.step_s, t_end - t)
            if self.hold and far is None:  # once per m: a rejected step retries from it
                far = demag.h(m) - demag.local(m)
                rate = (far - self.far_history[0]) / self.far_history[1]
            moved, norm, worst = self.try_step(m, je, far, rate,
                                               torch.tensor(dt, dtype=self.dtype))
            norm = float(norm)
            # a step so long that the trial overflows is rejected like any other too-long step
            optimal = self.optimal(dt, norm) if np.isfinite(norm) else dt * _MIN_SCALE
            if dt > optimal:
                if optimal < self.min_step_s:
                    raise SimulationDiverged(
                        f"RKF45 cannot keep its error within tolerance at t = {t:.4g} s: the "
                        f"step fell to {optimal:.3g} s (minimum {self.min_step_s:g} s) with "
                        + (f"error {norm:.3g} x tolerance" if np.isfinite(norm)
                           else "a non-finite error")
                        + f", largest {self.where(int(worst), m.shape)}; the drive is "
                        "unphysical or the state has broken down")
                self.step_s = optimal
                continue
            if far is not None:
                self.far_history = (far, dt)
                far = None
            m = moved
            t += dt
            taken += 1
            if dt == self.step_s:
                self.step_s = optimal
        return m, t, taken

    def where(self, flat: int, shape) -> str:
        """The ensemble member, component and cell (index and centre, nm) of a flat index."""
        member, component, *index = np.unravel_index(flat, tuple(shape))
        centre = ", ".join(f"{(i + 0.5) * d * 1e9:g}" for i, d in zip(index, self.cell_m,
                                                                      strict=True))
        return (f"in m_{'xyz'[component]} of cell {tuple(int(i) for i in index)} at "
                f"({centre}) nm, member {member}")

    @staticmethod
    def optimal(dt: float, norm: float) -> float:
        """magnum.np's RKF45 step-size rule."""
        if norm > 1.1:
            scale = max(_HEADROOM / norm ** 0.25, _MIN_SCALE)
        elif norm < 0.5:
            scale = 1.0 if norm == 0 else min(max(_HEADROOM / norm ** 0.2, 1.0), _MAX_SCALE)
        else:
            scale = 1.0
        return min(dt * scale, _MAX_STEP_S)

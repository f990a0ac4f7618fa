r"""Fixed-step stochastic Heun integration of the Langevin LLG at T > 0, for an ensemble.

The thermal field of each cell is white noise with the variance of Brown's
fluctuation-dissipation relation [Brown 1963, Phys. Rev. 130, 1677], as magnum.np's
``ThermalField`` draws it:

.. math:: \langle H^{th}_{i,a}(t) H^{th}_{j,b}(t') \rangle
   = \frac{2 \alpha k_B T}{\gamma_0 \mu_0 M_{s,i} V} \delta_{ij} \delta_{ab} \delta(t - t'),

held constant over a step of length Δt, so that each component is drawn with variance
:math:`2 \alpha k_B T / (\gamma_0 \mu_0 M_{s,i} V \Delta t)`. Here γ0 is the Gilbert
gyromagnetic ratio (:data:`micromag.description.GAMMA`, not γ0 / (1 + α²)) and M_s is the
cell's own, so a cell twice as large sees a field √2 smaller. The field enters the LLG's
precession and damping terms alike (:class:`~.llg.LLG`).

The multiplicative noise is read in Stratonovich's sense, which the Heun predictor-corrector
converges to with one noise draw per step shared by both stages [García-Palacios and Lázaro
1998, Phys. Rev. B 58, 14937]:

.. math:: \tilde m = m_n + \Delta t\, f(m_n, H^{th}_n), \qquad
   m_{n+1} = m_n + \frac{\Delta t}{2} \left[f(m_n, H^{th}_n) + f(\tilde m, H^{th}_n)\right],

then renormalised. Noise is drawn outside any compiled region, from one torch Generator per
ensemble member, reseeded at each protocol segment from (member seed, segment index), and in
blocks whose length depends on the mesh alone: a member's numbers do not depend on who else is
in the ensemble, so an ensemble member equals its own single run. The normal numbers are drawn
in float32 whatever the run's precision (3.5 times faster on a CPU; the Box-Muller tail is cut
at about 5.6 sigma, a probability of 10^-8 per draw).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ... import description
from ..base import SimulationDiverged, derived_seed
from .llg import LLG

_BLOCK_NUMBERS = 1 << 12  # random numbers per member and draw: steps per block = this / cells


class StochasticHeun:
    """Integrates ``llg`` at fixed steps of at most ``step_s`` (s) with each member at its
    ``temperatures_K``; ``seeds`` seed the members' noise. ``compile`` fuses a step with
    ``torch.compile`` (the noise is an input, drawn outside)."""

    def __init__(self, llg: LLG, step_s: float, temperatures_K: np.ndarray, seeds,
                 cell_m: tuple[float, ...], dtype: torch.dtype, compile: bool) -> None:
        self.llg, self.step_s, self.dtype = llg, step_s, dtype
        self.seeds = [int(s) for s in seeds]
        field = llg.field
        device = field.to_field.device
        volume = float(np.prod(cell_m))
        temperature = torch.tensor(np.asarray(temperatures_K, dtype=float),
                                   dtype=torch.float64).reshape(-1, 1, 1, 1, 1)
        ms = field.ms.to(torch.float64)
        alpha = llg.alpha.to(torch.float64)
        variance = torch.where(ms > 0, 2 * alpha * description.K_B * temperature
                               / (description.GAMMA * description.MU0
                                  * torch.where(ms > 0, ms, 1.0) * volume),
                               torch.zeros_like(ms))
        self.sigma_root_s = variance.sqrt().to(dtype)  # sigma * sqrt(dt), A/m s^(1/2)
        self.shape = tuple(field.magnetic.shape)
        cells = int(np.prod(self.shape))
        self.block = max(1, _BLOCK_NUMBERS // (3 * cells))
        self.generators = [torch.Generator(device=device) for _ in self.seeds]
        self.device = device
        self.segment = 0
        self.step = torch.compile(self._step, dynamic=False) if compile else self._step

    def forget(self, m: torch.Tensor) -> None:
        """No state is held between steps."""

    def _step(self, m, je, noise, dt, far, rate):
        """One Heun step of size ``dt`` (0-d tensor, s) with thermal field ``noise`` (A/m);
        ``far`` is the long-range demag at m and ``rate`` its change per second, or None."""
        k1 = self.llg.rhs(m, je, far, noise)
        k2 = self.llg.rhs(m + dt * k1, je, None if far is None else far + rate * dt, noise)
        moved = m + 0.5 * dt * (k1 + k2)
        return moved / moved.norm(dim=1, keepdim=True).clamp_min(1e-30)

    def draws(self, n_steps: int):
        """The standard normal numbers of the next protocol segment, ``n_steps`` steps of one
        (members, 3, nx, ny, nz) each, drawn in blocks of :attr:`block` steps per member."""
        for generator, seed in zip(self.generators, self.seeds, strict=True):
            generator.manual_seed(derived_seed(seed, self.segment))
        buffer = torch.empty((len(self.generators), self.block, 3) + self.shape,
                             dtype=torch.float32, device=self.device)
        done = 0
        while done < n_steps:
            for member, generator in enumerate(self.generators):
                torch.randn((self.block, 3) + self.shape, generator=generator,
                            dtype=torch.float32, device=self.device, out=buffer[member])
            steps = buffer.transpose(0, 1).to(self.dtype).contiguous()
            for i in range(min(self.block, n_steps - done)):
                yield steps[i]
            done += self.block

    def steps(self, m, je, n_steps: int, dt: float):
        """The state after each of ``n_steps`` steps of ``dt`` (s): one protocol segment.

        The long-range demag (FFT, outside the compiled step) is evaluated once per step and
        carried to the corrector along its rate over the previous step, as :class:`~.rkf45.
        RKF45` holds it; the cell's own demag is evaluated at both stages."""
        scale = self.sigma_root_s / math.sqrt(dt)
        dt_tensor = torch.tensor(dt, dtype=self.dtype, device=self.device)
        demag = self.llg.field.demag
        far = rate = previous = None
        for draw in self.draws(n_steps):
            if demag is not None:
                far = demag.h(m) - demag.local(m)
                rate = torch.zeros_like(far) if previous is None else (far - previous) / dt
                previous = far
            m = self.step(m, je, scale * draw, dt_tensor, far, rate)
            yield m
        self.segment += 1

    def advance(self, m, t: float, t_end: float, je):
        """Equal steps (the fewest of at most ``step_s``) from t to t_end, one protocol
        segment; returns m, t and the steps taken."""
        if t_end - t <= 1e-21:  # a readout without time: no step, no noise drawn
            self.segment += 1
            return m, t_end, 0
        n_steps = max(1, math.ceil((t_end - t) / self.step_s - 1e-9))
        for state in self.steps(m, je, n_steps, (t_end - t) / n_steps):
            m = state
        if not bool(torch.isfinite(m).all()):
            raise SimulationDiverged(f"thermal run became NaN by t = {t_end:.4g} s (step "
                                     f"{(t_end - t) / n_steps:.3g} s): shorten "
                                     "thermal_timestep_s")
        return m, t_end, n_steps

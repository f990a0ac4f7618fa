r"""Field terms of the batched engine, one class per term as magnum.np's ``field_terms``, each
with its discretised equation and one method returning its field (A/m) for a state m of shape
(members, 3, nx, ny, nz). Coefficients are per member and cell, 0 outside the magnet; the
terms are magnum.np's term by term (its stencils, its Newell demag kernel, its signs through
:mod:`micromag.description`)."""

from __future__ import annotations

import numpy as np
import torch

from ... import description
from ...description import ProblemDescription


def couplings(values: torch.Tensor, cell: list[float], periodic: str,
              squared: bool) -> list[torch.Tensor | None]:
    """Per axis: the harmonic mean of ``values`` between a cell and its +1 neighbour over the
    spacing (squared for exchange); zero across the magnet's edges and the mesh's open ends."""
    out = []
    for axis, name in enumerate("xyz"):
        dim = axis + 2
        if values.shape[dim] == 1 and name not in periodic:
            out.append(None)
            continue
        nxt = torch.roll(values, -1, dims=dim)
        total = values + nxt
        mean = torch.where(total != 0, 2 * values * nxt / torch.where(total != 0, total, 1),
                           torch.zeros_like(values))
        if name not in periodic:
            mean.narrow(dim, values.shape[dim] - 1, 1).zero_()
        out.append(mean / (cell[axis] ** 2 if squared else cell[axis]))
    return out


class ExchangeField:
    r"""Exchange, magnum.np's ``ExchangeField``:

    .. math:: h_i = \frac{2}{\mu_0 M_{s,i}} \sum_{\pm e} w_{i,\pm e} (m_{i \pm e} - m_i),
       \qquad w = \frac{2 A_i A_{i+e}}{(A_i + A_{i+e})\, \Delta_e^2}

    :meth:`gradient` adds the sum (J/m^3) into a buffer that :class:`EffectiveField` scales by
    2 / (mu0 Ms) once, together with the DMI's."""

    def __init__(self, weights: list[torch.Tensor | None]) -> None:
        self.weights = weights

    def gradient(self, m: torch.Tensor, h: torch.Tensor) -> None:
        for axis, w in enumerate(self.weights):
            if w is None:
                continue
            dim = axis + 2
            w_prev = torch.roll(w, 1, dims=dim)
            h += (w * torch.roll(m, -1, dims=dim) + w_prev * torch.roll(m, 1, dims=dim)
                  - (w + w_prev) * m)


class InterfaceDMIField:
    r"""Interfacial DMI, magnum.np's ``InterfaceDMIField`` with its ``Di`` (minus ubermag's
    Cnv_z D, :attr:`micromag.description.ProblemDescription.magnumnp_D`):

    .. math:: h_i = \frac{2}{\mu_0 M_{s,i}} \sum_{e = x, y} e^{dmi} \times
       \frac{w_{i,+e} m_{i+e} - w_{i,-e} m_{i-e}}{2},
       \qquad e_x^{dmi} = \hat y,\; e_y^{dmi} = -\hat x

    with w the harmonic mean of Di over the spacing; :meth:`gradient` adds into the buffer
    that :class:`EffectiveField` scales."""

    def __init__(self, weights: list[torch.Tensor | None]) -> None:
        self.weights = weights

    def gradient(self, m: torch.Tensor, h: torch.Tensor) -> None:
        for axis, w in enumerate(self.weights[:2]):
            if w is None:
                continue
            dim = axis + 2
            w_prev = torch.roll(w, 1, dims=dim)
            mixed = (w * torch.roll(m, -1, dims=dim) - w_prev * torch.roll(m, 1, dims=dim)) / 2
            if axis == 0:  # e_x^dmi = (0, 1, 0): e x m = (m_z, 0, -m_x)
                h[:, 0:1] += mixed[:, 2:3]
                h[:, 2:3] -= mixed[:, 0:1]
            else:          # e_y^dmi = (-1, 0, 0): e x m = (0, m_z, -m_y)
                h[:, 1:2] += mixed[:, 2:3]
                h[:, 2:3] -= mixed[:, 1:2]


class UniaxialAnisotropyField:
    r"""Uniaxial anisotropy: :math:`h = \frac{2 K_u}{\mu_0 M_s} (m \cdot u)\, u`."""

    def __init__(self, strength: torch.Tensor, axis: torch.Tensor) -> None:
        self.strength, self.axis = strength, axis  # 2 Ku / (mu0 Ms) in A/m; unit axis

    def h(self, m: torch.Tensor) -> torch.Tensor:
        return self.strength * (m * self.axis).sum(dim=1, keepdim=True) * self.axis


class ZeemanField:
    """A uniform applied field (A/m) on the magnet's cells."""

    def __init__(self, field: torch.Tensor, to_field: torch.Tensor) -> None:
        self.field, self.to_field = field, to_field

    def h(self, m: torch.Tensor) -> torch.Tensor:
        return self.field * (self.to_field > 0)


class SpinOrbitTorqueField:
    r"""Spin-orbit torque, magnum.np's ``SpinOrbitTorque``:

    .. math:: h = -\frac{j_e \hbar}{2 e \mu_0 M_s d}
       \left[\eta_{damp}\, m \times p + \eta_{field}\, p\right]

    with its minus sign (:mod:`micromag.description`: ubermag's J is magnum.np's j_e, its p
    minus ubermag's m_p)."""

    def __init__(self, per_current: torch.Tensor, p: torch.Tensor, eta_damp: float,
                 eta_field: float, dtype: torch.dtype) -> None:
        self.per_current, self.p = per_current, p  # hbar / (2 e mu0 Ms d), A/m per A/m^2
        self.eta_damp, self.eta_field, self.dtype = eta_damp, eta_field, dtype

    def h(self, m: torch.Tensor, je: torch.Tensor) -> torch.Tensor:
        scale = (-je).to(self.dtype).reshape(-1, 1, 1, 1, 1) * self.per_current
        return scale * (self.eta_damp * torch.linalg.cross(m, self.p.expand_as(m), dim=1)
                        + self.eta_field * self.p)


class DemagField:
    r"""Demagnetisation: :math:`h = -N * (M_s m)`, the FFT convolution with magnum.np's
    Newell kernel (carried in the problem description). :meth:`local` is the cell's own
    tensor applied to its own moment, the stiff part of thin-film demag."""

    def __init__(self, problem: ProblemDescription, ms: torch.Tensor, dtype: torch.dtype) -> None:
        n = tuple(problem.n)
        self.dims = [i + 2 for i in range(3) if n[i] > 1]
        self.sizes = [problem.demag_padded[i - 2] for i in self.dims]
        self.hat = torch.from_numpy(problem.demag_kernel).to(device=torch.get_default_device(),
                                                             dtype=dtype)
        local = (torch.fft.irfftn(self.hat, s=self.sizes, dim=self.dims) if self.dims
                 else self.hat)
        self.self_tensor = local[(slice(None), slice(None)) + (0,) * (local.dim() - 2)]
        scale = float(self.hat.abs().max())
        self.pairs = [[(b, self.hat[a, b]) for b in range(3)
                       if float(self.hat[a, b].abs().max()) > 1e-12 * scale] for a in range(3)]
        self.ms = ms

    def h(self, m: torch.Tensor) -> torch.Tensor:
        magnetisation = self.ms * m
        if not self.dims:
            return torch.einsum("ab,nb...->na...", self.hat[..., 0, 0, 0], magnetisation)
        spectrum = torch.fft.rfftn(magnetisation, s=self.sizes, dim=self.dims)
        field = torch.stack([sum(n_ab * spectrum[:, b] for b, n_ab in row) if row
                             else torch.zeros_like(spectrum[:, 0]) for row in self.pairs], dim=1)
        field = torch.fft.irfftn(field, s=self.sizes, dim=self.dims)
        return field[..., :m.shape[2], :m.shape[3], :m.shape[4]]

    def local(self, m: torch.Tensor) -> torch.Tensor:
        return torch.einsum("ab,nb...->na...", self.self_tensor, self.ms * m)


class EffectiveField:
    """The sum of the terms of a problem, in magnum.np's order: exchange and DMI (scaled by
    2 / (mu0 Ms) once), anisotropy, applied field, SOT, demag (whole, or held long-range part
    plus local part)."""

    def __init__(self, problems: list[ProblemDescription], dtype: torch.dtype) -> None:
        first = problems[0]
        cell = [float(v) for v in first.cell_m]

        def stack(values):
            return torch.tensor(np.stack(values)[:, None], dtype=dtype)

        ms = np.stack([p.Ms_A_per_m for p in problems])
        magnetic_all = ms > 0
        if not np.all(magnetic_all == magnetic_all[0]):
            raise ValueError("an ensemble's systems must share the magnet's shape (Ms > 0)")
        self.magnetic = torch.from_numpy(magnetic_all[0])  # on the CPU, for the readouts
        with np.errstate(divide="ignore"):
            to_field = np.where(magnetic_all,
                                2.0 / (description.MU0 * np.where(magnetic_all, ms, 1.0)), 0.0)
        self.ms, self.to_field = stack(ms), stack(to_field)
        self.exchange = self.dmi = self.anisotropy = self.zeeman = self.sot = self.demag = None
        for term in first.energy:
            if term == "exchange":
                a = stack([p.A_J_per_m * magnetic_all[0] for p in problems])
                self.exchange = ExchangeField(couplings(a, cell, first.periodic, squared=True))
            elif term == "anisotropy":
                k = stack([p.Ku_J_per_m3 * magnetic_all[0] for p in problems])
                u = np.asarray(first.anisotropy_axis, dtype=float)
                self.anisotropy = UniaxialAnisotropyField(
                    k * self.to_field,
                    torch.tensor(u / np.linalg.norm(u), dtype=dtype).reshape(1, 3, 1, 1, 1))
            elif term == "dmi":
                d = stack([p.magnumnp_D * magnetic_all[0] for p in problems])
                self.dmi = InterfaceDMIField(couplings(d, cell, first.periodic, squared=False))
            elif term == "zeeman":
                h = np.stack([np.asarray(p.H_A_per_m, dtype=float) for p in problems])
                self.zeeman = ZeemanField(
                    torch.tensor(h, dtype=dtype).reshape(len(problems), 3, 1, 1, 1),
                    self.to_field)
            elif term == "demag":
                self.demag = DemagField(first, self.ms, dtype)
        for p in problems:
            if p.has_sot:
                self.sot = SpinOrbitTorqueField(
                    self.to_field * (description.HBAR / (
                        4.0 * description.ELEMENTARY_CHARGE * p.thickness_m)),
                    torch.tensor(p.magnumnp_p, dtype=dtype).reshape(1, 3, 1, 1, 1),
                    p.sot_P, 2.0 * p.sot_eps_prime, dtype)

    def h(self, m: torch.Tensor, je: torch.Tensor, far: torch.Tensor | None) -> torch.Tensor:
        """Effective field (A/m); ``far`` is the held long-range demag, or None."""
        h = torch.zeros_like(m)
        if self.exchange is not None:
            self.exchange.gradient(m, h)
        if self.dmi is not None:
            self.dmi.gradient(m, h)
        h *= self.to_field
        if self.anisotropy is not None:
            h += self.anisotropy.h(m)
        if self.zeeman is not None:
            h += self.zeeman.h(m)
        if self.sot is not None:
            h += self.sot.h(m, je)
        if self.demag is not None:
            h += self.demag.h(m) if far is None else far + self.demag.local(m)
        return h

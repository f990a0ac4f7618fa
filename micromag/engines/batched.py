"""Batched engine: one PyTorch program integrates LLG for an ensemble of Systems on one mesh.

magnum.np holds one state per solver, so sixteen disorder seeds are sixteen sequential runs.
Here the seeds are a leading batch axis of every tensor: one field evaluation, one FFT call and
one adaptive step serve the whole ensemble. The physics is magnum.np's, term by term (same
finite-difference stencils, Newell demag kernel taken from magnum.np itself, same sign
conventions, same RKF45 step control with the error norm taken over the ensemble), so a member
of an ensemble follows the same trajectory as its own magnum.np run to the integrator's
tolerance. What is not translated raises: thermal noise (use ``magnumnp``), non-uniform
anisotropy axes or fields, DMI classes other than Cnv_z.

Two choices make it fast on a CPU:

* fields are written as a few whole-tensor operations per term, with the exchange and DMI
  couplings (harmonic means of A and D between neighbours, zero across the edges of the magnet)
  computed once per run;
* the long-range part of the demag field is evaluated once per accepted step and held over the
  step's stages, while its local part (the cell's own demag tensor, the stiff part of thin-film
  demag) is evaluated at every stage (multiple time stepping, as molecular dynamics does for
  long-range forces). ``demag_every_stage=True`` turns this off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from .. import description
from ..description import ProblemDescription, as_description
from ..protocol import AmplitudeSweep, PotentiationDepression
from .base import Readouts, SimulationDiverged, Trace, drive, readout_currents
from .options import ENGINES, FIRST_STEP_S

# RKF45 (Fehlberg) tableau and magnum.np's step-size control (Numerical Recipes' constants).
_C = (0.0, 1 / 4, 3 / 8, 12 / 13, 1.0, 1 / 2)
_A = ((), (1 / 4,), (3 / 32, 9 / 32), (1932 / 2197, -7200 / 2197, 7296 / 2197),
      (439 / 216, -8.0, 3680 / 513, -845 / 4104),
      (-8 / 27, 2.0, -3544 / 2565, 1859 / 4104, -11 / 40))
_B5 = (16 / 135, 0.0, 6656 / 12825, 28561 / 56430, -9 / 50, 2 / 55)
_B4 = (25 / 216, 0.0, 1408 / 2565, 2197 / 4104, -1 / 5, 0.0)
_HEADROOM, _MIN_SCALE, _MAX_SCALE, _MAX_STEP_S = 0.9, 0.2, 10.0, 1e-10
_FIRST_STEP_S = FIRST_STEP_S


@dataclass
class _Coefficients:
    """Per-cell coefficients of the field terms, shape (members, 1 or 3, nx, ny, nz).

    A term the Systems do not have keeps its empty default and is skipped in the field.
    """

    ms: object                # saturation magnetisation, A/m
    to_field: object          # 2 / (mu0 Ms), 0 outside the magnet, (A/m) per (J/m^3)
    J: object                 # system current density per member (members,), A/m^2
    alpha: object             # Gilbert damping per member
    exchange: list = field(default_factory=list)  # per axis: +1-neighbour coupling, J/m / m^2
    dmi: list = field(default_factory=list)       # per axis: +1-neighbour coupling, J/m^3
    anisotropy: object | None = None  # 2 Ku / (mu0 Ms), A/m
    axis: object | None = None        # anisotropy axis (3,)
    zeeman: object | None = None      # applied field (3,), A/m
    sot: object | None = None         # hbar / (2 e mu0 Ms d) per unit current, A/m per A/m^2
    p: object | None = None           # magnum.np spin polarisation (3,)
    eta_damp: float = 0.0
    eta_field: float = 0.0


class BatchedEngine:
    """Run one System, or an ensemble of Systems on the same mesh, as one batched LLG program.

    Parameters
    ----------
    threads : int
        Torch intra-op threads (large ensembles use both cores of a 2-core machine).
    atol, rtol : float
        RKF45 error tolerances, as magnum.np's.
    dtype : str
        'float64' (magnum.np's) or 'float32'.
    demag_every_stage : bool
        Evaluate the long-range demag at every Runge-Kutta stage instead of once per step.
    compile : bool
        Fuse a step's field and LLG arithmetic with ``torch.compile`` (needs a C++ compiler;
        magnum.np turns ``torch.compile`` into a no-op where it cannot compile).
    min_step_s : float
        Smallest step (s) the RKF45 control may take. A step that must shrink below it to meet
        the tolerance raises :class:`SimulationDiverged` naming the time, the step and the worst
        cell, instead of crawling on: the drive is unphysical (a field of ~10^12 A/m needs
        steps of ~10^-19 s) or the state has broken down. Physical runs here step at
        10^-14 to 10^-12 s.
    """

    name = "batched"

    def __init__(self, **options) -> None:
        self.options = ENGINES[self.name].check(options)

    def run(self, system, protocol: PotentiationDepression | AmplitudeSweep,
            readout: np.ndarray, seed: int, progress: bool = True) -> Trace:
        """Apply ``protocol`` to ``system`` (an ubermag System or its
        :class:`~micromag.description.ProblemDescription`); read mean m_z over the magnetic
        cells of ``readout`` after each pulse."""
        return self.run_ensemble([system], protocol, readout, [seed], progress)[0]

    def run_ensemble(self, systems: Sequence, protocol: PotentiationDepression | AmplitudeSweep,
                     readout: np.ndarray, seeds: Sequence[int],
                     progress: bool = True) -> list[Trace]:
        """One trace per System or description; all share ``protocol`` and the mesh, and step
        together. Descriptions that carry their demag kernel run without ubermag or
        magnum.np."""
        problems = [as_description(s) for s in systems]
        if "demag" in problems[0].energy and problems[0].demag_kernel is None:
            problems[0] = problems[0].with_demag_kernel()
        torch = _import_torch(self.options.threads)
        if len(problems) != len(seeds):
            raise ValueError(f"{len(problems)} systems but {len(seeds)} seeds")
        self._torch = torch
        self._dt = getattr(torch, self.options.dtype)
        self._check_common_mesh(problems)
        self._cell_m = tuple(problems[0].cell_m)
        m, magnetic, coeff = self._translate(problems, torch)
        self._kernel = (self._demag_kernel(problems[0], torch) if "demag" in problems[0].energy
                        else None)
        self._coeff = coeff
        records = [Readouts(np.asarray(readout, dtype=bool), magnetic.numpy()) for _ in systems]
        bar = tqdm(total=sum(seg.read for seg in protocol.segments()), unit="readout",
                   desc=f"{problems[0].name} x{len(problems)} (batched)", disable=not progress)
        self._step_s = _FIRST_STEP_S
        self._hold = self._kernel is not None and not self.options.demag_every_stage
        # before the first step the held demag has no history: a zero rate
        self._far = (torch.zeros_like(m), np.inf)
        self._try_step = (torch.compile(self._try, dynamic=False) if self.options.compile
                          else self._try)
        run = {"m": m, "t": 0.0, "steps": 0}

        def advance(seg) -> None:
            run["m"], run["t"], taken = self._advance(run["m"], run["t"],
                                                      run["t"] + seg.duration_s,
                                                      seg.current_scale * coeff.J)
            run["steps"] += taken

        def restore(written) -> None:
            run["m"] = written.clone()
            self._far = (torch.zeros_like(written), np.inf)

        def read() -> None:
            cells = run["m"].permute(0, 2, 3, 4, 1).double().numpy()
            for record, member in zip(records, cells, strict=True):
                record.add(member, run["t"])
            bar.update()

        drive(protocol, advance, lambda: run["m"].clone(), restore, read)
        bar.close()
        final = run["m"].permute(0, 2, 3, 4, 1).double().numpy()
        version = f"{_magnumnp_version(problems[0])} (batched)"
        return [record.trace(readout_currents(protocol, float(coeff.J[i])), run["steps"],
                             self.name, version, final[i])
                for i, record in enumerate(records)]

    @staticmethod
    def _check_common_mesh(problems: Sequence[ProblemDescription]) -> None:
        first = problems[0]
        for other in problems[1:]:
            if (tuple(other.n) != tuple(first.n) or not np.allclose(other.cell_m, first.cell_m)
                    or other.periodic != first.periodic):
                raise ValueError("an ensemble's systems must share one mesh (n, cell, bc)")
            if other.energy != first.energy:
                raise ValueError("an ensemble's systems must have the same energy terms")

    def _translate(self, problems: Sequence[ProblemDescription], torch):
        """Initial m (members, 3, nx, ny, nz), the magnet mask and the field coefficients."""
        first = problems[0]
        cell = [float(v) for v in first.cell_m]
        periodic = first.periodic
        dt = self._dt

        def stack(values):
            return torch.tensor(np.stack(values)[:, None], dtype=dt)

        ms = np.stack([p.Ms_A_per_m for p in problems])
        magnetic_all = ms > 0
        if not np.all(magnetic_all == magnetic_all[0]):
            raise ValueError("an ensemble's systems must share the magnet's shape (Ms > 0)")
        magnetic = torch.as_tensor(magnetic_all[0])
        with np.errstate(divide="ignore"):
            to_field = np.where(magnetic_all,
                                2.0 / (description.MU0 * np.where(magnetic_all, ms, 1.0)), 0.0)
        coeff = _Coefficients(
            ms=stack(ms), to_field=stack(to_field),
            J=torch.tensor([p.current_density_A_per_m2 for p in problems], dtype=torch.float64),
            alpha=torch.tensor([p.alpha for p in problems], dtype=dt).reshape(-1, 1, 1, 1, 1))
        for term in first.energy:
            if term == "exchange":
                a = stack([p.A_J_per_m * magnetic_all[0] for p in problems])
                coeff.exchange = self._couplings(a, cell, periodic, squared=True)
            elif term == "anisotropy":
                k = stack([p.Ku_J_per_m3 * magnetic_all[0] for p in problems])
                coeff.anisotropy = k * coeff.to_field
                u = np.asarray(first.anisotropy_axis, dtype=float)
                coeff.axis = torch.tensor(u / np.linalg.norm(u), dtype=dt).reshape(1, 3, 1, 1, 1)
            elif term == "dmi":
                d = stack([p.magnumnp_D * magnetic_all[0] for p in problems])
                coeff.dmi = self._couplings(d, cell, periodic, squared=False)
            elif term == "zeeman":
                h = np.stack([np.asarray(p.H_A_per_m, dtype=float) for p in problems])
                coeff.zeeman = torch.tensor(h, dtype=dt).reshape(len(problems), 3, 1, 1, 1)
        for p in problems:
            if p.temperature_K > 0:
                raise NotImplementedError("thermal noise (T > 0) is not in the batched engine; "
                                          "use engine magnumnp")
            if p.has_sot:
                coeff.eta_damp = p.sot_P
                coeff.eta_field = 2.0 * p.sot_eps_prime
                coeff.p = torch.tensor(p.magnumnp_p, dtype=dt).reshape(1, 3, 1, 1, 1)
                coeff.sot = coeff.to_field * (description.HBAR / (
                    4.0 * description.ELEMENTARY_CHARGE * p.thickness_m))
        m = np.stack([p.m0 for p in problems])
        return torch.tensor(m, dtype=dt).permute(0, 4, 1, 2, 3).contiguous(), magnetic, coeff

    def _couplings(self, values, cell, periodic: str, squared: bool) -> list:
        """Per axis: harmonic mean of ``values`` between a cell and its +1 neighbour / spacing."""
        torch = self._torch
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

    def _demag_kernel(self, problem: ProblemDescription, torch):
        """magnum.np's Newell kernel in Fourier space (from the description), its padded
        shape and the cell's own demag tensor."""
        n = tuple(problem.n)
        dims = [i + 2 for i in range(3) if n[i] > 1]
        sizes = [problem.demag_padded[i - 2] for i in dims]
        kernel = torch.from_numpy(problem.demag_kernel).to(self._dt)
        local = torch.fft.irfftn(kernel, s=sizes, dim=dims) if dims else kernel
        self_tensor = local[(slice(None), slice(None)) + (0,) * (local.dim() - 2)]
        scale = float(kernel.abs().max())
        pairs = [[(b, kernel[a, b]) for b in range(3)
                  if float(kernel[a, b].abs().max()) > 1e-12 * scale] for a in range(3)]
        return {"hat": kernel, "pairs": pairs, "dims": dims, "sizes": sizes,
                "self": self_tensor}

    def _demag(self, m):
        """Demag field (A/m) of the ensemble: FFT convolution of Ms m with the Newell kernel."""
        torch = self._torch
        k = self._kernel
        magnetisation = self._coeff.ms * m
        if not k["dims"]:
            return torch.einsum("ab,nb...->na...", k["hat"][..., 0, 0, 0], magnetisation)
        spectrum = torch.fft.rfftn(magnetisation, s=k["sizes"], dim=k["dims"])
        field = torch.stack([sum(n_ab * spectrum[:, b] for b, n_ab in row) if row
                             else torch.zeros_like(spectrum[:, 0]) for row in k["pairs"]], dim=1)
        field = torch.fft.irfftn(field, s=k["sizes"], dim=k["dims"])
        return field[..., :m.shape[2], :m.shape[3], :m.shape[4]]

    def _local_demag(self, m):
        """The cell's own demag tensor applied to its own moment, A/m."""
        return self._torch.einsum("ab,nb...->na...", self._kernel["self"], self._coeff.ms * m)

    def _field(self, m, je, far):
        """Effective field (A/m); ``far`` is the held long-range demag, or None."""
        torch = self._torch
        coeff = self._coeff
        h = torch.zeros_like(m)
        for axis, w in enumerate(coeff.exchange):
            if w is None:
                continue
            dim = axis + 2
            w_prev = torch.roll(w, 1, dims=dim)
            h += (w * torch.roll(m, -1, dims=dim) + w_prev * torch.roll(m, 1, dims=dim)
                  - (w + w_prev) * m)
        for axis, w in enumerate(coeff.dmi[:2]):
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
        h *= coeff.to_field
        if coeff.anisotropy is not None:
            h += coeff.anisotropy * (m * coeff.axis).sum(dim=1, keepdim=True) * coeff.axis
        if coeff.zeeman is not None:
            h += coeff.zeeman * (coeff.to_field > 0)
        if coeff.sot is not None:
            scale = (-je).to(self._dt).reshape(-1, 1, 1, 1, 1) * coeff.sot
            h += scale * (coeff.eta_damp * torch.linalg.cross(m, coeff.p.expand_as(m), dim=1)
                          + coeff.eta_field * coeff.p)
        if self._kernel is not None:
            h += self._demag(m) if far is None else far + self._local_demag(m)
        return h

    def _dm(self, m, je, far):
        """LLG right-hand side dm/dt (1/s), magnum.np's form."""
        torch = self._torch
        alpha = self._coeff.alpha
        gamma = description.GAMMA / (1.0 + alpha ** 2)
        mxh = torch.linalg.cross(m, self._field(m, je, far), dim=1)
        return -gamma * mxh - alpha * gamma * torch.linalg.cross(m, mxh, dim=1)

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
            k.append(dt * self._dm(x, je, held))
        dx = sum(b * ki for b, ki in zip(_B5, k, strict=True) if b)
        error = dx - sum(b * ki for b, ki in zip(_B4, k, strict=True) if b)
        ratio = (error / (self.options.atol + self.options.rtol * m.abs())).abs()
        moved = m + dx
        return (moved / moved.norm(dim=1, keepdim=True).clamp_min(1e-30), ratio.amax(),
                ratio.argmax())

    def _advance(self, m, t: float, t_end: float, je):
        """Adaptive RKF45 from t to t_end; returns m, t and the accepted steps."""
        torch = self._torch
        taken = 0
        far = rate = None
        while t_end - t > 1e-21:
            dt = min(self._step_s, t_end - t)
            if self._hold and far is None:  # once per m: a rejected step retries from it
                far = self._demag(m) - self._local_demag(m)
                rate = (far - self._far[0]) / self._far[1]
            moved, norm, worst = self._try_step(m, je, far, rate,
                                                torch.tensor(dt, dtype=self._dt))
            norm = float(norm)
            # a step so long that the trial overflows is rejected like any other too-long step
            optimal = self._optimal(dt, norm) if np.isfinite(norm) else dt * _MIN_SCALE
            if dt > optimal:
                if optimal < self.options.min_step_s:
                    raise SimulationDiverged(
                        f"RKF45 cannot keep its error within tolerance at t = {t:.4g} s: the "
                        f"step fell to {optimal:.3g} s (minimum {self.options.min_step_s:g} s) "
                        "with "
                        + (f"error {norm:.3g} x tolerance" if np.isfinite(norm)
                           else "a non-finite error")
                        + f", largest {self._where(int(worst), m.shape)}; the drive is "
                        "unphysical or the state has broken down")
                self._step_s = optimal
                continue
            if far is not None:
                self._far = (far, dt)
                far = None
            m = moved
            t += dt
            taken += 1
            if dt == self._step_s:
                self._step_s = optimal
        return m, t, taken

    def _where(self, flat: int, shape) -> str:
        """The ensemble member, component and cell (index and centre, nm) of a flat index."""
        member, component, *index = np.unravel_index(flat, tuple(shape))
        centre = ", ".join(f"{(i + 0.5) * d * 1e9:g}" for i, d in zip(index, self._cell_m,
                                                                      strict=True))
        return (f"in m_{'xyz'[component]} of cell {tuple(int(i) for i in index)} at "
                f"({centre}) nm, member {member}")

    @staticmethod
    def _optimal(dt: float, norm: float) -> float:
        """magnum.np's RKF45 step-size rule."""
        if norm > 1.1:
            scale = max(_HEADROOM / norm ** 0.25, _MIN_SCALE)
        elif norm < 0.5:
            scale = 1.0 if norm == 0 else min(max(_HEADROOM / norm ** 0.2, 1.0), _MAX_SCALE)
        else:
            scale = 1.0
        return min(dt * scale, _MAX_STEP_S)


def _import_torch(threads: int):
    """torch with ``threads`` intra-op threads; magnum.np's default dtype (float64) where
    magnum.np has not set it, so that a run without magnum.np computes the same numbers."""
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    if torch.get_default_device().type == "cpu":
        torch.set_default_device(None)
    return torch


def _magnumnp_version(problem: ProblemDescription) -> str:
    """The magnum.np version whose kernel and constants the run used."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("magnumnp")
    except PackageNotFoundError:
        return problem.kernel_source or "unknown"

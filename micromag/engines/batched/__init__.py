"""Batched engine: one PyTorch program integrates LLG for an ensemble of Systems on one mesh.

magnum.np holds one state per solver, so sixteen disorder seeds are sixteen sequential runs.
Here the seeds are a leading batch axis of every tensor: one field evaluation, one FFT call and
one adaptive step serve the whole ensemble. The physics is magnum.np's, term by term (same
finite-difference stencils, Newell demag kernel taken from magnum.np itself, same sign
conventions, same RKF45 step control with the error norm taken over the ensemble), so a member
of an ensemble follows the same trajectory as its own magnum.np run to the integrator's
tolerance. Above 0 K it integrates the Langevin LLG by fixed-step stochastic Heun
(:mod:`.heun`), each member with its own seeded noise. What is not translated raises:
non-uniform anisotropy axes or fields, DMI classes other than Cnv_z.

It is split as magnum.np is: one class per field term with its equation (:mod:`.terms`), the
LLG right-hand side (:mod:`.llg`), the stochastic Heun integrator and the RKF45 integrator
(:mod:`.rkf45`), which holds the
long-range demag over a step's stages (``demag_every_stage=True`` turns this off). It runs an
ubermag System or its saved :class:`~micromag.description.ProblemDescription`; a description
with its demag kernel runs without ubermag or magnum.np. Each run builds its own terms and
integrator, so one engine object can run twice, or in two threads.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from tqdm.auto import tqdm

from ...description import ProblemDescription, as_description
from ...protocol import AmplitudeSweep, PotentiationDepression
from ..base import Readouts, Trace, drive, import_torch, readout_currents
from ..options import ENGINES


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
    thermal_timestep_s : float
        Fixed step (s) of the stochastic Heun integration above 0 K (:mod:`.heun`).
    device : str
        Torch device: 'cpu' (the default, bit-identical across machines), 'cuda' or 'cuda:N'.
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
        together."""
        problems = [as_description(s) for s in systems]
        if len(problems) != len(seeds):
            raise ValueError(f"{len(problems)} systems but {len(seeds)} seeds")
        _check_common_mesh(problems)
        if "demag" in problems[0].energy and problems[0].demag_kernel is None:
            problems[0] = problems[0].with_demag_kernel()
        torch = import_torch(self.options.threads)
        temperatures = np.array([p.temperature_K for p in problems], dtype=float)
        if np.any(temperatures > 0) and not np.all(temperatures > 0):
            raise ValueError("an ensemble's systems must all be above 0 K or all at 0 K "
                             f"(temperatures {sorted(set(temperatures.tolist()))} K)")
        with torch.device(self.options.device):
            return self._run(torch, problems, protocol, readout, seeds, temperatures, progress)

    def _run(self, torch, problems, protocol, readout, seeds, temperatures,
             progress) -> list[Trace]:
        from .heun import StochasticHeun
        from .llg import LLG
        from .rkf45 import RKF45
        from .terms import EffectiveField

        dtype = getattr(torch, self.options.dtype)
        field = EffectiveField(problems, dtype)
        current = torch.tensor([p.current_density_A_per_m2 for p in problems],
                               dtype=torch.float64)
        alpha = torch.tensor([p.alpha for p in problems], dtype=dtype).reshape(-1, 1, 1, 1, 1)
        cell = tuple(problems[0].cell_m)
        if temperatures[0] > 0:
            integrator = StochasticHeun(LLG(field, alpha), self.options.thermal_timestep_s,
                                        temperatures, seeds, cell, dtype, self.options.compile)
        else:
            integrator = RKF45(LLG(field, alpha), self.options.atol, self.options.rtol,
                               self.options.min_step_s, cell, dtype,
                               hold_demag=not self.options.demag_every_stage,
                               compile=self.options.compile)
        m0 = np.stack([p.m0 for p in problems])
        m = torch.tensor(m0, dtype=dtype).permute(0, 4, 1, 2, 3).contiguous()
        records = [Readouts(np.asarray(readout, dtype=bool), field.magnetic.numpy())
                   for _ in problems]
        bar = tqdm(total=sum(seg.read for seg in protocol.segments()), unit="readout",
                   desc=f"{problems[0].name} x{len(problems)} (batched)", disable=not progress)
        integrator.forget(m)
        run = {"m": m, "t": 0.0, "steps": 0}

        def advance(seg) -> None:
            run["m"], run["t"], taken = integrator.advance(run["m"], run["t"],
                                                           run["t"] + seg.duration_s,
                                                           seg.current_scale * current)
            run["steps"] += taken

        def restore(written) -> None:
            run["m"] = written.clone()
            integrator.forget(written)

        def read() -> None:
            cells = run["m"].permute(0, 2, 3, 4, 1).double().cpu().numpy()
            for record, member in zip(records, cells, strict=True):
                record.add(member, run["t"])
            bar.update()

        drive(protocol, advance, lambda: run["m"].clone(), restore, read)
        bar.close()
        final = run["m"].permute(0, 2, 3, 4, 1).double().cpu().numpy()
        version = f"{_magnumnp_version(problems[0])} (batched)"
        return [record.trace(readout_currents(protocol, float(current[i])), run["steps"],
                             self.name, version, final[i])
                for i, record in enumerate(records)]


def _check_common_mesh(problems: Sequence[ProblemDescription]) -> None:
    first = problems[0]
    for other in problems[1:]:
        if (tuple(other.n) != tuple(first.n) or not np.allclose(other.cell_m, first.cell_m)
                or other.periodic != first.periodic):
            raise ValueError("an ensemble's systems must share one mesh (n, cell, bc)")
        if other.energy != first.energy:
            raise ValueError("an ensemble's systems must have the same energy terms")


def _magnumnp_version(problem: ProblemDescription) -> str:
    """The magnum.np version whose kernel and constants the run used."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("magnumnp")
    except PackageNotFoundError:
        return problem.kernel_source or "unknown"

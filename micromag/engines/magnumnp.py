"""magnum.np engine: translates an ubermag System into magnum.np field terms and integrates LLG.

It runs the neutral problem description (:mod:`micromag.description`, where the sign
conventions between ubermag and magnum.np are written, from running both codes on the same
problem) of the System it is given.

magnum.np's thermal field works only with its default RKF45 solver, which is used here.
"""

from __future__ import annotations

import micromagneticmodel as mm
import numpy as np
from tqdm.auto import tqdm

from ..description import ProblemDescription, as_description
from ..protocol import AmplitudeSweep, PotentiationDepression
from .base import Readouts, Trace, drive, import_torch, readout_currents
from .options import ENGINES


def import_magnumnp(threads: int):
    """``(torch, magnumnp)`` with ``threads`` torch threads and the default-device hook off on CPU.

    ``import magnumnp`` makes its device torch's default device, which routes every torch call
    through a Python hook (about 40 % of a small run's time); on the CPU, where tensors are
    made anyway, the hook is removed.
    """
    torch = import_torch(threads)
    import magnumnp

    if torch.get_default_device().type == "cpu":
        torch.set_default_device(None)
    return torch, magnumnp


class MagnumNPEngine:
    """Run ubermag Systems with magnum.np on the CPU (or a GPU if torch sees one).

    Parameters
    ----------
    threads : int
        Torch intra-op threads; one per simulation is fastest on small meshes.
    atol, rtol : float
        Error tolerances of magnum.np's adaptive RKF45 integrator.
    pbc_images : int
        Images on each side of a periodic axis (the mesh's ``bc``) in the demag field;
        exchange and DMI are periodic along that axis.
    """

    name = "magnumnp"

    def __init__(self, **options) -> None:
        self.options = ENGINES[self.name].check(options)

    def run(self, system: mm.System | ProblemDescription,
            protocol: PotentiationDepression | AmplitudeSweep, readout: np.ndarray, seed: int,
            progress: bool = True) -> Trace:
        """Apply ``protocol`` to ``system`` (an ubermag System or its description) and read
        mean m_z over the magnetic cells of ``readout`` after each pulse."""
        problem = as_description(system)
        torch, mn = import_magnumnp(self.options.threads)
        # magnum.np sets a global torch seed on import; seed afterwards for the thermal field.
        torch.manual_seed(seed)
        state, terms, magnetic, je_holder = self._translate(problem, mn, torch)
        llg = mn.LLGSolver(terms, atol=self.options.atol, rtol=self.options.rtol)
        record = Readouts(readout, magnetic)
        bar = tqdm(total=sum(seg.read for seg in protocol.segments()), unit="readout",
                   desc=f"{problem.name} (magnum.np)", disable=not progress)

        def advance(seg) -> None:
            je_holder["je"] = seg.current_scale * je_holder["J"]
            llg.step(state, seg.duration_s)

        def restore(written) -> None:
            state.m = written.clone()

        def read() -> None:
            record.add(state.m.detach().cpu().numpy(), float(state.t))
            bar.update()

        drive(protocol, advance, lambda: state.m.detach().clone(), restore, read)
        bar.close()
        return record.trace(readout_currents(protocol, je_holder["J"]), int(state._step),
                            self.name, mn.__version__, state.m.detach().cpu().numpy())

    def _translate(self, problem: ProblemDescription, mn, torch):
        """magnum.np state and field terms of ``problem``, term by term in its order."""
        n = tuple(problem.n)
        pbc = tuple(self.options.pbc_images if axis in problem.periodic else 0 for axis in "xyz")
        state = mn.State(mn.Mesh(n, tuple(problem.cell_m), pbc=pbc))
        ms = problem.Ms_A_per_m
        magnetic = problem.magnetic
        mask = magnetic.astype(float)

        def tensor(values):
            return torch.tensor(np.asarray(values, dtype=float))

        material = {"Ms": tensor(ms)}
        terms = []
        for term in problem.energy:
            if term == "exchange":
                material["A"] = tensor(problem.A_J_per_m * mask)
                terms.append(mn.ExchangeField())
            elif term == "anisotropy":
                material["Ku"] = tensor(problem.Ku_J_per_m3 * mask)
                material["Ku_axis"] = tensor(np.asarray(problem.anisotropy_axis, dtype=float))
                terms.append(mn.UniaxialAnisotropyField())
            elif term == "dmi":
                material["Di"] = tensor(problem.magnumnp_D * mask)
                terms.append(mn.InterfaceDMIField())
            elif term == "demag":
                terms.append(mn.DemagField())
            elif term == "zeeman":
                terms.append(mn.ExternalField(tensor(np.asarray(problem.H_A_per_m, dtype=float))))

        je_holder = {"J": 0.0, "je": 0.0}
        material["alpha"] = problem.alpha
        if problem.has_sot:
            je_holder["J"] = problem.current_density_A_per_m2
            material["eta_damp"] = problem.sot_P
            material["eta_field"] = 2.0 * problem.sot_eps_prime
            material["p"] = tensor(problem.magnumnp_p)
            material["d"] = problem.thickness_m
            terms.append(mn.SpinOrbitTorque())
        state.material = material
        state.material["je"] = lambda s: s.Constant(je_holder["je"])
        if problem.temperature_K > 0:
            state.T = problem.temperature_K
            terms.append(mn.ThermalField())
        state.m = tensor(problem.m0)
        return state, terms, magnetic, je_holder

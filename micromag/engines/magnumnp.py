"""magnum.np engine: translates an ubermag System into magnum.np field terms and integrates LLG.

Conventions (ubermag's meaning is what OOMMF computes through oommfc, which passes D and m_p
unchanged; the signs below come from running both codes on the same problem, a test of them
needs an OOMMF installation):

* interfacial DMI: magnum.np's ``InterfaceDMIField`` has the opposite sign to ubermag's
  ``DMI(crystalclass='Cnv_z')`` as OOMMF evaluates it, so ``Di = -D``;
* spin-orbit torque: ubermag's ``Slonczewski(J, mp, P, Lambda=1, eps_prime)`` equals magnum.np's
  ``SpinOrbitTorque`` with ``eta_damp = P``, ``p = -mp``, ``eta_field = 2 eps_prime`` and
  ``je = J``.

magnum.np's thermal field works only with its default RKF45 solver, which is used here.
"""

from __future__ import annotations

import os

import micromagneticmodel as mm
import numpy as np
from tqdm.auto import tqdm

from ..protocol import AmplitudeSweep, PotentiationDepression
from .base import Readouts, Trace, drive, readout_currents
from .options import ENGINES


def import_magnumnp(threads: int):
    """``(torch, magnumnp)`` with ``threads`` torch threads and the default-device hook off on CPU.

    ``import magnumnp`` makes its device torch's default device, which routes every torch call
    through a Python hook (about 40 % of a small run's time); on the CPU, where tensors are
    made anyway, the hook is removed.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    torch.set_num_threads(threads)
    import magnumnp

    if torch.get_default_device().type == "cpu":
        torch.set_default_device(None)
    return torch, magnumnp


def _array(value, shape: tuple[int, ...]) -> np.ndarray:
    """A scalar or discretisedfield Field as an array of ``shape`` (cells, no component axis)."""
    if hasattr(value, "array"):
        return np.asarray(value.array)[..., 0]
    return np.full(shape, float(value))


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

    def run(self, system: mm.System, protocol: PotentiationDepression | AmplitudeSweep,
            readout: np.ndarray, seed: int, progress: bool = True) -> Trace:
        """Apply ``protocol`` to ``system`` and read mean m_z over the magnetic cells of
        ``readout`` after each pulse."""
        torch, mn = import_magnumnp(self.options.threads)
        # magnum.np sets a global torch seed on import; seed afterwards for the thermal field.
        torch.manual_seed(seed)
        state, terms, magnetic, je_holder = self._translate(system, mn, torch)
        llg = mn.LLGSolver(terms, atol=self.options.atol, rtol=self.options.rtol)
        record = Readouts(readout, magnetic)
        bar = tqdm(total=sum(seg.read for seg in protocol.segments()), unit="readout",
                   desc=f"{system.name} (magnum.np)", disable=not progress)

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

    def _translate(self, system: mm.System, mn, torch):
        """magnum.np state and field terms equivalent to ``system``."""
        mesh = system.m.mesh
        n = tuple(int(v) for v in mesh.n)
        cell = tuple(float(v) for v in mesh.cell)
        periodic = str(getattr(mesh, "bc", "") or "")
        pbc = tuple(self.options.pbc_images if axis in periodic else 0 for axis in "xyz")
        state = mn.State(mn.Mesh(n, cell, pbc=pbc))
        ms = _array(system.m.norm, n)
        magnetic = ms > 0
        mask = magnetic.astype(float)

        def tensor(values):
            return torch.tensor(np.asarray(values, dtype=float))

        material = {"Ms": tensor(ms)}
        terms = []
        for term in system.energy:
            if isinstance(term, mm.Exchange):
                material["A"] = tensor(_array(term.A, n) * mask)
                terms.append(mn.ExchangeField())
            elif isinstance(term, mm.UniaxialAnisotropy):
                material["Ku"] = tensor(_array(term.K, n) * mask)
                material["Ku_axis"] = tensor(np.asarray(term.u, dtype=float))
                terms.append(mn.UniaxialAnisotropyField())
            elif isinstance(term, mm.DMI):
                if term.crystalclass != "Cnv_z":
                    raise NotImplementedError(f"DMI crystal class '{term.crystalclass}' is not "
                                              "translated to magnum.np; supported: Cnv_z")
                material["Di"] = tensor(-_array(term.D, n) * mask)
                terms.append(mn.InterfaceDMIField())
            elif isinstance(term, mm.Demag):
                terms.append(mn.DemagField())
            elif isinstance(term, mm.Zeeman):
                terms.append(mn.ExternalField(tensor(np.asarray(term.H, dtype=float))))
            else:
                raise NotImplementedError(f"energy term {type(term).__name__} is not translated "
                                          "to magnum.np")

        je_holder = {"J": 0.0, "je": 0.0}
        for term in system.dynamics:
            if isinstance(term, mm.Damping):
                material["alpha"] = float(term.alpha)
            elif isinstance(term, mm.Precession):
                continue  # magnum.np uses the free-electron gyromagnetic ratio
            elif isinstance(term, mm.Slonczewski):
                je_holder["J"] = float(term.J)
                material["eta_damp"] = float(term.P)
                material["eta_field"] = 2.0 * float(term.eps_prime)
                material["p"] = tensor(-np.asarray(term.mp, dtype=float))
                material["d"] = float(mesh.region.edges[2])
                terms.append(mn.SpinOrbitTorque())
            else:
                raise NotImplementedError(f"dynamics term {type(term).__name__} is not "
                                          "translated to magnum.np")
        state.material = material
        state.material["je"] = lambda s: s.Constant(je_holder["je"])
        if system.T > 0:
            state.T = float(system.T)
            terms.append(mn.ThermalField())

        m = np.asarray(system.m.orientation.array, dtype=float)
        state.m = tensor(m)
        return state, terms, magnetic, je_holder

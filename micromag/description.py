r"""One neutral description of a device problem, which the magnum.np and batched engines both
consume: the mesh, the per-cell coefficients, the field terms, the current and the damping,
in ubermag's meaning (what OOMMF computes through oommfc). Each sign convention between ubermag
and magnum.np is written once, here:

* interfacial DMI: magnum.np's ``InterfaceDMIField`` has the opposite sign to ubermag's
  ``DMI(crystalclass='Cnv_z')``, so magnum.np's ``Di`` is :attr:`ProblemDescription.
  magnumnp_D` = -D;
* spin polarisation: ubermag's ``Slonczewski`` ``mp`` is minus magnum.np's ``SpinOrbitTorque``
  ``p`` for the same torque (:attr:`ProblemDescription.magnumnp_p`), with ``eta_damp = P`` and
  ``eta_field = 2 eps_prime`` (Lambda = 1);
* current direction: ubermag's ``J`` is magnum.np's ``je``, whose SOT field carries a minus
  sign, :math:`h = -\frac{j_e \hbar}{2 e \mu_0 M_s d}(\eta_d\, m \times p + \eta_f\, p)`;
  an engine that writes the field itself applies :math:`-j_e`.

A description saves to one ``.npz`` (arrays plus a JSON header) and loads with NumPy alone, so
the batched engine can run it on a node without ubermag, discretisedfield or VTK (with the
demag kernel computed beforehand, :meth:`ProblemDescription.with_demag_kernel`). OOMMF keeps
taking the ubermag System through oommfc.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinnet.provenance import write_atomic

FORMAT = "spinnet-problem-1"
# magnum.np 2.2.0's constants (magnumnp.common.constants), so that an engine running a
# description without magnum.np integrates the same numbers as magnum.np itself.
MU0 = 1.2566370614e-6      # vacuum permeability, T m / A
GAMMA = 2.21276157e5       # gyromagnetic ratio times mu0, m / (A s)
HBAR = 1.0545718e-34       # J s
ELEMENTARY_CHARGE = 1.602176487e-19  # C
K_B = 1.380648813e-23      # Boltzmann constant, J / K
ENERGY_TERMS = ("exchange", "anisotropy", "dmi", "demag", "zeeman")
_ARRAYS = ("Ms_A_per_m", "m0", "A_J_per_m", "Ku_J_per_m3", "D_J_per_m2", "demag_kernel")


def _cells(value, shape: tuple[int, ...]) -> np.ndarray:
    """A scalar or a discretisedfield Field as an array of ``shape`` (no component axis)."""
    if hasattr(value, "array"):
        return np.asarray(value.array, dtype=float)[..., 0]
    return np.full(shape, float(value))


@dataclass(frozen=True, eq=False)
class ProblemDescription:
    """A device problem: mesh of ``n`` cells of ``cell_m`` (m), periodic along the axes in
    ``periodic``; per-cell ``Ms_A_per_m`` (0 in vacuum) and initial unit ``m0`` (nx, ny, nz, 3);
    the energy terms in the System's order (``energy``, names of :data:`ENERGY_TERMS`) with
    their coefficients (unmasked, as the System gives them); damping ``alpha``; the SOT term
    (``current_density_A_per_m2``, ubermag's ``sot_P``, ``sot_eps_prime``, ``sot_mp``) on a film
    of ``thickness_m``; ``temperature_K``. ``demag_kernel`` optionally holds magnum.np's Newell
    kernel in Fourier space (3, 3, ...) for a run without magnum.np."""

    name: str
    n: tuple[int, int, int]
    cell_m: tuple[float, float, float]
    periodic: str
    Ms_A_per_m: np.ndarray
    m0: np.ndarray
    energy: tuple[str, ...]
    thickness_m: float
    A_J_per_m: np.ndarray | None = None
    Ku_J_per_m3: np.ndarray | None = None
    anisotropy_axis: tuple[float, float, float] | None = None
    D_J_per_m2: np.ndarray | None = None
    H_A_per_m: tuple[float, float, float] | None = None
    alpha: float = 0.0
    current_density_A_per_m2: float = 0.0
    sot_P: float | None = None
    sot_eps_prime: float = 0.0
    sot_mp: tuple[float, float, float] | None = None
    temperature_K: float = 0.0
    demag_kernel: np.ndarray | None = None
    demag_padded: tuple[int, ...] | None = None
    kernel_source: str | None = None

    def __post_init__(self) -> None:
        unknown = [t for t in self.energy if t not in ENERGY_TERMS]
        if unknown:
            raise ValueError(f"problem '{self.name}': energy terms {unknown} are not described "
                             f"(described: {', '.join(ENERGY_TERMS)})")
        if self.Ms_A_per_m.shape != tuple(self.n) or self.m0.shape != tuple(self.n) + (3,):
            raise ValueError(f"problem '{self.name}': Ms {self.Ms_A_per_m.shape} and m0 "
                             f"{self.m0.shape} must match the mesh {tuple(self.n)}")

    @property
    def magnetic(self) -> np.ndarray:
        """Cells that hold material (Ms > 0)."""
        return self.Ms_A_per_m > 0

    @property
    def magnumnp_D(self) -> np.ndarray:
        """magnum.np's ``Di`` (J/m^2): minus ubermag's Cnv_z D."""
        return -self.D_J_per_m2

    @property
    def magnumnp_p(self) -> np.ndarray:
        """magnum.np's spin polarisation ``p``: minus ubermag's ``mp``."""
        return -np.asarray(self.sot_mp, dtype=float)

    @property
    def has_sot(self) -> bool:
        return self.sot_P is not None

    @classmethod
    def from_system(cls, system) -> ProblemDescription:
        """The description of an ubermag System (micromagneticmodel, discretisedfield)."""
        import micromagneticmodel as mm

        mesh = system.m.mesh
        n = tuple(int(v) for v in mesh.n)
        values: dict = {"energy": []}
        for term in system.energy:
            if isinstance(term, mm.Exchange):
                values["energy"].append("exchange")
                values["A_J_per_m"] = _cells(term.A, n)
            elif isinstance(term, mm.UniaxialAnisotropy):
                if hasattr(term.u, "array"):
                    raise NotImplementedError("a non-uniform anisotropy axis is not described")
                values["energy"].append("anisotropy")
                values["Ku_J_per_m3"] = _cells(term.K, n)
                values["anisotropy_axis"] = tuple(float(v) for v in term.u)
            elif isinstance(term, mm.DMI):
                if term.crystalclass != "Cnv_z":
                    raise NotImplementedError(f"DMI crystal class '{term.crystalclass}' is not "
                                              "described; supported: Cnv_z")
                values["energy"].append("dmi")
                values["D_J_per_m2"] = _cells(term.D, n)
            elif isinstance(term, mm.Demag):
                values["energy"].append("demag")
            elif isinstance(term, mm.Zeeman):
                if hasattr(term.H, "array"):
                    raise NotImplementedError("a non-uniform applied field is not described")
                values["energy"].append("zeeman")
                values["H_A_per_m"] = tuple(float(v) for v in term.H)
            else:
                raise NotImplementedError(f"energy term {type(term).__name__} is not described")
        for term in system.dynamics:
            if isinstance(term, mm.Damping):
                values["alpha"] = float(term.alpha)
            elif isinstance(term, mm.Precession):
                continue  # magnum.np's gyromagnetic ratio (GAMMA) is used
            elif isinstance(term, mm.Slonczewski):
                values.update(current_density_A_per_m2=float(term.J), sot_P=float(term.P),
                              sot_eps_prime=float(term.eps_prime),
                              sot_mp=tuple(float(v) for v in term.mp))
            else:
                raise NotImplementedError(f"dynamics term {type(term).__name__} is not "
                                          "described")
        return cls(name=system.name, n=n, cell_m=tuple(float(v) for v in mesh.cell),
                   periodic=str(getattr(mesh, "bc", "") or ""),
                   Ms_A_per_m=_cells(system.m.norm, n),
                   m0=np.asarray(system.m.orientation.array, dtype=float),
                   thickness_m=float(mesh.region.edges[2]), temperature_K=float(system.T),
                   **{**values, "energy": tuple(values["energy"])})

    def with_demag_kernel(self, pbc_images: int = 16) -> ProblemDescription:
        """This description with magnum.np's Newell demag kernel in Fourier space.

        The one place that uses magnum.np's private API (``DemagField._init_N`` and
        ``DemagField._shape``, magnum.np 2.2.0, pinned in pyproject.toml): the kernel and the
        padded FFT shape of a mesh, with ``pbc_images`` images along periodic axes.
        """
        import torch

        from micromag.engines.magnumnp import import_magnumnp

        torch, mn = import_magnumnp(torch.get_num_threads())
        pbc = tuple(pbc_images if axis in self.periodic else 0 for axis in "xyz")
        state = mn.State(mn.Mesh(tuple(self.n), tuple(self.cell_m), pbc=pbc))
        demag = mn.DemagField()
        rows = demag._init_N(state)
        kernel = torch.stack([torch.stack(row) for row in rows]).cpu().numpy()
        return dataclasses.replace(self, demag_kernel=kernel,
                                   demag_padded=tuple(int(v) for v in demag._shape(state)),
                                   kernel_source=mn.__version__)

    def save(self, path: str | Path) -> None:
        """One .npz, written atomically: the arrays and a JSON header of everything else."""
        header = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                  if f.name not in _ARRAYS}
        arrays = {name: getattr(self, name) for name in _ARRAYS
                  if getattr(self, name) is not None}

        def writer(tmp: Path) -> None:
            with open(tmp, "wb") as handle:
                np.savez(handle, header=json.dumps({"format": FORMAT, **header}), **arrays)

        write_atomic(path, writer)

    @classmethod
    def load(cls, path: str | Path) -> ProblemDescription:
        """A saved description; ValueError naming the file if it is not one."""
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                arrays = {name: data[name] for name in _ARRAYS if name in data.files}
        except (OSError, ValueError, KeyError) as err:
            raise ValueError(f"{path}: not a problem description ({err})") from None
        if header.pop("format", None) != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} problem description")
        for key in ("n", "cell_m", "energy", "anisotropy_axis", "H_A_per_m", "sot_mp",
                    "demag_padded"):
            if header.get(key) is not None:
                header[key] = tuple(header[key])
        return cls(**header, **arrays)


def as_description(problem) -> ProblemDescription:
    """``problem`` itself, or the description of an ubermag System."""
    if isinstance(problem, ProblemDescription):
        return problem
    return ProblemDescription.from_system(problem)

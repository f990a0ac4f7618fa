"""What is simulated: a material stack on a Hall-cross track, as one ubermag System."""

from __future__ import annotations

from dataclasses import dataclass

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from .disorder import grain_boundaries, granular_film
from .geometry import HallCrossTrack, magnetic_mask, region_mask
from .material import MaterialStack

GAMMA0 = 2.211e5  # gyromagnetic ratio times mu0 (m / (A s))


@dataclass(frozen=True)
class DomainSynapse:
    r"""Domain-wall synapses of [SpinSN] at simulation scale.

    The film starts magnetised along -z with a reversed (+z) domain of width
    ``domain_width_m`` centred on the track, from the nucleation pad to ``domain_front_x_m``.
    Spin-orbit torque with spin polarisation along y moves its Neel front along x through the
    Hall cross. A domain as wide as the track is the paper's conventional domain-wall synapse;
    a narrower one is its stripe-domain synapse (spin-S), whose side walls, with moments along
    y, feel no damping-like torque, so the stripe lengthens or shortens. A transverse bias field
    ``bias_field_y_A_per_m`` (the paper's -80 Oe) keeps it straight.

    The same track is the paper's domain-wall sigmoid neuron (spin-N): an in-plane field
    ``bias_field_x_A_per_m`` (H_x, along the current) changes the Neel wall's velocity and so
    where the Hall signal rises with pulse amplitude, as does the initial wall position
    ``domain_front_x_m``.
    """

    geometry: HallCrossTrack
    domain_width_m: float
    domain_front_x_m: float
    bias_field_y_A_per_m: float
    temperature_K: float
    bias_field_x_A_per_m: float = 0.0

    def __post_init__(self) -> None:
        g = self.geometry
        if not 0 < self.domain_width_m <= g.track_width_m:
            raise ValueError(f"device field 'domain_width_m' = {self.domain_width_m!r} must lie "
                             f"in (0, track_width_m = {g.track_width_m:g}] m (inside the track)")
        if not g.nucleation_length_m <= self.domain_front_x_m < g.track_length_m:
            raise ValueError(f"device field 'domain_front_x_m' = {self.domain_front_x_m!r} must "
                             f"lie in [nucleation_length_m, track_length_m) = "
                             f"[{g.nucleation_length_m:g}, {g.track_length_m:g}) m")
        if self.temperature_K < 0:
            raise ValueError(f"device field 'temperature_K' = {self.temperature_K!r} must be >= 0")

    def initial_mz(self, mesh: df.Mesh) -> np.ndarray:
        """m_z of the initial state on the mesh cells (+1 domain, -1 film, 0 vacuum)."""
        g = self.geometry
        x, y = (mesh.cells[0][:, None], mesh.cells[1][None, :])
        y_centre = g.hall_arm_length_m + g.track_width_m / 2
        domain = (x <= self.domain_front_x_m) & (np.abs(y - y_centre) <= self.domain_width_m / 2)
        mz = np.where(domain, 1.0, -1.0)[..., None] * np.ones(tuple(mesh.n))
        return np.where(magnetic_mask(mesh), mz, 0.0)

    def system(self, material: MaterialStack, current_density_A_per_m2: float,
               disorder_seed: int) -> mm.System:
        """The device as an ubermag System (see :func:`stack_system`)."""
        mesh = self.geometry.mesh()
        return stack_system("domain_synapse", mesh, magnetic_mask(mesh), self.initial_mz(mesh),
                            material, current_density_A_per_m2,
                            (self.bias_field_x_A_per_m, self.bias_field_y_A_per_m, 0.0),
                            self.temperature_K, disorder_seed)

    def readout_region(self) -> np.ndarray:
        """Cells of the Hall cross (shape ``mesh.n``)."""
        return region_mask(self.geometry.mesh(), "hall_cross")


@dataclass(frozen=True)
class SOTFilm:
    r"""A perpendicular film switched by spin-orbit torque under an in-plane field H_x.

    The multi-state synapse and the ReLU-like neuron of [Cao2023] at simulation
    scale: the film (the Hall cross itself) starts uniformly along -z; a current pulse with H_x
    along it reverses part of the film, by nucleation at the edges (where the DMI tilts the
    moments) and wall motion, so the Hall signal steps up pulse by pulse (synapse) or grows
    with the amplitude of one pulse (neuron). The opposite current reverses it back.
    """

    length_m: float
    width_m: float
    thickness_m: float
    cell_size_m: float
    bias_field_x_A_per_m: float
    temperature_K: float
    decoupled_grains: bool = False

    def __post_init__(self) -> None:
        for name in ("length_m", "width_m", "thickness_m", "cell_size_m"):
            if not getattr(self, name) > 0:
                raise ValueError(f"film field '{name}' = {getattr(self, name)!r} must be > 0")
        for name in ("length_m", "width_m"):
            cells = getattr(self, name) / self.cell_size_m
            if abs(cells - round(cells)) > 1e-6:
                raise ValueError(f"film field '{name}' = {getattr(self, name)!r} must be a whole "
                                 f"number of cells of {self.cell_size_m:g} m")
        if self.temperature_K < 0:
            raise ValueError(f"device field 'temperature_K' = {self.temperature_K!r} must be >= 0")

    def mesh(self) -> df.Mesh:
        """The film, one cell thick; its one subregion ``hall_cross`` is all of it."""
        region = df.Region(p1=(0, 0, 0), p2=(self.length_m, self.width_m, self.thickness_m))
        return df.Mesh(region=region, subregions={"hall_cross": region},
                       cell=(self.cell_size_m, self.cell_size_m, self.thickness_m))

    def system(self, material: MaterialStack, current_density_A_per_m2: float,
               disorder_seed: int) -> mm.System:
        """The film as an ubermag System, starting along -z (see :func:`stack_system`)."""
        mesh = self.mesh()
        magnetic = np.ones(tuple(mesh.n), dtype=bool)
        return stack_system("sot_film", mesh, magnetic, -np.ones(tuple(mesh.n)), material,
                            current_density_A_per_m2, (self.bias_field_x_A_per_m, 0.0, 0.0),
                            self.temperature_K, disorder_seed, self.decoupled_grains)

    def readout_region(self) -> np.ndarray:
        """Every cell: the film is the Hall cross (engines average over its magnetic cells)."""
        return region_mask(self.mesh(), "hall_cross")

    def n_grains(self, material: MaterialStack, disorder_seed: int) -> int:
        """Number of grains of the film drawn from ``disorder_seed`` (its nucleation sites when
        the grains are decoupled)."""
        mesh = self.mesh()
        grains, _ = granular_film(tuple(mesh.n[:2]), self.cell_size_m, material.Ku_J_per_m3,
                                  material.Ku_dispersion, material.grain_size_m, disorder_seed)
        return int(len(np.unique(grains)))


def stack_system(name: str, mesh: df.Mesh, magnetic: np.ndarray, mz: np.ndarray,
                 material: MaterialStack, current_density_A_per_m2: float,
                 field_A_per_m: tuple[float, float, float], temperature_K: float,
                 disorder_seed: int, decoupled_grains: bool = False) -> mm.System:
    """A material stack on ``mesh`` as an ubermag System, with the SOT term at the pulse
    current density.

    ``magnetic`` marks the cells that hold material (the rest is vacuum, Ms = 0) and ``mz``
    their initial m_z (+1 or -1). SOT is written in ubermag's Slonczewski form with
    Lambda = 1, for which epsilon = P / 2 and the damping-like torque is
    gamma hbar J P / (2 e mu0 Ms t) m x (m_p x m): P = |theta_SH| and m_p from
    :func:`spin_polarisation`. The field-like part is eps_prime = ratio * P / 2.
    Anisotropy is granular (Voronoi grains, ``material.grain_size_m``, relative spread
    ``material.Ku_dispersion``) and drawn from ``disorder_seed``; ``decoupled_grains`` makes the
    grain boundaries non-magnetic (one cell wide).
    """
    cell = float(mesh.cell[0])
    grains, ku = granular_film(tuple(mesh.n[:2]), cell, material.Ku_J_per_m3,
                               material.Ku_dispersion, material.grain_size_m, disorder_seed)
    if decoupled_grains:
        magnetic = magnetic & ~grain_boundaries(grains)[..., None]
    ku = np.where(magnetic, ku[..., None], 0.0)
    m0 = np.zeros(tuple(mesh.n) + (3,))
    m0[..., 2] = np.where(magnetic, mz, 0.0)
    ms = df.Field(mesh, nvdim=1, value=np.where(magnetic, material.Ms_A_per_m, 0.0)[..., None])
    m = df.Field(mesh, nvdim=3, value=m0, norm=ms, valid="norm")
    theta = material.spin_hall_angle
    if theta == 0:
        raise ValueError(f"{material.source}: field 'spin_hall_angle' = 0 gives no spin-orbit "
                         "torque; a pulse-driven device needs a value in [-1, 0) or (0, 1]")
    energy = (mm.Exchange(A=material.A_J_per_m)
              + mm.UniaxialAnisotropy(K=df.Field(mesh, nvdim=1, value=ku), u=(0, 0, 1))
              + mm.DMI(D=material.D_J_per_m2, crystalclass="Cnv_z")
              + mm.Demag()
              + mm.Zeeman(H=tuple(float(h) for h in field_A_per_m)))
    dynamics = (mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=material.alpha)
                + mm.Slonczewski(J=current_density_A_per_m2, mp=spin_polarisation(material),
                                 P=abs(theta), Lambda=1,
                                 eps_prime=material.field_like_ratio * abs(theta) / 2))
    system = mm.System(name=name, T=temperature_K)
    system.energy = energy
    system.dynamics = dynamics
    system.m = m
    return system


def spin_polarisation(material: MaterialStack) -> tuple[float, float, float]:
    """Unit spin polarisation m_p of ubermag's Slonczewski term for a current along +x.

    Its in-plane part is the spin Hall polarisation along y, -sign(theta_SH) y, of length
    sqrt(1 - p_z^2); ``material.spin_polarisation_z`` (p_z) tilts it out of plane, towards the
    +z state for a positive current when p_z > 0.
    """
    pz = material.spin_polarisation_z
    return (0.0, float(-np.sign(material.spin_hall_angle) * np.sqrt(1.0 - pz**2)), float(pz))

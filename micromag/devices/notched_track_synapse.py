"""Notched-track domain-wall synapse: the conventional track of [SpinSN] with a row of pinning
sites, so that each pulse moves the wall one site on and a Hall cross over the sites reads one
level per site (N pulses of +J, then N of -J; R_H after each).

The sites are anisotropy notches: V-shaped dips of K_u across the track, one per site,

    K_u(x) = K_u (1 - depth max(0, 1 - |x - x_i| / (pitch / 2))),   x_i the nearest site,

so that the wall energy 4 sqrt(A K_eff) falls linearly into every site and rises to a cusp
half-way to the next: a wall anywhere on the row feels a restoring force towards the nearest
site, and a pulse that leaves it anywhere within half a pitch of the next site lets it settle
there. Local ion irradiation writes such anisotropy profiles, gradients included
(J. H. Franken, H. J. M. Swagten and B. Koopmans, Nat. Nanotechnol. 7, 499 (2012),
doi:10.1038/nnano.2012.111). The wall is written in the first site ("home"), the row's
``count`` further sites lie ahead of it, and the levels are home + count.

Geometric notches are not used and neither are narrow Gaussian dips: on a 4 nm mesh the first
cut into terraces on which the wall rests between notches, and the second leave flat track
between the dips where the wall stops wherever the pulse leaves it (``docs/notes.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import TrackKind


@dataclass(frozen=True)
class PinningSites:
    """The row of anisotropy notches (m): the home site at ``first_x_m`` and ``count`` more,
    ``pitch_m`` apart, each a V-shaped dip of K_u of relative ``depth`` one pitch wide."""

    count: int
    first_x_m: float
    pitch_m: float
    depth: float

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"device field 'notches.count' = {self.count!r} must be >= 1")
        if not self.pitch_m > 0:
            raise ValueError(f"device field 'notches.pitch_m' = {self.pitch_m!r} must be > 0")
        if not 0 < self.depth < 1:
            raise ValueError(f"device field 'notches.depth' = {self.depth!r} must lie in (0, 1)")

    def centres_m(self) -> np.ndarray:
        """x of the home site and of each notch ahead of it (m), along the track."""
        return self.first_x_m + self.pitch_m * np.arange(self.count + 1)

    def ku_scale(self, x_m: np.ndarray) -> np.ndarray:
        """The factor on K_u at positions ``x_m`` (m): 1 - depth at a site, 1 half a pitch
        from every site and off the row."""
        distance = np.abs(x_m[:, None] - self.centres_m()[None, :]).min(axis=1)
        return 1.0 - self.depth * np.clip(1.0 - distance / (self.pitch_m / 2), 0.0, 1.0)


def _notched_track(track, sites: PinningSites):
    """A :class:`~micromag.problem.DomainSynapse` whose K_u carries the notches of ``sites``
    (the class is made here so that the declaration imports no physics)."""
    import discretisedfield as df
    import micromagneticmodel as mm

    from ..problem import DomainSynapse

    @dataclass(frozen=True)
    class NotchedTrack(DomainSynapse):
        sites: PinningSites | None = None

        def system(self, material, current_density_A_per_m2, disorder_seed):
            """The track's System (grains drawn as for every track) with K_u times the
            notches' profile along x; refused where a notch's centre would be in-plane."""
            shape_J_per_m3 = material.Ku_J_per_m3 - material.K_eff_J_per_m3  # mu0 Ms^2 / 2
            deepest = material.K_eff_J_per_m3 / material.Ku_J_per_m3
            if not self.sites.depth < deepest:
                raise ValueError(
                    f"device field 'notches.depth' = {self.sites.depth!r}: at a notch's centre "
                    f"K_u (1 - depth) would fall below mu0 Ms^2 / 2 = {shape_J_per_m3:.3g} J/m^3 "
                    f"of {material.source}, an in-plane spot on the track; use a depth below "
                    f"{deepest:.3f} for this stack")
            system = super().system(material, current_density_A_per_m2, disorder_seed)
            term = system.energy.uniaxialanisotropy
            scale = self.sites.ku_scale(term.K.mesh.cells[0])[:, None, None, None]
            system.energy -= term
            system.energy += mm.UniaxialAnisotropy(
                K=df.Field(term.K.mesh, nvdim=1, value=term.K.array * scale), u=term.u)
            return system

    return NotchedTrack(**vars(track), sites=sites)


class NotchedTrackSynapse(TrackKind):
    name = "notched_track_synapse"
    role = "synapse"
    surrogate = "pulse_curves"
    stream = (6,)
    title = "notched-track synapse"
    citation = "SpinSN"

    def build(self, fields, thickness_m, seed):
        """The track with its wall written in the home site, the notches, and the pulse train;
        refused where a site lies off the track or outside the Hall cross (two sites would then
        read the same R_H)."""
        sites = PinningSites(**fields["notches"])
        g = fields["geometry"]
        centres = sites.centres_m()
        where = f"the sites at {np.round(centres * 1e9, 1).tolist()} nm"
        if not (g["nucleation_length_m"] < centres[0]
                and centres[-1] + sites.pitch_m / 2 <= g["track_length_m"]):
            raise ValueError(f"device field 'notches': {where} and half a pitch beyond them "
                             f"must lie on the track, between nucleation_length_m = "
                             f"{g['nucleation_length_m'] * 1e9:g} nm and track_length_m = "
                             f"{g['track_length_m'] * 1e9:g} nm")
        left = g["hall_center_x_m"] - g["hall_arm_width_m"] / 2
        right = g["hall_center_x_m"] + g["hall_arm_width_m"] / 2
        if not (left - 1e-12 <= centres[0] and centres[-1] <= right + 1e-12):
            raise ValueError(f"device field 'notches': {where} must lie within the Hall cross, "
                             f"x = {left * 1e9:g}-{right * 1e9:g} nm (geometry.hall_center_x_m "
                             "and hall_arm_width_m), or two of them read the same R_H")
        track, protocol = super().build({**fields, "domain_front_x_m": sites.first_x_m},
                                        thickness_m, seed)
        return _notched_track(track, sites), protocol

    def condition(self, trace, fields):
        """The track's condition; then whether the wall rests within one cell of a site at
        every readout (``between sites``) and whether each pulse moves it one site on (+J) or
        back (-J), staying at the row's ends (``not one site per pulse``: a skip or a stall)."""
        condition = super().condition(trace, fields)
        if condition["status"] != "ok":
            return condition
        sites = PinningSites(**fields["notches"])
        cell = fields["geometry"]["cell_size_m"]
        centres = sites.centres_m()
        walls = [wall_position_m(mz, cell) for mz in trace.mz_snapshots]
        reached = [int(np.argmin(np.abs(centres - x))) for x in walls]
        listed = f"sites at {np.round(centres * 1e9, 1).tolist()} nm"
        off = [f"readout {k} at {x * 1e9:.0f} nm"
               for k, (x, i) in enumerate(zip(walls, reached, strict=True))
               if abs(x - centres[i]) > cell]
        if off:
            return {"status": "between sites",
                    "reason": f"the wall rests more than one cell ({cell * 1e9:g} nm) from every "
                              f"site at {', '.join(off)}; {listed}"}
        expected = [reached[0]]
        for sign in np.sign(trace.pulse_sign[1:]):
            expected.append(int(np.clip(expected[-1] + sign, 0, sites.count)))
        if reached != expected:
            return {"status": "not one site per pulse",
                    "reason": f"the wall went through sites {reached} (home = 0), one site per "
                              f"pulse would be {expected}; {listed}"}
        return condition


def wall_position_m(mz: np.ndarray, cell_m: float) -> float:
    """Where the wall rests (m): the length of the written (+z) domain, averaged over the
    track's rows, from an m_z snapshot (cells x, y; vacuum 0)."""
    mz = np.asarray(mz).reshape(mz.shape[0], mz.shape[1], -1)[..., 0]
    rows = np.abs(mz).sum(axis=0) > 0
    rows &= (np.abs(mz) > 0).sum(axis=0) == (np.abs(mz) > 0).sum(axis=0).max()
    return float((mz[:, rows] > 0).sum(axis=0).mean() * cell_m)


KIND = NotchedTrackSynapse()

"""Device geometry: a Hall-cross track on a discretisedfield mesh with named subregions."""

from __future__ import annotations

from dataclasses import dataclass

import discretisedfield as df
import numpy as np


@dataclass(frozen=True)
class HallCrossTrack:
    r"""A track along x with a Hall cross of two arms along y, on one rectangular mesh.

    ::

        y ^          |arm|
          |  ________|   |__________
          | |nucl|   cross          |  track (width w)
          | |____|___     __________|
          |          |   |
          +------------------------------> x

    Cells outside the track and the arms are vacuum (Ms = 0). Subregions of the mesh:
    ``track``, ``hall_arm`` (the arm strip across the whole mesh height), ``hall_cross``
    (their intersection: the anomalous-Hall readout area) and ``nucleation`` (the pad at the
    left end where domains are written).

    Parameters are lengths in metres; ``cell_size_m`` is the in-plane cell edge (dx = dy, as
    magnum.np's interfacial DMI needs) and the film is one cell thick.
    """

    track_length_m: float
    track_width_m: float
    hall_arm_width_m: float
    hall_arm_length_m: float
    hall_center_x_m: float
    nucleation_length_m: float
    thickness_m: float
    cell_size_m: float

    def __post_init__(self) -> None:
        for name in ("track_length_m", "track_width_m", "hall_arm_width_m", "thickness_m",
                     "cell_size_m", "nucleation_length_m"):
            if getattr(self, name) <= 0:
                raise ValueError(f"geometry field '{name}' = {getattr(self, name)!r} must be > 0")
        if self.hall_arm_length_m < 0:
            raise ValueError(f"geometry field 'hall_arm_length_m' = {self.hall_arm_length_m!r} "
                             "must be >= 0")
        half = self.hall_arm_width_m / 2
        if self.nucleation_length_m + self.hall_arm_width_m > self.track_length_m:
            raise ValueError(
                f"geometry field 'track_length_m' = {self.track_length_m!r} must be at least "
                f"nucleation_length_m + hall_arm_width_m = "
                f"{self.nucleation_length_m + self.hall_arm_width_m:g} m, to hold the "
                "nucleation pad and the Hall cross")
        if not (self.nucleation_length_m + half <= self.hall_center_x_m
                <= self.track_length_m - half):
            raise ValueError(
                f"geometry field 'hall_center_x_m' = {self.hall_center_x_m!r} must lie in "
                f"[{self.nucleation_length_m + half:g}, {self.track_length_m - half:g}] m "
                f"(nucleation_length_m + hall_arm_width_m / 2 to track_length_m - "
                "hall_arm_width_m / 2) so that the Hall cross is inside the track and clear of "
                "the nucleation pad")
        for name in ("track_length_m", "track_width_m", "hall_arm_width_m",
                     "hall_arm_length_m", "hall_center_x_m", "nucleation_length_m"):
            cells = getattr(self, name) / self.cell_size_m
            if name != "hall_center_x_m" and abs(cells - round(cells)) > 1e-6:
                raise ValueError(f"geometry field '{name}' = {getattr(self, name)!r} must be a "
                                 f"whole number of cells of {self.cell_size_m:g} m")

    @property
    def height_m(self) -> float:
        """Mesh extent along y: track width plus an arm on each side (m)."""
        return self.track_width_m + 2 * self.hall_arm_length_m

    @property
    def hall_box_m(self) -> tuple[float, float, float, float]:
        """The Hall cross as (x_min, x_max, y_min, y_max) in metres."""
        half = self.hall_arm_width_m / 2
        return (self.hall_center_x_m - half, self.hall_center_x_m + half,
                self.hall_arm_length_m, self.hall_arm_length_m + self.track_width_m)

    def mesh(self) -> df.Mesh:
        """The discretisedfield mesh with the four named subregions."""
        L, H, t = self.track_length_m, self.height_m, self.thickness_m
        y0, y1 = self.hall_arm_length_m, self.hall_arm_length_m + self.track_width_m
        x0 = self.hall_center_x_m - self.hall_arm_width_m / 2
        x1 = self.hall_center_x_m + self.hall_arm_width_m / 2
        subregions = {
            "track": df.Region(p1=(0, y0, 0), p2=(L, y1, t)),
            "hall_arm": df.Region(p1=(x0, 0, 0), p2=(x1, H, t)),
            "hall_cross": df.Region(p1=(x0, y0, 0), p2=(x1, y1, t)),
            "nucleation": df.Region(p1=(0, y0, 0), p2=(self.nucleation_length_m, y1, t)),
        }
        return df.Mesh(region=df.Region(p1=(0, 0, 0), p2=(L, H, t)),
                       cell=(self.cell_size_m, self.cell_size_m, t), subregions=subregions)


def region_mask(mesh: df.Mesh, name: str) -> np.ndarray:
    """Boolean array of shape ``mesh.n`` that is True on the cells of subregion ``name``."""
    mask = np.zeros(tuple(mesh.n), dtype=bool)
    mask[mesh.region2slices(mesh.subregions[name])] = True
    return mask


def magnetic_mask(mesh: df.Mesh) -> np.ndarray:
    """Cells that hold magnetic material: the track and the Hall arms."""
    return region_mask(mesh, "track") | region_mask(mesh, "hall_arm")

"""Granular anisotropy disorder: Voronoi grains with normally distributed Ku."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def voronoi_grains(shape: tuple[int, int], cell_size_m: float, grain_size_m: float,
                   rng: np.random.Generator) -> np.ndarray:
    """Grain index of every cell of an in-plane grid of ``shape`` cells.

    Grain centres are a Poisson point process with one centre per ``grain_size_m``^2 of area;
    every cell belongs to its nearest centre (a Voronoi tessellation), so grains have a mean
    diameter of about ``grain_size_m``.
    """
    nx, ny = shape
    width_m, height_m = nx * cell_size_m, ny * cell_size_m
    n_grains = max(1, rng.poisson(width_m * height_m / grain_size_m**2))
    centres = rng.uniform((0.0, 0.0), (width_m, height_m), size=(n_grains, 2))
    ix, iy = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    cells = np.stack([(ix + 0.5) * cell_size_m, (iy + 0.5) * cell_size_m], axis=-1)
    _, nearest = cKDTree(centres).query(cells.reshape(-1, 2))
    return nearest.reshape(nx, ny)


def granular_film(shape: tuple[int, int], cell_size_m: float, Ku_J_per_m3: float,
                  Ku_dispersion: float, grain_size_m: float,
                  seed: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Grain index and anisotropy K_u (J/m^3) of every cell of a granular film.

    Each grain g draws :math:`K_g = K_u (1 + \sigma \xi_g)`, :math:`\xi_g \sim N(0, 1)`, with
    :math:`\sigma` = ``Ku_dispersion``; values are clipped at zero. The same seed gives the same
    film.
    """
    rng = np.random.default_rng(seed)
    grains = voronoi_grains(shape, cell_size_m, grain_size_m, rng)
    factors = 1.0 + Ku_dispersion * rng.standard_normal(grains.max() + 1)
    return grains, np.clip(Ku_J_per_m3 * factors[grains], 0.0, None)


def granular_anisotropy(shape: tuple[int, int], cell_size_m: float, Ku_J_per_m3: float,
                        Ku_dispersion: float, grain_size_m: float, seed: int) -> np.ndarray:
    """Per-cell anisotropy K_u (J/m^3) of a granular film (see :func:`granular_film`)."""
    return granular_film(shape, cell_size_m, Ku_J_per_m3, Ku_dispersion, grain_size_m, seed)[1]


def grain_boundaries(grains: np.ndarray) -> np.ndarray:
    """Cells whose +x or +y neighbour lies in another grain: one-cell-wide boundaries that
    separate every pair of touching grains."""
    boundary = np.zeros(grains.shape, dtype=bool)
    boundary[:-1, :] |= grains[:-1, :] != grains[1:, :]
    boundary[:, :-1] |= grains[:, :-1] != grains[:, 1:]
    return boundary

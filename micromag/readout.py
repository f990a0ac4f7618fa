"""Device readouts: anomalous Hall signal and domain-front position."""

from __future__ import annotations

import numpy as np


def hall_signal(m: np.ndarray, region: np.ndarray) -> float:
    r"""Normalised anomalous Hall signal: mean :math:`m_z` over the cells of ``region``.

    ``m`` is the unit magnetisation with shape ``region.shape + (3,)``; the Hall resistance is
    :math:`R_H = R_{AHE} \langle m_z \rangle_{region}`, so this is :math:`R_H / R_{AHE}` in
    [-1, 1].
    """
    if m.shape[:-1] != region.shape or m.shape[-1] != 3:
        raise ValueError(f"magnetisation shape {m.shape} does not match region {region.shape}")
    if not region.any():
        raise ValueError("readout region has no cells")
    return float(m[..., 2][region].mean())


def domain_front_x_m(mz: np.ndarray, cell_size_m: float) -> float:
    """Position of the reversed domain's front: right-most +z cell on the track centre line (m).

    ``mz`` is an in-plane m_z map of shape (nx, ny); NaN if no +z cell is left on that line.
    """
    cells = np.flatnonzero(mz[:, mz.shape[1] // 2] > 0)
    return float(cells.max() * cell_size_m) if len(cells) else float("nan")

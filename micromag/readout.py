"""Anomalous Hall readout."""

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

r"""The Landau-Lifshitz-Gilbert right-hand side, magnum.np's form:

.. math:: \frac{dm}{dt} = -\frac{\gamma}{1 + \alpha^2} \left[m \times h
   + \alpha\, m \times (m \times h)\right]

with magnum.np's gyromagnetic ratio (:data:`micromag.description.GAMMA`) and each member's own
damping alpha."""

from __future__ import annotations

import torch

from ... import description
from .terms import EffectiveField


class LLG:
    """dm/dt (1/s) of a state (members, 3, nx, ny, nz) under ``field``."""

    def __init__(self, field: EffectiveField, alpha: torch.Tensor) -> None:
        self.field, self.alpha = field, alpha

    def rhs(self, m: torch.Tensor, je: torch.Tensor, far: torch.Tensor | None,
            thermal: torch.Tensor | None = None) -> torch.Tensor:
        """``far``: the held long-range demag or None; ``thermal``: the thermal field (A/m),
        which enters precession and damping alike (Gilbert form)."""
        alpha = self.alpha
        gamma = description.GAMMA / (1.0 + alpha ** 2)
        h = self.field.h(m, je, far)
        if thermal is not None:
            h = h + thermal
        mxh = torch.linalg.cross(m, h, dim=1)
        return -gamma * mxh - alpha * gamma * torch.linalg.cross(m, mxh, dim=1)

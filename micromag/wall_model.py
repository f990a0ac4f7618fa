r"""One-dimensional (collective-coordinate) model of a DMI-stabilised Néel wall under SOT.

The wall is :math:`\theta(x) = 2 \arctan e^{(x - q)/\Delta}` with width
:math:`\Delta = \sqrt{A / K_\mathrm{eff}}` and in-plane angle :math:`\varphi`. In the thin-film
limit (demag as the local shape anisotropy in :math:`K_\mathrm{eff}`, no wall shape
anisotropy) the steady state of the Thiaville equations driven by the damping-like SOT field
:math:`H_\mathrm{SL} = \hbar \theta_\mathrm{SH} J / (2 e \mu_0 M_s t)` with the DMI field
:math:`H_D = D / (\mu_0 M_s \Delta)` moves at

.. math::
    v = \frac{\pi}{2} \gamma_0 \Delta \frac{H_D}{\sqrt{1 + (\alpha H_D / H_\mathrm{SL})^2}}

(Thiaville et al., EPL 100, 57002 (2012); Emori et al., Nat. Mater. 12, 611 (2013)).
"""

from __future__ import annotations

import math

from scipy.constants import e, hbar, mu_0

GAMMA0 = 2.211e5  # gyromagnetic ratio times mu0 (m / (A s))


def wall_width_m(A_J_per_m: float, K_eff_J_per_m3: float) -> float:
    """Bloch-profile wall width sqrt(A / K_eff) (m)."""
    return math.sqrt(A_J_per_m / K_eff_J_per_m3)


def sot_field_A_per_m(theta_SH: float, J_A_per_m2: float, Ms_A_per_m: float,
                      thickness_m: float) -> float:
    """Damping-like spin-orbit field hbar theta J / (2 e mu0 Ms t) (A/m)."""
    return hbar * theta_SH * J_A_per_m2 / (2 * e * mu_0 * Ms_A_per_m * thickness_m)


def steady_velocity_m_per_s(A_J_per_m: float, K_eff_J_per_m3: float, Ms_A_per_m: float,
                            D_J_per_m2: float, alpha: float, theta_SH: float,
                            J_A_per_m2: float, thickness_m: float) -> float:
    """Speed of the steady SOT-driven Néel wall of the 1D model (m/s, magnitude)."""
    delta = wall_width_m(A_J_per_m, K_eff_J_per_m3)
    h_d = abs(D_J_per_m2) / (mu_0 * Ms_A_per_m * delta)
    h_sl = abs(sot_field_A_per_m(theta_SH, J_A_per_m2, Ms_A_per_m, thickness_m))
    return math.pi / 2 * GAMMA0 * delta * h_d / math.sqrt(1 + (alpha * h_d / h_sl) ** 2)

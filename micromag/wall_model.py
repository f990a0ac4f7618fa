r"""One-dimensional (collective-coordinate) model of a DMI-stabilised Néel wall under SOT.

The wall is :math:`\theta(x) = 2 \arctan e^{(x - q)/\Delta}` with width
:math:`\Delta = \sqrt{A / K_\mathrm{eff}}` and in-plane angle :math:`\varphi`. In the thin-film
limit (demag as the local shape anisotropy in :math:`K_\mathrm{eff}`, no wall shape
anisotropy) the steady state of the Thiaville equations driven by the damping-like SOT field
:math:`H_\mathrm{SL} = \hbar \theta_\mathrm{SH} J / (2 e \mu_0 M_s t)` with the DMI field
:math:`H_D = D / (\mu_0 M_s \Delta)` moves at

.. math::
    v = \frac{\pi}{2} \gamma_0 \Delta \frac{H_\parallel}{\sqrt{1 + (\alpha H_\parallel /
        H_\mathrm{SL})^2}}, \qquad H_\parallel = |H_D| + H_x \operatorname{sign}(m_x),

where an in-plane field :math:`H_x` adds to the DMI field when it is along the wall's Néel
moment :math:`m_x` and subtracts when against it (the x0 knob of 000's spin-N).

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
                            J_A_per_m2: float, thickness_m: float,
                            H_x_along_moment_A_per_m: float = 0.0) -> float:
    """Speed of the steady SOT-driven Néel wall of the 1D model (m/s, magnitude).

    ``H_x_along_moment_A_per_m`` is the in-plane field along the wall's Néel moment (negative
    when against it); the wall keeps its DMI chirality while |H_D| + H_x > 0.
    """
    delta = wall_width_m(A_J_per_m, K_eff_J_per_m3)
    h_par = abs(D_J_per_m2) / (mu_0 * Ms_A_per_m * delta) + H_x_along_moment_A_per_m
    if h_par <= 0:
        raise ValueError(f"H_x_along_moment_A_per_m = {H_x_along_moment_A_per_m:g} reverses the "
                         "wall's chirality (|H_D| + H_x <= 0): the steady state is not this one")
    h_sl = abs(sot_field_A_per_m(theta_SH, J_A_per_m2, Ms_A_per_m, thickness_m))
    return math.pi / 2 * GAMMA0 * delta * h_par / math.sqrt(1 + (alpha * h_par / h_sl) ** 2)

"""Thermal noise on the three engines against equipartition, and seeded.

A 64 × 64 × 2 nm film with exchange and perpendicular anisotropy only (no demag, no current),
held at T. To second order in the tilt each lattice mode k of a cell-discretised film with free
edges holds k_B T / 2 in each transverse component, so the mean tilt is

    <1 - m_z> = (1 / N) sum_k k_B T / (2 V_cell (K + A lambda_k)),

with lambda_k the eigenvalues of the discrete Laplacian (Neumann). The value is wrong if the
Langevin field misses the cell volume, the damping or the temperature.
"""

from __future__ import annotations

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from micromag.engines import get_engine
from micromag.engines.oommf import oommf_unavailable
from micromag.protocol import Segment

MS, A, K, ALPHA = 1.1e6, 1.5e-11, 1.0e6, 0.5
CELL_M, THICKNESS_M, N = 4e-9, 2e-9, 16
K_B = 1.380649e-23
TEMPERATURE_K = 100.0


class Hold:
    """No current: read every ``step_s``, ``n`` times."""

    def __init__(self, step_s: float, n: int) -> None:
        self.items = [Segment(step_s, 0, True)] * n

    def segments(self) -> list[Segment]:
        return self.items


def equipartition_tilt(temperature_K: float) -> float:
    """<1 - m_z> of the film at ``temperature_K``, to second order in the tilt."""
    lam = 4 / CELL_M**2 * np.sin(np.pi * np.arange(N) / (2 * N)) ** 2
    stiffness = K + A * (lam[:, None] + lam[None, :])  # J/m^3
    return float(np.mean(K_B * temperature_K / (2 * CELL_M**2 * THICKNESS_M * stiffness)))


def film(temperature_K: float) -> mm.System:
    mesh = df.Mesh(p1=(0, 0, 0), p2=(N * CELL_M, N * CELL_M, THICKNESS_M),
                   cell=(CELL_M, CELL_M, THICKNESS_M))
    system = mm.System(name="film", T=temperature_K)
    system.energy = mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=ALPHA)
                       + mm.Slonczewski(J=0.0, mp=(0, 1, 0), P=0.3, Lambda=1, eps_prime=0))
    system.m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=MS)
    return system


def hall(engine, temperature_K: float, protocol: Hold, seed: int) -> np.ndarray:
    every_cell = np.ones((N, N, 1), dtype=bool)
    return engine.run(film(temperature_K), protocol, every_cell, seed=seed,
                      progress=False).hall_signal


ENGINES = [
    pytest.param("magnumnp", {"atol": 1e-5, "rtol": 1e-5}, id="magnumnp"),
    pytest.param("batched", {"thermal_timestep_s": 2e-14}, id="batched"),
    pytest.param("oommf", {"threads": 1}, id="oommf", marks=pytest.mark.skipif(
        oommf_unavailable() is not None, reason=str(oommf_unavailable()))),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "options"), ENGINES)
def test_thermal_tilt_follows_equipartition(name, options):
    """The first readout (0.2 ns, ~30 relaxation times) is dropped; five more are averaged."""
    tilt = 1 - hall(get_engine(name, **options), TEMPERATURE_K, Hold(0.2e-9, 6), seed=3)[1:]
    assert np.mean(tilt) == pytest.approx(equipartition_tilt(TEMPERATURE_K), rel=0.1), tilt


@pytest.mark.skipif(oommf_unavailable() is not None, reason=str(oommf_unavailable()))
def test_oommf_thermal_field_is_seeded():
    engine = get_engine("oommf", threads=1)
    short = Hold(0.02e-9, 2)
    warm = hall(engine, TEMPERATURE_K, short, seed=7)
    assert np.array_equal(warm, hall(engine, TEMPERATURE_K, short, seed=7))
    assert not np.allclose(warm, hall(engine, TEMPERATURE_K, short, seed=8))
    assert np.all(warm < 1 - 1e-4)

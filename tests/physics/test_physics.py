"""Engines against analytic micromagnetics: Néel wall profile, chirality, 1D model (magnum.np), and
the neuron's rising point against the 1D model's trend (the compiled batched engine).

A straight wall in a strip that is periodic along the wall (y), one cell wide and thick, with
demag taken as the thin-film shape anisotropy in K_eff: the geometry where the 1D model holds.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest
from scipy.optimize import curve_fit

from micromag.engines import get_engine
from micromag.protocol import AmplitudeSweep, Segment
from micromag.wall_model import GAMMA0, steady_velocity_m_per_s, wall_width_m

MS, A, KU, ALPHA, THETA, T = 1.1e6, 1.5e-11, 1.0e6, 0.3, 0.3, 1e-9
K_EFF = KU - 0.5 * 4e-7 * np.pi * MS**2
CELL = 2e-9  # dx = dy (magnum.np's interface DMI uses dx for both); Delta = 3.9 cells


class Steps:
    """Relax for ``relax_s`` (no current), then read every ``step_s`` for ``n`` steps at
    current sign ``sign``."""

    def __init__(self, step_s: float, n: int, sign: int, relax_s: float = 0.5e-9) -> None:
        self.items = [Segment(relax_s, 0, True)] + [Segment(step_s, sign, True)] * n

    def segments(self) -> list[Segment]:
        return self.items


def strip(D: float, J: float, length_m: float, wall_x_m: float, up_left: bool = True):
    """A wall at ``wall_x_m`` in a strip periodic along y; m_z = +1 left of it if ``up_left``."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(length_m, CELL, T), cell=(CELL, CELL, T), bc="y")
    sign = 1.0 if up_left else -1.0
    delta = wall_width_m(A, K_EFF)

    def profile(point):  # wall plane in between Bloch and Néel: D has to pick the chirality
        theta = 2 * np.arctan(np.exp((point[0] - wall_x_m) / delta))
        return (0.5 * np.sin(theta), 0.87 * np.sin(theta), sign * np.cos(theta))

    system = mm.System(name="strip")
    system.energy = (mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K_EFF, u=(0, 0, 1))
                     + mm.DMI(D=D, crystalclass="Cnv_z"))
    system.dynamics = (mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=ALPHA)
                       + mm.Slonczewski(J=J, mp=(0, -1, 0), P=THETA, Lambda=1, eps_prime=0))
    system.m = df.Field(mesh, nvdim=3, value=profile, norm=MS)
    return system, mesh


def run(system, mesh, step_s, n, sign=1):
    everything = np.ones(tuple(mesh.n), dtype=bool)
    return get_engine("magnumnp", threads=1).run(system, Steps(step_s, n, sign), everything,
                                                  seed=0, progress=False)


@pytest.mark.slow
@pytest.mark.parametrize("D", [0.5e-3, -0.5e-3])
def test_static_neel_wall_has_the_analytic_width_and_the_chirality_of_D(D):
    length = 256e-9
    system, mesh = strip(D, 0.0, length, length / 2)
    trace = run(system, mesh, 0.5e-9, 1, sign=0)
    m = trace.extra["m"]
    x = mesh.cells[0]
    mz, mx, my = m[:, 0, 0, 2], m[:, 0, 0, 0], m[:, 0, 0, 1]
    (centre, width), _ = curve_fit(lambda x, q, w: -np.tanh((x - q) / w), x, mz,
                                   p0=(length / 2, 5e-9))
    assert width == pytest.approx(wall_width_m(A, K_EFF), rel=0.10)
    at_centre = np.argmin(np.abs(x - centre))
    # ubermag's Cnv_z energy D (m . grad m_z - m_z div m) is -D cos(phi) dtheta/dx along a wall:
    # an up-down wall (dtheta/dx > 0) has m_x of the sign of D, and no m_y (Néel, not Bloch)
    assert np.sign(mx[at_centre]) == np.sign(D)
    assert abs(mx[at_centre]) > 0.95 and abs(my[at_centre]) < 0.05


@pytest.mark.slow
@pytest.mark.parametrize("J", [1.0e11, 3.0e11])
def test_sot_wall_velocity_follows_the_1d_model(J):
    D, length, start = 0.5e-3, 512e-9, 400e-9
    steps, step_s = 8, 0.25e-9
    expected = steady_velocity_m_per_s(A, K_EFF, MS, D, ALPHA, THETA, J, T)
    speeds = []
    for up_left in (True, False):
        system, mesh = strip(D, J, length, start, up_left)
        trace = run(system, mesh, step_s, steps)
        sign = 1.0 if up_left else -1.0
        position = length * (sign * trace.hall_signal + 1) / 2  # from mean m_z
        late = slice(2, None)  # after the transient of ~0.5 ns
        speeds.append(np.polyfit(trace.time_s[late], position[late], 1)[0])
    # both walls of one chirality move the same way under the spin-Hall torque
    assert np.sign(speeds[0]) == np.sign(speeds[1]) != 0
    assert abs(speeds[0]) == pytest.approx(expected, rel=0.15)
    assert abs(speeds[1]) == pytest.approx(expected, rel=0.15)


def neuron_x0(hx_A_per_m, wall_x_m):
    """Rising point (A/m^2): the pulse current density after which the wall rests at the centre
    of a 16 nm window at 72-88 nm (Hall signal 0, the midpoint of Eq. 2's rise), one 0.5 ns
    pulse per amplitude, each from the written state (the spin-N protocol). The wall is
    up-down with theta_SH > 0, so the current pushes it along -x, into the window."""
    # 0.4e11 A/m^2 apart, below the speeds where the wall precesses; at 1.2e11 no wall of the
    # test reaches the window yet (Hall signal > 0.98)
    amplitudes = np.linspace(1.2e11, 4.0e11, 8)
    system, mesh = strip(0.5e-3, float(amplitudes.max()), 256e-9, wall_x_m)
    system.energy += mm.Zeeman(H=(hx_A_per_m, 0.0, 0.0))
    x = mesh.cells[0]
    window = ((x > 72e-9) & (x < 88e-9))[:, None, None]
    sweep = AmplitudeSweep(tuple(amplitudes), 0.5e-9, 0.5e-9, reset="always")
    # the compiled batched engine, as the default config runs the synapses (it follows magnum.np
    # through a pulse train in test_batched_engine): 53 s for the four sweeps against 329 s
    engine = get_engine("batched", threads=1, compile=True)
    trace = engine.run(system, sweep, window, seed=0, progress=False)
    hall = trace.hall_signal[1:]
    assert hall[0] > 0.9 and hall[-1] < 0.0, hall  # the wall is past the window's centre
    assert np.all(np.diff(hall) < 0.01), hall  # a larger pulse takes the wall further
    return float(np.interp(0.0, hall[::-1], amplitudes[::-1]))


@pytest.mark.slow
def test_neuron_rising_point_moves_with_the_in_plane_field_and_the_wall_position():
    # D > 0: the up-down wall's Néel moment is along +x, so H_x > 0 adds to the DMI field and
    # raises the wall's saturation speed (1D model): the Hall signal rises at a lower current.
    # H_x < 0 lowers it; a wall written closer to the window needs a smaller current.
    v_sat = [steady_velocity_m_per_s(A, K_EFF, MS, 0.5e-3, ALPHA, THETA, 1e13, T, h)
             for h in (-1e4, 0.0, 4e4)]
    assert v_sat[0] < v_sat[1] < v_sat[2]
    base = neuron_x0(0.0, 120e-9)
    along = neuron_x0(4e4, 120e-9)
    against = neuron_x0(-1e4, 120e-9)
    closer = neuron_x0(0.0, 112e-9)
    assert along < 0.9 * base and against > 1.1 * base, (against, base, along)
    assert closer < 0.9 * base, (closer, base)

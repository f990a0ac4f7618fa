"""muMAG standard problem 4 through the ubermag -> magnum.np translation.

The problem is micromagnetictests' ``stdprob4`` (the same System, mesh and field); that test
drives an ubermag calculator's MinDriver and TimeDriver, which the magnum.np path does not
have, so here the s-state is relaxed by a strongly damped LLG run and the switching is the same
1 ns of LLG at alpha = 0.02, read every 5 ps. The checks are micromagnetictests' own eye-norm
bounds on <m_y>, and the published reference's reversal of m_x within the nanosecond.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from micromag.engines import get_engine
from micromag.protocol import Segment

MS, A = 8e5, 1.3e-11
MESH = df.Mesh(region=df.Region(p1=(0, 0, 0), p2=(500e-9, 125e-9, 3e-9)),
               cell=(5e-9, 5e-9, 3e-9))


class Reads:
    """``n`` readouts ``step_s`` apart with no current (the protocol of a TimeDriver)."""

    def __init__(self, step_s: float, n: int) -> None:
        self.items = [Segment(step_s, 0.0, True)] * n

    def segments(self) -> list[Segment]:
        return self.items


def system(m, alpha: float, field_A_per_m=None) -> mm.System:
    out = mm.System(name="stdprob4")
    out.energy = mm.Exchange(A=A) + mm.Demag()
    if field_A_per_m is not None:
        out.energy += mm.Zeeman(H=field_A_per_m)
    out.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=alpha)
    out.m = df.Field(MESH, nvdim=3, value=m, norm=MS)
    return out


@pytest.mark.slow
def test_standard_problem_4_switches_like_the_reference():
    engine = get_engine("magnumnp", threads=1, atol=1e-6, rtol=1e-6)
    everything = np.ones(tuple(MESH.n), dtype=bool)
    relaxed = engine.run(system((1, 0.25, 0.1), alpha=0.5), Reads(1e-9, 3), everything, seed=0,
                         progress=False)
    s_state = relaxed.extra["m"].astype(float)
    # the s-state: magnetised along +x, ends bent along y, and at rest
    assert relaxed.mean_m[-1][0] > 0.95
    assert np.allclose(relaxed.mean_m[-1], relaxed.mean_m[-2], atol=1e-4)

    field = (-24.6e-3 / mm.consts.mu0, 4.3e-3 / mm.consts.mu0, 0.0)
    switching = engine.run(system(s_state, alpha=0.02, field_A_per_m=field), Reads(5e-12, 200),
                           everything, seed=0, progress=False)
    t, m = switching.time_s - switching.time_s[0] + 5e-12, switching.mean_m
    assert t[-1] == pytest.approx(1e-9)
    my = m[:, 1]
    # micromagnetictests' stdprob4 eye-norm bounds
    assert 0.7 < my.max() < 0.8
    assert -0.5 < my.min() < -0.4
    # the reference: m_x has reversed by the end of the nanosecond
    assert m[-1, 0] < -0.8

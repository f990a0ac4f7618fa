"""The conventional domain-wall synapse of 000_b80c2bbb1e406ce7.txt: magnetic Hall arms pin it.

Where the wall enters the Hall cross, magnetic arms lengthen it (track width plus both arms), so
the pulse that moves it along the bare track no longer pushes it in: the depinning at the Hall
terminals that makes the paper's conventional-DW trace nonlinear (its Fig. 2c).
"""

from __future__ import annotations

import numpy as np
import pytest

from micromag.engines import get_engine
from micromag.geometry import HallCrossTrack
from micromag.material import MaterialStack
from micromag.problem import DomainSynapse
from micromag.protocol import PotentiationDepression
from micromag.readout import domain_front_x_m

CELL_M = 4e-9
CROSS_M = (128e-9, 192e-9)  # x extent of the Hall cross
# Five 0.2 ns pulses of 3e11 A/m^2, each read after 0.5 ns: about 30 nm a pulse on a bare track.
PROTOCOL = PotentiationDepression(3e11, 0.2e-9, 0.5e-9, 5, 0)


def run(material: MaterialStack, arm_length_m: float):
    """Hall signal and wall position (m) after each pulse, on a 256 x 64 nm W/CoFeB(0.8) track."""
    geometry = HallCrossTrack(track_length_m=256e-9, track_width_m=64e-9,
                              hall_arm_width_m=CROSS_M[1] - CROSS_M[0],
                              hall_arm_length_m=arm_length_m, hall_center_x_m=sum(CROSS_M) / 2,
                              nucleation_length_m=16e-9,
                              thickness_m=material.ferromagnet_thickness_m, cell_size_m=CELL_M)
    device = DomainSynapse(geometry, 64e-9, 96e-9, -6366.0, 0.0)
    trace = get_engine("batched", compile=True).run(
        device.system(material, PROTOCOL.current_density_A_per_m2, disorder_seed=1), PROTOCOL,
        device.readout_region(), seed=1, progress=False)
    centre = int(round((arm_length_m + 32e-9) / CELL_M))
    fronts = [domain_front_x_m(mz[:, centre - 1:centre + 1], CELL_M) for mz in trace.mz_snapshots]
    return trace.hall_signal, np.array(fronts)


@pytest.mark.slow
def test_magnetic_hall_arms_stop_the_wall_that_crosses_a_bare_track(repo):
    material = MaterialStack.from_yaml(repo / "config/materials/W_CoFeB0.8_MgO.yaml")
    bare_hall, bare_front = run(material, 0.0)
    arms_hall, arms_front = run(material, 16e-9)
    assert bare_front[-1] > CROSS_M[1], f"no arms: the wall stopped at {bare_front * 1e9} nm"
    assert bare_hall[-1] > 0.8, f"no arms: Hall signal {bare_hall}"
    assert arms_front.max() < CROSS_M[0] + 2 * CELL_M, (
        f"magnetic arms: the wall entered the cross ({arms_front * 1e9} nm)")
    assert arms_hall[-1] < -0.8, f"magnetic arms: Hall signal {arms_hall}"
    assert arms_front[1] > arms_front[0], "magnetic arms: the wall did not move up to the cross"

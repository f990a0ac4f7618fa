"""The operating-point search on a real domain-wall synapse finds a real boundary: at 0.8 of
the operating current the wall does not cross the Hall cross in N pulses; a current that moves
a free wall N / (N - 1) times faster (with 10 % margin for the pinning) switches the cross
before the N-th pulse, or runs the wall off the track. For N = 5 that factor is 1.25 x 1.1."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from micromag.devices import REGISTRY
from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.operating import SearchSettings, crossing_progress, search_current
from micromag.stage import build_device

# a 256 nm track with a 64 nm Hall cross at 160 nm, the wall written 16 nm before it
SHORT_TRACK = {"track_length_m": 256e-9, "track_width_m": 64e-9, "hall_arm_width_m": 64e-9,
               "hall_arm_length_m": 0.0, "hall_center_x_m": 160e-9,
               "nucleation_length_m": 32e-9, "cell_size_m": 4e-9}


@pytest.mark.slow
def test_the_operating_current_is_a_boundary(repo):
    section = yaml.safe_load((repo / "config/config.yaml").read_text())["micromag"]
    fields = dict(section["devices"]["synapse"], geometry=SHORT_TRACK, domain_width_m=64e-9,
                  domain_front_x_m=112e-9)
    fields["protocol"] = dict(fields["protocol"], n_pulses=3)
    for key in ("kind", "materials", "variants", "engine", "disorder_seeds", "operating_point"):
        fields.pop(key, None)
    material = MaterialStack.from_yaml(repo / "config/materials/W_CoFeB1.2_MgO.yaml")
    device, protocol = build_device("domain_wall_synapse", fields,
                                    material.ferromagnet_thickness_m)
    forward = dataclasses.replace(protocol, n_depression=0)
    engine = get_engine("batched", compile=False)
    kind = REGISTRY["domain_wall_synapse"]

    def run(j):
        trace = engine.run(device.system(material, j, disorder_seed=1),
                           dataclasses.replace(forward, current_density_A_per_m2=j),
                           device.readout_region(), seed=1, progress=False)
        return crossing_progress(trace.hall_signal), kind.condition(trace, fields)["status"]

    def evaluate(j):
        from micromag.operating import Evaluation

        progress, condition = run(j)
        return Evaluation(j, float(progress[3]), float(progress[2]), condition)

    found = search_current(evaluate, 4e11, SearchSettings(tolerance=0.1))
    assert found.status == "ok", found.reason
    j_op = found.current_density_A_per_m2
    assert 1e11 < j_op < 2e12
    low, low_condition = run(0.8 * j_op)
    assert low[3] < 0.95 and low_condition == "ok"  # too few states, or pinned
    high, high_condition = run(1.1 * 3 / 2 * j_op)
    assert high[2] >= 0.95 or high_condition == "left the track", high  # saturates before N

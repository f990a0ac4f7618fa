"""The operating-point search on a real domain-wall synapse finds a real boundary: at 0.8 of
the operating current the wall does not cross the Hall cross in N pulses; a current that moves
a free wall N / (N - 1) times faster (with 10 % margin for the pinning) switches the cross
before the N-th pulse, or runs the wall off the track. For N = 5 that factor is 1.25 x 1.1.

The search keeps its last simulation, the whole protocol at the operating current, and the
simulate stage reads it instead of running it again: the trace file is the same, array for
array, as a fresh simulation of that seed; another seed or current is simulated."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import yaml

from micromag.devices import REGISTRY
from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.operating import crossing_progress
from micromag.stage import _searched_run, build_device, find_operating_point, simulate
from micromag.traces import TraceFile

# a 256 nm track with a 64 nm Hall cross at 160 nm, the wall written 16 nm before it
SHORT_TRACK = {"track_length_m": 256e-9, "track_width_m": 64e-9, "hall_arm_width_m": 64e-9,
               "hall_arm_length_m": 0.0, "hall_center_x_m": 160e-9,
               "nucleation_length_m": 32e-9, "cell_size_m": 4e-9}
ENGINE = {"name": "batched", "options": {"threads": 1, "compile": True}}
SEED = 1


@pytest.mark.slow
def test_the_operating_current_is_a_boundary(repo, tmp_path):
    section = yaml.safe_load((repo / "config/config.yaml").read_text())["micromag"]
    config = {k: v for k, v in section["devices"]["synapse"].items()
              if k not in ("kind", "materials", "variants", "disorder_seeds")}
    config |= {"geometry": SHORT_TRACK, "domain_width_m": 64e-9, "domain_front_x_m": 112e-9,
               "engine": ENGINE}
    config["protocol"] = dict(config["protocol"], n_pulses=3)
    config["operating_point"] = dict(config["operating_point"], tolerance=0.1)
    material_path = repo / "config/materials/W_CoFeB1.2_MgO.yaml"
    material = MaterialStack.from_yaml(material_path)
    device, protocol = build_device("domain_wall_synapse", config,
                                    material.ferromagnet_thickness_m)
    forward = dataclasses.replace(protocol, n_depression=0)
    engine = get_engine("batched", compile=True)
    kind = REGISTRY["domain_wall_synapse"]

    run = {"name": "synapse", "kind": "domain_wall_synapse", "config": config, "point": {}}
    found = find_operating_point(run, ENGINE, material_path, seed=SEED,
                                 path=tmp_path / "op.json", run_path=tmp_path / "op_run.npz")
    assert found["status"] == "ok", found["reason"]
    j_op = found["current_density_A_per_m2"]
    assert 1e11 < j_op < 2e12

    def reached(j):
        trace = engine.run(device.system(material, j, disorder_seed=SEED),
                           dataclasses.replace(forward, current_density_A_per_m2=j),
                           device.readout_region(), seed=SEED, progress=False)
        return crossing_progress(trace.hall_signal), kind.condition(trace, config)["status"]

    low, low_condition = reached(0.8 * j_op)
    assert low[3] < 0.95 and low_condition == "ok"  # too few states, or pinned
    high, high_condition = reached(1.1 * 3 / 2 * j_op)
    assert high[2] >= 0.95 or high_condition == "left the track", high  # saturates before N

    def stage(name, operating_run):
        meta = simulate(run, ENGINE, material_path, SEED, tmp_path / f"{name}.npz",
                        tmp_path / f"{name}.png", progress=False,
                        operating_point=tmp_path / "op.json", operating_run=operating_run)
        return meta, TraceFile.read(tmp_path / f"{name}.npz")

    read_meta, read = stage("read", tmp_path / "op_run.npz")
    fresh_meta, fresh = stage("fresh", None)
    assert "simulated_by" in read_meta["drive"] and "simulated_by" not in fresh_meta["drive"]
    assert len(read.hall_signal) == 7  # the whole protocol, 3 pulses each way
    for name, value in read.arrays().items():
        np.testing.assert_array_equal(value, fresh.arrays()[name], err_msg=name)
    assert read_meta["steps"] == fresh_meta["steps"]
    at_op = dataclasses.replace(protocol, current_density_A_per_m2=j_op)
    assert _searched_run(tmp_path / "op_run.npz", at_op, ENGINE, SEED) is not None
    assert _searched_run(tmp_path / "op_run.npz", at_op, ENGINE, SEED + 1) is None
    slower = dataclasses.replace(at_op, current_density_A_per_m2=0.9 * j_op)
    assert _searched_run(tmp_path / "op_run.npz", slower, ENGINE, SEED) is None

"""The variation table: a thermal synapse's C2C and D2D from its surrogate record, scaled to
[Cao2023]'s read area by 1 / sqrt(area), beside 001's measured row."""

import csv
import math

import numpy as np
import pytest

from report.variation import CAO2023_AREA_M2, write_variation_table
from surrogate.stage import fit_devices
from surrogate.traces import branches


def thermal_devices(rng):
    """Two devices of 4 + 4 pulses, 3 noisy cycles each (an exponential-like curve)."""
    signs = np.r_[0, np.ones(4), -np.ones(4)]
    base = np.array([-1.0, -0.3, 0.3, 0.7, 1.0, 0.5, 0.0, -0.6, -1.0])
    devices, cycles = [], []
    for scale in (1.0, 0.9):
        runs = [np.clip(scale * base + rng.normal(0, 0.05, base.size), -1, 1) for _ in range(3)]
        devices.append(branches(np.mean(runs, axis=0), signs))
        cycles.append([branches(run, signs) for run in runs])
    return devices, cycles


def test_a_thermal_synapse_row_and_its_scaling_to_cao2023s_cross(tmp_path):
    devices, cycles = thermal_devices(np.random.default_rng(3))
    sources = [{"path": f"synapse_300K_seed{i}.npz", "temperature_K": 300, "thermal_cycles": 3}
               for i in range(2)]
    record = fit_devices(devices, sources, tmp_path / "s.json", tmp_path / "s.png",
                         noisy=True, cycles=cycles)
    assert record["status"] == "ok", record.get("reason")
    area = 64e-9 * 64e-9
    rows = write_variation_table([("synapse_300K", "W_CoFeB1.2_MgO", area)],
                                 [tmp_path / "s.json"], tmp_path / "v.csv")
    ours, cao = rows
    c2c = record["variation"]["c2c"]["potentiation"]
    assert float(ours["c2c_p"]) == pytest.approx(c2c, rel=1e-2) and c2c > 0
    assert float(ours["c2c_p_at_Cao2023_area"]) == pytest.approx(
        c2c * math.sqrt(area / CAO2023_AREA_M2), rel=5e-2)
    assert ours["n_cycles"] == "3" and ours["n_seeds"] == "2" and ours["d2d_A_p"] != ""
    assert cao["c2c_p"] == "0.065" and cao["d2d_A_d"] == "0.48"
    with open(tmp_path / "v.csv", newline="") as handle:
        assert [r["device"] for r in csv.DictReader(handle)] == ["synapse_300K",
                                                                 cao["device"]]

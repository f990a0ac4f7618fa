"""A real divergence: an unphysical drive makes the batched engine's RKF45 step fall below its
minimum, and the simulation job fails with SimulationDiverged, leaving no output."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, TINY_NEURON_TRACK

from micromag.engines import SimulationDiverged
from micromag.stage import simulate

# A synapse section as the workflow hands it to the job (its schema stops at 10^13 A/m^2), but
# driven at 10^25 A/m^2: a damping-like SOT field of ~10^17 A/m, whose precession no step above
# 10^-18 s integrates to tolerance.
DEVICE = {"geometry": TINY_NEURON_TRACK, "domain_width_m": 32e-9, "domain_front_x_m": 96e-9,
          "bias_field_y_A_per_m": -6366.0, "temperature_K": 0,
          "protocol": {"current_density_A_per_m2": 1e25, "pulse_duration_s": 0.2e-9,
                       "relaxation_s": 0.1e-9, "n_pulses": 2}}
ENGINE = {"name": "batched", "options": {"compile": False}}


def test_unphysical_drive_fails_the_job_naming_time_step_and_cell(tmp_path):
    out = tmp_path / "micromag"
    trace, figure = out / "synapse_seed1.npz", out / "synapse_seed1.png"
    with pytest.raises(SimulationDiverged) as failure:
        simulate({"name": "synapse", "kind": "domain_wall_synapse", "config": DEVICE}, ENGINE,
                 REPO / "config" / "materials" / "W_CoFeB1.2_MgO.yaml", seed=1,
                 trace_path=trace, figure_path=figure, progress=False)
    message = str(failure.value)
    time_s = float(re.search(r"at t = (\S+) s", message).group(1))
    step_s = float(re.search(r"step fell to (\S+) s", message).group(1))
    # the written state relaxes for 0.1 ns at zero current; the first pulse then fails at once
    assert 0.1e-9 <= time_s < 0.1e-9 + 1e-15, message
    assert step_s < 1e-18, message
    cell = re.search(r"cell \((\d+), (\d+), (\d+)\)", message)
    assert cell is not None and int(cell.group(1)) < 48 and int(cell.group(2)) < 8, message
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]

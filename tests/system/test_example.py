"""The Python API's example runs end to end: one device simulated, fitted in memory and to a
file, and its curve trained into a network that learns."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.slow
def test_the_api_example_runs_one_device_through_the_chain(tmp_path, mnist_dir):
    env = dict(os.environ, MNIST_DIR=str(mnist_dir), OMP_NUM_THREADS="1")
    done = subprocess.run([sys.executable, str(REPO / "examples" / "one_device.py"),
                           "--out", str(tmp_path)], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    hall = summary["hall_signal"]
    assert hall[3] - hall[0] > 0.5 and hall[3] - hall[6] > 0.5  # the wall went and came back
    assert summary["status"] == "ok" and summary["test_accuracy"] > 0.7
    record = json.loads((tmp_path / "W_CoFeB1.2_MgO" / "synapse.json").read_text())
    assert record["status"] == "ok" and (tmp_path / "W_CoFeB1.2_MgO" / "synapse.png").is_file()
    assert json.loads((tmp_path / "metrics.json").read_text())["status"] == "ok"


def test_the_api_builds_the_pipelines_devices_with_its_defaults():
    from spinnet import api

    material = api.load_material("W_CoFeB1.2_MgO")
    device, protocol = api.build_device("synapse", material, **{"protocol.n_pulses": 2})
    assert protocol.n_potentiation == 2 and protocol.current_density_A_per_m2 == 4e11
    assert device.geometry.track_width_m == 128e-9  # the config's own track
    assert api.network_settings()["learning_rate"] == 0.3  # the pipeline's, not 0.1
    with pytest.raises(KeyError, match="no device 'nope'"):
        api.build_device("nope", material)

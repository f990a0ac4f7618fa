"""A device that does not switch is reported as such, not fitted or trained into a number."""

import json

import numpy as np
import pytest

from micromag.engines.base import Trace
from micromag.traces import TraceFile
from network.rows import train_row
from report.tables import write_accuracy_table
from surrogate.curves import ExponentialPDCurve, NoRangeError
from surrogate.stage import fit_synapse


def write_trace(path, hall):
    signs = np.r_[0, np.ones(3), -np.ones(3)]
    trace = Trace(hall_signal=np.asarray(hall, float), time_s=np.arange(7.0), pulse_sign=signs,
                  mz_snapshots=np.zeros((7, 2, 2), np.float32), steps=1, engine="test",
                  engine_version="0")
    TraceFile.from_trace(trace, {"seed": 1, "material": {"name": "pinned"}}).write(path)


def test_flat_curve_raises_no_range():
    X = np.c_[np.r_[np.arange(4), np.arange(4)], np.r_[np.ones(4), -np.ones(4)]]
    with pytest.raises(NoRangeError, match="no range"):
        ExponentialPDCurve().fit(X, np.full(8, -0.99))


def test_pinned_device_gives_no_device_row(tmp_path, mnist_dir):
    write_trace(tmp_path / "t.npz", [-0.99, -0.99, -0.988, -0.99, -0.99, -0.99, -0.99])
    record = fit_synapse([tmp_path / "t.npz"], tmp_path / "s.json", tmp_path / "s.png")
    assert record["status"] == "no range" and "did not switch" in record["reason"]
    assert json.loads((tmp_path / "s.json").read_text())["models"] == {}
    (tmp_path / "pinned").mkdir()
    (tmp_path / "s.json").rename(tmp_path / "pinned" / "synapse.json")
    network = {"hidden": 8, "epochs": 1, "batch_size": 64, "learning_rate": 0.3,
               "w_max_scale": 3.0, "threads": 1}
    row = {"row": "pinned synapse + ReLU",
           "synapse": {"model": "surrogate", "material": "pinned", "device": "synapse"}}
    metrics = train_row(network, row, mnist_dir, 1, tmp_path / "m.json",
                        surrogate_dir=tmp_path, progress=False)
    assert metrics["status"] == "no device" and "final_test_accuracy" not in metrics
    rows = write_accuracy_table([tmp_path / "m.json"], [tmp_path / "pinned" / "synapse.json"],
                                tmp_path / "a.csv", tmp_path / "a.png")
    assert rows[0]["status"] == "no device" and rows[0]["test_accuracy_percent"] == ""


def test_a_range_of_integration_noise_is_no_device(tmp_path):
    write_trace(tmp_path / "t.npz", [-0.99, -0.985, -0.98, -0.975, -0.98, -0.985, -0.99])
    record = fit_synapse([tmp_path / "t.npz"], tmp_path / "s.json", tmp_path / "s.png")
    assert record["status"] == "no range" and "below 0.02" in record["reason"]


def test_a_neuron_sweep_that_misses_5_to_95_percent_of_the_swing_is_named():
    from surrogate.neuron import sweep_span

    assert sweep_span(np.array([-1.0, -0.5, 0.4, 0.98]))["status"] == "ok"
    short = sweep_span(np.array([-0.5, 0.0, 0.6]))
    assert short["status"] == "sweep does not span 5-95 %"
    assert "starts at 25%" in short["reason"] and "reaches 80%" in short["reason"]


def test_a_branch_that_stalls_or_steps_back_is_not_ok():
    from surrogate.stage import branch_problem
    from surrogate.traces import branches

    def device(hall):
        n = (len(hall) - 1) // 2
        return branches(np.array(hall), np.r_[0, np.ones(n), -np.ones(n)])

    # W/CoFeB(0.8) at its operating point, measured: the wall returns over 30 % of the range
    stalled = device([-1.0, -0.689, -0.113, 0.352, 0.633, 1.0, 0.552, 0.401, 0.401, 0.401,
                      0.401])
    assert branch_problem([stalled])[0] == "branch stalls"
    back = device([-1.0, -0.5, 0.0, 0.5, 1.0, 0.2, -0.4, 0.2, -1.0])
    assert branch_problem([back])[0] == "not monotone"
    assert branch_problem([device([-1.0, -0.2, 0.5, 1.0, 0.3, -0.4, -1.0])]) is None


def test_a_thermal_branch_that_does_not_move_is_named_and_its_jitter_is_not():
    """Noisy (300 K or measured) data skip the monotone check, as thermal steps may go back,
    but a branch that never moves is still no device."""
    from surrogate.stage import branch_problem
    from surrogate.traces import branches

    def device(hall):
        n = (len(hall) - 1) // 2
        return branches(np.array(hall), np.r_[0, np.ones(n), -np.ones(n)])

    stuck = device([-1.0, -0.4, 0.2, 0.7, 0.69, 0.71, 0.70])
    assert branch_problem([stuck], monotone=False)[0] == "branch does not move"
    jitter = device([-1.0, -0.2, -0.5, 0.7, 0.3, 0.45, -0.9])
    assert branch_problem([jitter], monotone=False) is None
    assert branch_problem([jitter])[0] == "not monotone"

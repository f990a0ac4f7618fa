"""Corrupt intermediates: a truncated or altered trace, device JSON or metrics JSON is caught
when it is read, named with what is wrong, and removed so that the next run regenerates it."""

from __future__ import annotations

import json
import shutil
import zipfile

import numpy as np
import pytest
import yaml
from conftest import tiny_config
from test_resume import planned_jobs

from micromag.engines.base import Trace
from micromag.traces import TraceFile
from network.synapse import PulseCurves
from spinnet.provenance import CorruptFileError, read_json, write_json
from surrogate.traces import read_trace


def trace_file(path):
    hall = np.linspace(-1.0, 1.0, 7)
    trace = Trace(hall_signal=hall, time_s=np.arange(7) * 1e-9,
                  pulse_sign=np.array([0, 1, 1, 1, -1, -1, -1]),
                  mz_snapshots=np.zeros((7, 4, 2), dtype=np.float32), steps=10,
                  engine="batched", engine_version="test",
                  pulse_current_A_per_m2=np.array([0, 1, 1, 1, -1, -1, -1]) * 4e11)
    TraceFile.from_trace(trace, {"device": "domain_synapse", "seed": 1}).write(path)
    return path


def truncate(path, keep=0.6):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def test_whole_trace_reads_back(tmp_path):
    trace = TraceFile.read(trace_file(tmp_path / "t.npz"))
    assert trace.hall_signal[-1] == 1.0 and trace.metadata["seed"] == 1


@pytest.mark.parametrize("reader", [TraceFile.read, read_trace])
def test_truncated_trace_is_named_and_removed(tmp_path, reader):
    path = trace_file(tmp_path / "synapse_seed1.npz")
    truncate(path)
    with pytest.raises(CorruptFileError, match=r"synapse_seed1\.npz: not a whole trace file"):
        reader(path)
    assert not path.exists()


def test_altered_trace_array_is_named_and_removed(tmp_path):
    path = trace_file(tmp_path / "synapse_seed1.npz")
    with np.load(path) as data:
        arrays = {key: data[key] for key in data.files}
    arrays["hall_signal"] = arrays["hall_signal"].copy()
    arrays["hall_signal"][3] += 0.01  # one reading changed, the metadata kept
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)
    assert zipfile.is_zipfile(path)
    with pytest.raises(CorruptFileError, match="arrays do not match their arrays_sha256"):
        TraceFile.read(path)
    assert not path.exists()


def device_json(path):
    write_json(path, {"format": "surrogate", "models": {}, "curve": {"pulses": [0, 1, 2]}})
    return path


@pytest.mark.parametrize("name", ["synapse.json", "metrics.json"])
def test_truncated_json_is_named_and_removed(tmp_path, name):
    path = device_json(tmp_path / name)
    truncate(path)
    with pytest.raises(CorruptFileError, match=rf"{name}: not whole JSON"):
        read_json(path)
    assert not path.exists()


@pytest.mark.parametrize("name", ["synapse.json", "metrics.json"])
def test_altered_json_is_named_and_removed(tmp_path, name):
    path = device_json(tmp_path / name)
    record = json.loads(path.read_text())
    record["curve"]["pulses"][1] = 5  # valid JSON, one number changed by hand
    path.write_text(json.dumps(record))
    with pytest.raises(CorruptFileError, match=rf"{name}: its content does not match"):
        read_json(path)
    assert not path.exists()


@pytest.mark.slow
def test_a_corrupt_output_read_by_its_consumer_is_regenerated_by_the_next_run(
        tiny_run, mnist_dir, tmp_path):
    """The surrogate of the tiny run, altered, read by the network stage's own reader: removed,
    and a dry run of the same results tree plans its fit (and what reads it) again, which it
    did not before."""
    results = tmp_path / "results"
    shutil.copytree(tiny_run, results)  # copy2: the tree keeps its times, so nothing is stale
    configfile = tmp_path / "config.yaml"
    config = tiny_config(results, mnist_dir)
    configfile.write_text(yaml.safe_dump(config))
    before = planned_jobs(configfile)
    assert ("fit_device", "W_CoFeB1.2_MgO") not in before, before
    surrogate = results / "surrogate" / "W_CoFeB1.2_MgO" / "synapse.json"
    record = json.loads(surrogate.read_text())
    record["n_pulses"] = record.get("n_pulses", 0) + 1
    surrogate.write_text(json.dumps(record))
    with pytest.raises(CorruptFileError, match="synapse.json: its content does not match"):
        PulseCurves.from_json(surrogate)
    after = planned_jobs(configfile)
    assert {("fit_device", "W_CoFeB1.2_MgO"), ("train_device", "W_CoFeB1.2_MgO")} <= after


def test_thermal_cycles_read_back_and_are_covered_by_the_checksum(tmp_path):
    """A trace with thermal cycles keeps them (cycle 0 is its hall_signal); one without has
    one row; an altered cycle is caught like an altered reading."""
    from micromag.stage import cycle_seeds

    plain = TraceFile.read(trace_file(tmp_path / "plain.npz"))
    assert plain.cycle_hall_signal is None and plain.cycles.shape == (1, 7)
    runs = [Trace(hall_signal=np.linspace(-1.0, 1.0, 7) + 0.01 * i, time_s=np.arange(7) * 1e-9,
                  pulse_sign=np.array([0, 1, 1, 1, -1, -1, -1]),
                  mz_snapshots=np.zeros((7, 4, 2), dtype=np.float32), steps=10,
                  engine="batched", engine_version="test") for i in range(3)]
    path = tmp_path / "cycles.npz"
    TraceFile.from_trace(runs[0], {"seed": 5}, runs).write(path)
    back = TraceFile.read(path)
    assert back.cycles.shape == (3, 7) and np.array_equal(back.cycles[0], back.hall_signal)
    assert back.cycles[2, 0] == pytest.approx(-0.98)
    seeds = cycle_seeds(5, 3)
    assert seeds[0] == 5 and len(set(seeds)) == 3 and seeds == cycle_seeds(5, 3)
    with np.load(path) as data:
        arrays = {key: data[key] for key in data.files}
    arrays["cycle_hall_signal"] = arrays["cycle_hall_signal"].copy()
    arrays["cycle_hall_signal"][1, 3] += 0.01
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)
    with pytest.raises(CorruptFileError, match="arrays_sha256"):
        TraceFile.read(path)

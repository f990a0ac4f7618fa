"""The tiny pipeline through a real Slurm (snakemake-executor-plugin-slurm): a cancelled job
fails the run and names it, the rerun equals a local run, and --retries recovers by itself.
The Slurm run redoes one simulation and everything downstream of it (fit, figures, network,
tables: seven jobs over all three stages) on the tiny run's other results."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest
import yaml
from conftest import REPO, tiny_config
from slurm_cluster import SlurmUnavailable, single_node_slurm
from test_resume import DOWNSTREAM, jobs_in, outputs_of, wait_for

from micromag.traces import TraceFile
from spinnet import hold

INIT_SECONDS = 5  # the cluster's MinJobAge (60 s) must be >= 3x this for squeue status checks


def slurm_run(configfile, results, logs, env, *extra) -> subprocess.Popen:
    """snakemake --profile profiles/slurm on the test cluster (no accounting: squeue status)."""
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", *extra, "--profile", "profiles/slurm",
         "--configfile", "config/config.yaml", str(configfile),
         "--slurm-status-command", "squeue", "--slurm-no-account",
         "--slurm-init-seconds-before-status-checks", str(INIT_SECONDS),
         "--slurm-logdir", str(logs), "--nolock"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def cancel_held(gate, process, env) -> str:
    """Wait until the chosen simulation is held in its Slurm job, then scancel that job."""
    wait_for(lambda: (gate / "held").exists(), process, "the chosen simulation was held")
    job_id = json.loads((gate / "held").read_text())["slurm_job_id"]
    assert job_id, "the held simulation is not running inside a Slurm job"
    subprocess.run(["scancel", job_id], env=env, check=True)
    return job_id


@pytest.mark.slow
def test_tiny_pipeline_on_slurm_survives_a_cancelled_job_and_equals_local_run(
        tiny_run, mnist_dir, tmp_path):
    """A simulation job scancel-led while it runs fails the run (--retries 0), naming it; the
    rerun, with the profile's retry, recovers from one more cancelled job by itself, completes
    and equals the local run."""
    results = tmp_path / "results"
    shutil.copytree(tiny_run, results)  # copy2: the tree keeps its times, so nothing is stale
    configfile = tmp_path / "tiny.yaml"
    configfile.write_text(yaml.safe_dump(tiny_config(results, mnist_dir)))
    # the lab file, written anew beside the results, with the tiny run's time: not newer
    shutil.copystat(tiny_run.parent / "lab_device.csv", tmp_path / "lab_device.csv")
    held = results / next((tiny_run / "micromag" / "W_CoFeB1.2_MgO").glob(
        "synapse_seed*.npz")).relative_to(tiny_run)
    for path in outputs_of(configfile, "--forcerun", str(held)):
        path.unlink(missing_ok=True)  # the held simulation and everything it feeds
    try:
        with single_node_slurm(tmp_path / "slurm", min_job_age_s=12 * INIT_SECONDS) as env:
            gate = tmp_path / "hold"
            holding = env | {hold.ENV: json.dumps({"output": str(held), "folder": str(gate)})}
            cancelled = slurm_run(configfile, results, tmp_path / "logs1", holding,
                                  "--retries", "0")
            job_id = cancel_held(gate, cancelled, env)
            failed = cancelled.communicate()[0]

            # the rerun, with the profile's retry: the same simulation, which must run again,
            # cancelled once more; its retry (which finds it held before) runs through
            gate = tmp_path / "hold_rerun"
            start = time.monotonic()
            done = slurm_run(configfile, results, tmp_path / "logs2",
                             env | {hold.ENV: json.dumps({"output": str(held),
                                                          "folder": str(gate)})})
            cancel_held(gate, done, env)
            log = done.communicate()[0]
            wall_s = time.monotonic() - start
            accounting = subprocess.run(["squeue", "-h", "-t", "all", "-o", "%i %j %T"],
                                        env=env, capture_output=True, text=True).stdout
    except SlurmUnavailable as reason:
        pytest.skip(f"no Slurm on this machine: {reason}")
    assert cancelled.returncode != 0, failed[-3000:]
    assert "Error in rule simulate_device" in failed and held.name in failed, failed[-3000:]
    assert job_id in failed, failed[-3000:]
    assert done.returncode == 0, log[-3000:]
    print(f"slurm pipeline wall time (the rerun, one job retried): {wall_s:.1f} s")
    assert "Submitted batch job" in log or accounting.strip(), "no job went through sbatch"
    assert jobs_in(log) == DOWNSTREAM, log[-3000:]
    assert "Trying to restart job" in log, log[-3000:]

    for local in sorted(tiny_run.rglob("*.npz")):
        remote = results / local.relative_to(tiny_run)
        a, b = TraceFile.read(local), TraceFile.read(remote)
        np.testing.assert_array_equal(a.hall_signal, b.hall_signal)
        np.testing.assert_array_equal(a.mz_snapshots, b.mz_snapshots)
    for local in sorted((tiny_run / "network").rglob("metrics.json")):
        remote = results / local.relative_to(tiny_run)
        a, b = (json.loads(p.read_text()) for p in (local, remote))
        assert a["final_test_accuracy"] == b["final_test_accuracy"], local
        assert a["history"] == b["history"], local
    assert (results / "tables" / "accuracy.csv").is_file()

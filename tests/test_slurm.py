"""The tiny pipeline through a real Slurm (snakemake-executor-plugin-slurm) equals a local run."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest
import yaml
from conftest import REPO, tiny_config
from slurm_cluster import SlurmUnavailable, single_node_slurm

from micromag.traces import load_trace

INIT_SECONDS = 5  # the cluster's MinJobAge (60 s) must be >= 3x this for squeue status checks


@pytest.mark.slow
def test_tiny_pipeline_on_slurm_equals_local_run(tiny_run, mnist_dir, tmp_path):
    results = tmp_path / "results"
    configfile = tmp_path / "tiny.yaml"
    configfile.write_text(yaml.safe_dump(tiny_config(results, mnist_dir)))
    try:
        with single_node_slurm(tmp_path / "slurm", min_job_age_s=12 * INIT_SECONDS) as env:
            start = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "snakemake", "--profile", "profiles/slurm",
                 "--configfile", "config/config.yaml", str(configfile),
                 "--slurm-status-command", "squeue", "--slurm-no-account",
                 "--slurm-init-seconds-before-status-checks", str(INIT_SECONDS),
                 "--slurm-logdir", str(tmp_path / "slurm_logs"), "--nolock"],
                cwd=REPO, env=env, capture_output=True, text=True)
            wall_s = time.monotonic() - start
            accounting = subprocess.run(["squeue", "-h", "-t", "all", "-o", "%i %j %T"],
                                        env=env, capture_output=True, text=True).stdout
    except SlurmUnavailable as reason:
        pytest.skip(f"no Slurm on this machine: {reason}")
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"slurm pipeline wall time: {wall_s:.1f} s")
    assert "Submitted batch job" in done.stdout + done.stderr or accounting.strip(), \
        "no job went through sbatch"

    for local in sorted(tiny_run.rglob("*.npz")):
        remote = results / local.relative_to(tiny_run)
        a, b = load_trace(local), load_trace(remote)
        np.testing.assert_array_equal(a["hall_signal"], b["hall_signal"])
        np.testing.assert_array_equal(a["mz_snapshots"], b["mz_snapshots"])
    for local in sorted((tiny_run / "network").rglob("metrics.json")):
        remote = results / local.relative_to(tiny_run)
        a, b = (json.loads(p.read_text()) for p in (local, remote))
        assert a["final_test_accuracy"] == b["final_test_accuracy"], local
        assert a["history"] == b["history"], local
    assert (results / "tables" / "accuracy.csv").is_file()

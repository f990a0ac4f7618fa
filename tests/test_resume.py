"""Faults and reruns: SIGKILL mid-simulation then resume equals an uninterrupted run, and a
changed material file reruns only that material's jobs."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import REPO, tiny_config

from micromag.traces import load_trace

MATERIAL = "W_CoFeB1.2_MgO"
VARIANT = "W_CoFeB1.2_MgO_D0.6"


def snakemake(configfile: Path, *extra: str, wait: bool = True) -> subprocess.Popen:
    command = [sys.executable, "-m", "snakemake", "--profile", "profiles/local", "--nolock",
               "--configfile", "config/config.yaml", str(configfile), *extra]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    if wait:
        process.wait(timeout=1800)
    return process


def planned_jobs(configfile: Path) -> set[tuple[str, str]]:
    """(rule, material) of every job a dry run would start."""
    done = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--nolock", "--configfile",
                           "config/config.yaml", str(configfile)], cwd=REPO,
                          capture_output=True, text=True, check=True)
    jobs, rule = set(), None
    for line in done.stdout.splitlines():
        if match := re.match(r"^(?:local)?rule (\w+):", line.strip()):
            rule = match.group(1)
            jobs.add((rule, ""))
        elif rule and (match := re.search(r"material=([^,\s]+)", line)):
            jobs.discard((rule, ""))
            jobs.add((rule, match.group(1)))
            rule = None
    return {job for job in jobs if job[0] != "all"}


@pytest.mark.slow
def test_killed_run_resumes_to_the_uninterrupted_result_and_reruns_only_what_changed(
        tiny_run, mnist_dir, tmp_path):
    materials = tmp_path / "materials"
    materials.mkdir()
    for stem in (MATERIAL, "CuPt_CoPt"):  # the tiny run's stacks (CuPt: the nucleation neuron)
        shutil.copy(REPO / "config" / "materials" / f"{stem}.yaml", materials)
    variant = yaml.safe_load((materials / f"{MATERIAL}.yaml").read_text())
    variant["D_J_per_m2"] = 0.6e-3
    (materials / f"{VARIANT}.yaml").write_text(yaml.safe_dump(variant))
    results = tmp_path / "results"
    config = tiny_config(results, mnist_dir) | {"materials_dir": str(materials)}
    config["micromag"]["synapse"]["materials"] = [MATERIAL, VARIANT]
    configfile = tmp_path / "config.yaml"
    configfile.write_text(yaml.safe_dump(config))

    first = snakemake(configfile, wait=False)
    logs = results / "logs" / "micromag"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not any(
            p.stat().st_size > 0 for p in logs.rglob("*.log")):
        time.sleep(1)
    time.sleep(15)  # well inside the simulation (it takes about a minute)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert not list((results / "micromag").rglob("*.npz")), "a killed simulation left a trace"
    assert not (results / "tables").exists()

    second = snakemake(configfile)
    assert second.returncode == 0, second.stdout.read()[-3000:]
    for local in sorted(tiny_run.rglob("*.npz")):
        resumed = load_trace(results / local.relative_to(tiny_run))
        reference = load_trace(local)
        np.testing.assert_array_equal(resumed["hall_signal"], reference["hall_signal"])
        np.testing.assert_array_equal(resumed["mz_snapshots"], reference["mz_snapshots"])
    for name in ("software", MATERIAL):
        resumed, reference = (json.loads((root / "network" / name / "metrics.json").read_text())
                              for root in (results, tiny_run))
        assert resumed["history"] == reference["history"], name
    assert (results / "network" / VARIANT / "metrics.json").is_file()

    assert planned_jobs(configfile) == set(), "a finished run must have nothing left to do"
    variant["D_J_per_m2"] = 0.7e-3
    (materials / f"{VARIANT}.yaml").write_text(yaml.safe_dump(variant))
    assert planned_jobs(configfile) == {("simulate_synapse", VARIANT), ("fit_synapse", VARIANT),
                                        ("synapse_traces", VARIANT),
                                        ("train_device", VARIANT), ("accuracy_table", ""),
                                        ("material_map", "")}

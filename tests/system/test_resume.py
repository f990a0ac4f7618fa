"""Faults and reruns: a run killed while one chosen simulation is held resumes to the
uninterrupted result (the tiny run's), re-running only that job and what depends on it; a
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

from micromag.traces import TraceFile
from spinnet import hold

MATERIAL = "W_CoFeB1.2_MgO"
NUCLEATION_MATERIAL = "CuPt_CoPt"  # the tiny run's second stack, for its nucleation neuron
# The held synapse simulation and every job that reads its trace, directly or not.
DOWNSTREAM = {("simulate_device", MATERIAL), ("fit_device", MATERIAL),
              ("device_traces", MATERIAL), ("train_device", MATERIAL),
              ("accuracy_table", ""), ("material_map", ""), ("energy_table", "")}
# Jobs independent of the held one that the run to kill also has to do (the lab curve's fit and
# network: the lab file is written anew, newer than the copied results).
INDEPENDENT = {("fit_measured_synapse", ""), ("train_device", "measured~lab")}


def snakemake(configfile: Path, *extra: str, env: dict | None = None,
              log: Path | None = None) -> subprocess.Popen:
    """A Snakemake run in its own session (killable as a group); output to ``log`` or a pipe."""
    command = [sys.executable, "-m", "snakemake", "--profile", "profiles/local", "--nolock",
               "--configfile", "config/config.yaml", str(configfile), *extra]
    out = subprocess.PIPE if log is None else open(log, "w")  # noqa: SIM115 - the child's
    return subprocess.Popen(command, cwd=REPO, stdout=out, env=env,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def jobs_in(log: str) -> set[tuple[str, str]]:
    """(rule, material) of every job a Snakemake log (dry or real run) lists."""
    jobs, rule = set(), None
    for line in log.splitlines():
        if match := re.match(r"^(?:local)?rule (\w+):", line.strip()):
            rule = match.group(1)
            jobs.add((rule, ""))
        elif rule and (match := re.search(r"material=([^,\s]+)", line)):
            jobs.discard((rule, ""))
            jobs.add((rule, match.group(1)))
            rule = None
    return {job for job in jobs if job[0] != "all"}


def planned_jobs(configfile: Path, *extra: str) -> set[tuple[str, str]]:
    """(rule, material) of every job a dry run would start."""
    done = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--nolock",
                           "--rerun-incomplete", "--configfile", "config/config.yaml",
                           str(configfile), *extra], cwd=REPO, capture_output=True, text=True,
                          check=True)
    return jobs_in(done.stdout)


def remaining_steps(log: Path) -> int | None:
    """M - N of the last "N of M steps done" line of a Snakemake log being written."""
    counts = re.findall(r"(\d+) of (\d+) steps", log.read_text()) if log.exists() else []
    return int(counts[-1][1]) - int(counts[-1][0]) if counts else None


def wait_for(condition, process: subprocess.Popen, what: str, poll_s: float = hold.POLL_S
             ) -> None:
    """Poll ``condition`` every ``poll_s`` seconds until it holds; fail at once if ``process``
    ends first (a hang is pytest-timeout's to catch)."""
    while not condition():
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout is not None else ""
            pytest.fail(f"the run ended (exit {process.returncode}) before {what}:\n"
                        f"{output[-3000:]}")
        time.sleep(poll_s)


def same_outputs(path: Path, reference: Path, roots: tuple[Path, Path]) -> None:
    """The numbers of a stage output equal the reference run's (its clock readings and the run
    folder it names aside; ``roots``: the two results folders, each in its run folder)."""
    if path.suffix == ".npz":
        a, b = TraceFile.read(path), TraceFile.read(reference)
        for key, value in a.arrays().items():
            np.testing.assert_array_equal(value, b.arrays()[key], err_msg=f"{path}: {key}")
    elif path.suffix == ".json":
        a, b = (json.loads(p.read_text().replace(str(roots[0].parent), "<run>")
                           .replace(str(roots[1].parent), "<run>")) for p in (path, reference))
        for record in (a, b):
            record.pop("train_time_s", None)  # the one clock reading among the numbers
            record.pop("content_sha256", None)  # a checksum over it
        assert a == b, path
    elif path.suffix == ".csv":
        assert path.read_text() == reference.read_text(), path


def outputs_of(configfile: Path, *extra: str) -> list[Path]:
    """The output files of every job a dry run would start."""
    done = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--nolock",
                           "--configfile", "config/config.yaml", str(configfile), *extra],
                          cwd=REPO, capture_output=True, text=True, check=True)
    return [Path(name.strip()) for line in done.stdout.splitlines()
            if line.strip().startswith("output:")
            for name in line.split(":", 1)[1].split(",")]


@pytest.mark.slow
def test_killed_run_resumes_to_the_uninterrupted_result_and_reruns_only_what_changed(
        tiny_run, mnist_dir, tmp_path):
    """The run to kill starts from the tiny run's results less the chosen simulation's and its
    dependants' outputs (as a run from scratch stands once everything independent of that
    simulation is done) and with the lab curve rewritten, so that independent jobs (its fit and
    its network) also run and must finish before the kill."""
    materials = tmp_path / "materials"
    materials.mkdir()
    for stem in (MATERIAL, NUCLEATION_MATERIAL):  # copy2: old times, so nothing is stale
        shutil.copy2(REPO / "config" / "materials" / f"{stem}.yaml", materials)
    results = tmp_path / "results"
    shutil.copytree(tiny_run, results)
    config = tiny_config(results, mnist_dir) | {"materials_dir": str(materials)}
    configfile = tmp_path / "config.yaml"
    configfile.write_text(yaml.safe_dump(config))
    held = results / next((tiny_run / "micromag" / MATERIAL).glob("synapse_seed*.npz")
                          ).relative_to(tiny_run)
    assert planned_jobs(configfile, "--forcerun", str(held)) == DOWNSTREAM | INDEPENDENT
    for path in outputs_of(configfile, "--forcerun", str(held)):
        path.unlink(missing_ok=True)
    assert planned_jobs(configfile) == DOWNSTREAM | INDEPENDENT

    # Hold the chosen simulation after its written state; let every job that does not need
    # its trace finish; then kill the whole run while it is held.
    gate = tmp_path / "hold"
    env = os.environ | {hold.ENV: json.dumps({"output": str(held),
                                              "folder": str(gate)})}
    log = tmp_path / "first.log"
    first = snakemake(configfile, env=env, log=log)
    wait_for(lambda: (gate / "held").exists(), first, "the chosen simulation was held")
    # Snakemake logs "N of M steps done" after each job: wait, cheaply, until all but the held
    # job, its dependants and rule all are done; then the dry run must agree
    wait_for(lambda: remaining_steps(log) == len(DOWNSTREAM) + 1, first,
             "every job independent of the held one had finished")
    wait_for(lambda: planned_jobs(configfile) == DOWNSTREAM, first,
             "the dry run agreed that only the held job and its dependants remain", poll_s=2.0)
    assert (gate / "held").exists() and not (gate / "release").exists()
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()

    assert not held.exists() and not held.with_suffix(".png").exists()
    looks_finished = [p.name for p in held.parent.iterdir()
                      if p.name.startswith(held.stem) and not p.name.startswith(".")]
    assert not looks_finished, f"the held job left {looks_finished}"
    assert not (results / "tables" / "accuracy.csv").exists()
    rerun = results / "network" / "measured~lab" / "metrics.json"  # an independent job's
    assert rerun.stat().st_mtime > (tiny_run / rerun.relative_to(results)).stat().st_mtime
    compared = 0
    for path in sorted(p for p in results.rglob("*") if p.is_file()):
        reference = tiny_run / path.relative_to(results)
        if reference.is_file() and path.suffix in (".npz", ".json", ".csv"):
            same_outputs(path, reference, (results, tiny_run))
            compared += 1
    assert compared >= 10, f"only {compared} finished outputs to compare"
    assert planned_jobs(configfile) == DOWNSTREAM

    second = snakemake(configfile)
    log = second.communicate(timeout=None)[0]
    assert second.returncode == 0, log[-3000:]
    assert jobs_in(log) == DOWNSTREAM, log[-3000:]
    assert planned_jobs(configfile, "--forcerun", str(held)) == DOWNSTREAM
    for reference in sorted(p for p in tiny_run.rglob("*") if p.is_file()):
        path = results / reference.relative_to(tiny_run)
        if path.suffix in (".npz", ".json"):
            same_outputs(path, reference, (results, tiny_run))

    assert planned_jobs(configfile) == set(), "a finished run must have nothing left to do"
    stack = materials / f"{NUCLEATION_MATERIAL}.yaml"
    changed = yaml.safe_load(stack.read_text())
    changed["Ku_J_per_m3"] *= 1.05
    stack.write_text(yaml.safe_dump(changed))
    assert planned_jobs(configfile) == {
        ("simulate_device", NUCLEATION_MATERIAL), ("fit_device", NUCLEATION_MATERIAL),
        ("device_traces", NUCLEATION_MATERIAL), ("energy_table", "")}

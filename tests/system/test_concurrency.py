"""Two runs on one results tree: the second is refused with a clear message while the first is
running, even from another checkout (which Snakemake's own lock, kept per checkout, misses),
and the first finishes undisturbed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import yaml
from conftest import REPO, tiny_config
from test_resume import wait_for

from micromag.traces import TraceFile
from spinnet import hold, runlock


def second_checkout(folder):
    """The repository's tracked files copied to ``folder``: a checkout of its own."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, folder / name)
    return folder


def test_second_run_on_a_shared_results_tree_is_refused_and_the_first_finishes(
        mnist_dir, tmp_path):
    results = tmp_path / "results"
    configfile = tmp_path / "config.yaml"
    configfile.write_text(yaml.safe_dump(tiny_config(results, mnist_dir)))
    seeds = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--nolock", "--configfile",
         "config/config.yaml", str(configfile)], cwd=REPO, capture_output=True, text=True,
        check=True).stdout
    target = next(word for word in seeds.split() if "sot_synapse_seed" in word
                  and word.endswith(".npz")).rstrip(",")
    gate = tmp_path / "hold"
    env = os.environ | {hold.ENV: json.dumps({"output": target, "folder": str(gate)})}
    command = [sys.executable, "-m", "snakemake", target, "--profile", "profiles/local",
               "--configfile", "config/config.yaml", str(configfile)]
    first = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    wait_for(lambda: (gate / "held").exists(), first, "its simulation was held")

    other = second_checkout(tmp_path / "checkout")
    for cwd in (REPO, other):  # this checkout (with --nolock) and a second one
        second = subprocess.run(command + (["--nolock"] if cwd == REPO else []), cwd=cwd,
                                capture_output=True, text=True)
        message = second.stdout + second.stderr
        assert second.returncode != 0, message[-2000:]
        assert f"results_dir {results} is in use by another run (pid {first.pid}" in message, \
            message[-2000:]
        assert str(REPO) in message and "Traceback" not in message, message[-2000:]
    assert (gate / "held").exists() and first.poll() is None, "the first run was disturbed"

    (gate / "release").touch()
    log = first.communicate()[0]
    assert first.returncode == 0, log[-3000:]
    assert TraceFile.read(target).hall_signal.shape == (7,)
    assert (results / runlock.LOCK_NAME).exists()
    again = subprocess.run(command, cwd=other, capture_output=True, text=True)
    assert again.returncode == 0 and "Nothing to be done" in again.stdout + again.stderr

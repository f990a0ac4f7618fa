"""Parsing the workflow as a cluster job does (Snakemake's remote mode) imports no physics:
no torch, no discretisedfield, no scikit-learn; the planning process still runs the checks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

PARSE = """
import sys
from pathlib import Path
from snakemake.api import SnakemakeApi
from snakemake.settings.types import (ConfigSettings, DAGSettings, OutputSettings,
                                      ResourceSettings, WorkflowSettings)
from snakemake_interface_executor_plugins.settings import ExecMode
mode = ExecMode.REMOTE if sys.argv[1] == "remote" else ExecMode.DEFAULT
with SnakemakeApi(OutputSettings(quiet=None)) as api:
    api.workflow(resource_settings=ResourceSettings(cores=1),
                 config_settings=ConfigSettings(configfiles=[Path("config/config.yaml")],
                                                config={"mnist_dir": None}),
                 workflow_settings=WorkflowSettings(exec_mode=mode),
                 snakefile=Path("Snakefile"), workdir=Path(".")).dag(DAGSettings())
print(" ".join(sorted({m.split(".")[0] for m in sys.modules}
                      & {"torch", "magnumnp", "discretisedfield", "sklearn"})))
"""


def imported(mode: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PARSE, mode], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


@pytest.mark.parametrize(("mode", "expected"), [
    ("remote", set()),  # a cluster job's re-parse: paths and wildcards only
    ("default", {"torch", "discretisedfield", "sklearn"}),  # the planner runs the checks
])
def test_cluster_job_parse_imports_no_physics(mode, expected):
    assert imported(mode) == expected

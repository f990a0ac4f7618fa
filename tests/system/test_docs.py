"""The documentation site builds, warnings as errors, from the tiny run's results: a broken
reference, a missing figure or a docstring Sphinx cannot read fails the suite. Its generated
pages carry the run's numbers and every registered device kind and config field."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest
from conftest import REPO

from micromag.devices import REGISTRY
from spinnet.workflow_config import config_schema


@pytest.mark.slow
def test_docs_build_without_warnings_from_the_tiny_run(tiny_run, tmp_path):
    source = tmp_path / "docs"
    shutil.copytree(REPO / "docs", source, ignore=shutil.ignore_patterns("_build", "_generated"))
    shutil.copy(REPO / "CHANGELOG.md", tmp_path)  # the changelog page includes it
    subprocess.run([sys.executable, str(REPO / "docs" / "generate.py"), "--results", str(tiny_run),
                    "--out", str(source / "_generated")], check=True, capture_output=True)
    html = tmp_path / "html"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b",
                           "html", str(source), str(html)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-5000:]

    results = (html / "results.html").read_text()
    with open(tiny_run / "tables" / "accuracy.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert f"<td><p>{row['test_accuracy_percent']}</p></td>" in results \
            or f"<td>{row['test_accuracy_percent']}</td>" in results, row["row"]
    for kind in REGISTRY:
        page = (html / "devices" / f"{kind}.html").read_text()
        assert "what is kept and what is not" in page, kind
    reference = (html / "config_reference.html").read_text()
    for field in config_schema()["properties"]:
        assert f"<code class=\"docutils literal notranslate\"><span class=\"pre\">{field}</span>" \
            in reference, field
    for page in ("getting_started", "limitations", "validation", "api", "references",
                 "howto/add_material", "howto/one_device", "howto/slurm", "howto/gpu",
                 "howto/oommf", "howto/sweep", "howto/measured_curve", "howto/add_device_kind",
                 "concepts/stages"):
        assert (html / f"{page}.html").is_file(), page
    assert "spinnet.api.simulate" in (html / "api.html").read_text()

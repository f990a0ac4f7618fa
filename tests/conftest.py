"""Shared fixtures: the repository, MNIST, and one tiny end-to-end pipeline run."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from filelock import FileLock

from network import mnist

REPO = Path(__file__).resolve().parents[1]

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def mnist_dir(tmp_path_factory) -> Path:
    """MNIST_DIR if set (CI points it at the shared copy), else a verified download."""
    configured = os.environ.get("MNIST_DIR")
    if configured:
        return Path(configured)
    folder = tmp_path_factory.mktemp("mnist")
    for name in mnist.SHA256:
        mnist.fetch(name, folder / name)
    return folder


def lab_curve_csv(path: Path, a_p: float = 8.0, a_d: float = 4.0, n: int = 20) -> Path:
    """A measured-curve CSV as a lab would write it: the exponential P/D pair of 001."""
    pulses = np.arange(n + 1)
    rise = (1 - np.exp(-pulses / a_p)) / (1 - np.exp(-n / a_p))
    fall = 1 - (1 - np.exp(-pulses / a_d)) / (1 - np.exp(-n / a_d))
    lines = ["pulse,direction,hall_signal"]
    lines += [f"{p},1,{g:.6f}" for p, g in zip(pulses, 2 * rise - 1, strict=True)]
    lines += [f"{p},-1,{g:.6f}" for p, g in zip(pulses, 2 * fall - 1, strict=True)]
    text = "\n".join(lines) + "\n"
    if not path.is_file() or path.read_text() != text:  # unchanged: keeps its time (not stale)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return path


TINY_NEURON_TRACK = {"track_length_m": 192e-9, "track_width_m": 32e-9,
                     "hall_arm_width_m": 32e-9, "hall_arm_length_m": 0.0,
                     "hall_center_x_m": 128e-9, "nucleation_length_m": 16e-9,
                     "cell_size_m": 4e-9}


TINY_FILM = {"length_m": 64e-9, "width_m": 64e-9, "cell_size_m": 4e-9}


def tiny_config(results: Path, mnist_dir: Path | None) -> dict:
    """The default config shrunk to a two-minute run: one material, no variants, 3 + 3 pulses,
    one epoch, small MLP, a 2-cycle thermal synapse, one operating point of a 192 nm neuron
    track, 64 nm SOT and nucleation films (the SOT neuron's amplitude window searched), no
    paper table, a two-point accuracy map, one
    measured device (its CSV is written beside the results folder)."""
    lab = lab_curve_csv(Path(results).parent / "lab_device.csv")
    return {
        "results_dir": str(results),
        "materials_dir": str(REPO / "config" / "materials"),
        "mnist_dir": str(mnist_dir) if mnist_dir else None,
        "material_variants": None,
        "tables": [],
        "measured_synapses": {"lab": str(lab)},
        "maps": ["000_beta_map"],
        "accuracy_maps": {"000_beta_map": {
            "network": {"hidden": 16, "epochs": 1},
            "axes": {"synapse.beta_p": [0.0, 0.9], "synapse.beta_d": [0.0]}}},
        "micromag": {"devices": {
            # the fixed current: the search has its own test
            # (tests/physics/test_operating_boundary.py)
            "synapse": {"materials": ["W_CoFeB1.2_MgO"], "protocol": {"n_pulses": 3},
                        "operating_point": {"search": False},
                        "engine": {"name": "batched", "options": {"compile": True}}},
            "neuron": {"materials": ["W_CoFeB1.2_MgO"], "geometry": TINY_NEURON_TRACK,
                       "domain_width_m": 32e-9, "domain_front_x_m": 96e-9,
                       "sweep": {"bias_field_x_A_per_m": [], "domain_front_x_m": []},
                       "protocol": {"n_amplitudes": 5, "amplitude_min_A_per_m2": 1.0e11,
                                    "amplitude_max_A_per_m2": 5.0e11,
                                    "pulse_duration_s": 0.3e-9, "relaxation_s": 0.7e-9}},
            "sot_synapse": {"materials": ["W_CoFeB1.2_MgO"], "film": TINY_FILM,
                            "protocol": {"n_pulses": 3}},
            # the neuron's amplitude window searched (5-95 % of the Hall swing), coarsely
            "sot_neuron": {"materials": ["W_CoFeB1.2_MgO"], "film": TINY_FILM,
                           "protocol": {"n_amplitudes": 5},
                           "operating_point": {"search": True, "tolerance": 0.25}},
            # the thermal chain (cycles -> C2C) at toy length: 2 cycles, 2 + 2 of the
            # default's pulses (0.2 ns, read 0.4 ns after: a wall read sooner still drifts)
            "synapse_300K": {"disorder_seeds": 1, "thermal_cycles": 2,
                             "protocol": {"n_pulses": 2},
                             "engine": {"name": "batched",
                                        "options": {"compile": True}}},
            "stripe_synapse": {"materials": []},  # its own test: tests/physics/test_stripe.py
            # its own test: tests/physics/test_notched_track.py
            "notched_synapse": {"materials": []},
            "nucleation_neuron": {"materials": ["CuPt_CoPt"], "disorder_seeds": 1,
                                  "film": TINY_FILM, "protocol": {"n_amplitudes": 5},
                                  "engine": {"name": "batched", "options": {"compile": True}}}}},
        "network": {"epochs": 1, "hidden": 32, "device_pulses": 20},
    }


def run_workflow(config: dict, targets: list[str] | None = None, dryrun: bool = False,
                 cores: int = 2, report: Path | None = None) -> None:
    """Run the repository's Snakefile through the Snakemake Python API. A config the workflow
    refuses (it prints its message and exits 1, no traceback) raises :class:`ConfigRefused`
    with that message."""
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            _run_workflow(config, targets, dryrun, cores, report)
    except SystemExit as done:
        raise ConfigRefused(f"exit {done.code}: {stderr.getvalue()}") from None
    finally:
        sys.stderr.write(stderr.getvalue())


class ConfigRefused(Exception):
    """The workflow refused its config before any job."""


def _run_workflow(config, targets, dryrun, cores, report) -> None:
    from snakemake.api import SnakemakeApi
    from snakemake.settings.types import (
        ConfigSettings,
        DAGSettings,
        ExecutionSettings,
        OutputSettings,
        ResourceSettings,
    )

    with SnakemakeApi(OutputSettings(quiet=None)) as api:
        workflow = api.workflow(
            resource_settings=ResourceSettings(cores=cores),
            config_settings=ConfigSettings(configfiles=[REPO / "config" / "config.yaml"],
                                           config=config),
            snakefile=REPO / "Snakefile",
            workdir=REPO,
        )
        dag = workflow.dag(DAGSettings(targets=targets or []))
        if report is not None:
            from snakemake.report.html_reporter import ReportSettings

            dag.create_report(reporter="html", report_settings=ReportSettings(path=report))
            return
        dag.execute_workflow(
            executor="dryrun" if dryrun else "local",
            execution_settings=ExecutionSettings(lock=False),
        )


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory, mnist_dir) -> Path:
    """Results folder of one tiny end-to-end run of the whole pipeline. The pytest-xdist
    workers share it: the first to ask makes it under a file lock, the others wait on the lock
    and read it (tests copy it before they change anything)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder all workers' temporary folders sit in
    folder = root / "tiny_run"
    with FileLock(root / "tiny_run.lock"):
        if not (folder / "finished").is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a failed attempt's remains
            run_workflow(tiny_config(folder / "results", mnist_dir))
            (folder / "finished").touch()
    return folder / "results"


def pytest_collection_modifyitems(items) -> None:
    """Mark each test by its folder: ``unit`` (one package, in-process), ``physics`` (the
    engines against analytic or published results) or ``system`` (the workflow, Slurm, the
    browser, faults); select with ``-m``. The tests of the shared tiny run go first, so that
    under pytest-xdist (``--dist loadfile --no-loadscope-reorder``) the run starts at once
    while the workers that need it wait on its lock."""
    for item in items:
        kind = Path(item.fspath).relative_to(REPO / "tests").parts[0]
        if kind in ("unit", "physics", "system"):
            item.add_marker(getattr(pytest.mark, kind))
    items.sort(key=lambda item: "tiny_run" not in getattr(item, "fixturenames", ()))

"""The device registry: each kind declared once (micromag/devices/), the config schema
assembled from the kinds' fragments, and any numeric device field sweepable as a Paramspace,
one job per point."""

from __future__ import annotations

import copy
import re
import subprocess

import pytest
import yaml
from conftest import REPO

from micromag.devices import REGISTRY
from micromag.devices.base import ROLES, SURROGATES
from micromag.stage import build_device
from spinnet.workflow_config import ConfigError, validate, validate_schema

SHIPPED = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
# Where a kind may be named: its declaration, the configs, the tests and the docs.
KIND_HOMES = ("micromag/devices/", "config/", "tests/", "docs/", "README.md", "CHANGELOG.md")


def test_every_kind_declares_what_the_stages_need():
    streams = [kind.stream for kind in REGISTRY.values()]
    assert len(set(streams)) == len(streams), "two kinds share a random stream"
    for name, kind in REGISTRY.items():
        assert kind.name == name and kind.role in ROLES and kind.surrogate in SURROGATES
        assert (kind.surrogate == "pulse_curves") == (kind.role == "synapse"), name
        fragment = kind.schema()
        assert fragment["description"] and fragment["properties"], name
        assert "protocol" in fragment["properties"], name


def test_no_file_outside_the_registry_names_a_kind():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.split()
    pattern = re.compile("|".join(REGISTRY))
    hits = [f for f in files if not f.startswith(KIND_HOMES)
            and (REPO / f).is_file() and pattern.search((REPO / f).read_text(errors="ignore"))]
    assert hits == []


def test_the_shipped_devices_keep_their_seeds_and_files():
    config = validate(copy.deepcopy(SHIPPED), [REPO / "config" / "config.yaml"])
    # each kind's stream of the master seed: the seeds of every earlier run are kept
    assert config.seeds("synapse") == [3927184792]
    assert config.seeds("nucleation_neuron") == [4123422750, 2130207041]
    assert set(config.RUNS) >= {"synapse", "stripe_synapse", "sot_synapse", "sot_neuron",
                                "nucleation_neuron"}
    neuron_runs = [run for run in config.RUNS if run.startswith("neuron_")]
    assert len(neuron_runs) == 3  # nominal, and each knob's one value with the other nominal


def sweep_config(sweep: dict, design: str | None = None) -> dict:
    config = copy.deepcopy(SHIPPED)
    synapse = config["micromag"]["devices"]["synapse"]
    synapse["sweep"] = sweep
    if design:
        synapse["sweep_design"] = design
    return config


def test_any_numeric_field_sweeps_one_run_per_point_with_its_value():
    sweep = {"protocol.current_density_A_per_m2": [3.0e+11, 5.0e+11],
             "geometry.track_width_m": [160.0e-9]}
    one = validate(sweep_config(sweep), [])
    runs = {run: point for run, (device, _, point) in one.RUNS.items() if device == "synapse"}
    assert len(runs) == 4  # nominal + 2 currents + 1 width
    grid = validate(sweep_config(sweep, "grid"), [])
    assert sum(device == "synapse" for device, _, _ in grid.RUNS.values()) == 2
    for run, point in runs.items():
        job = one.run(run)
        assert job["point"] == point and job["config"] == one.DEVICE_CONFIG["synapse"]
        track, protocol = build_device(job["kind"], job["config"], 1.2e-9, job["point"])
        assert protocol.current_density_A_per_m2 == point["protocol.current_density_A_per_m2"]
        assert track.geometry.track_width_m == point["geometry.track_width_m"]
        assert "current_density_A_per_m2~" in run and "track_width_m~" in run
    # every run of the device is one trace per material and seed
    assert len(one.traces("W_CoFeB1.2_MgO", "synapse")) == 4


@pytest.mark.parametrize(("sweep", "words"), [
    ({"protocol.current_density": [1.0]}, ["protocol.current_density", "not a field"]),
    ({"geometry": [1.0]}, ["geometry", "not a number"]),
    ({"domain_front_x_m": [900.0e-9]}, ["micromag.devices.synapse", "domain_front_x_m~9e-07",
                                        "domain_front_x_m"]),
])
def test_a_bad_sweep_names_the_device_field_and_point(sweep, words):
    with pytest.raises(ConfigError) as err:
        validate(sweep_config(sweep), [])
    assert all(word in str(err.value) for word in words), str(err.value)


def test_a_kind_that_is_not_registered_is_refused_with_the_kinds():
    config = copy.deepcopy(SHIPPED)
    config["micromag"]["devices"]["synapse"]["kind"] = "racetrack"
    with pytest.raises(ConfigError) as err:
        validate_schema(config, [])
    assert "racetrack" in str(err.value) and "domain_wall_synapse" in str(err.value)

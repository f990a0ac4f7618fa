"""The table of bad inputs: each is rejected before any job, with a message naming what is wrong.

Workflow cases run a dry run (config and material checks happen while the workflow is built,
before the first job); file-format cases call the reader a rule would call.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_workflow, tiny_config

from network import mnist
from surrogate.measured import CurveFileError, read_curve_csv

MATERIAL = "W_CoFeB1.2_MgO"


def set_material(field: str, value) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        path = root / "materials" / f"{MATERIAL}.yaml"
        values = yaml.safe_load(path.read_text())
        if value is None:
            values.pop(field)
        else:
            values[field] = value
        path.write_text(yaml.safe_dump(values))
    return change


def set_config(dotted: str, value) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        *parents, key = dotted.split(".")
        node = config
        for name in parents:
            node = node.setdefault(name, {})
        node[key] = value
    return change


def set_measured(text: str) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        (root / "bad_curve.csv").write_text(text)
        config["measured_synapses"] = {"lab": str(root / "bad_curve.csv")}
    return change


def set_map_axis(path: str, values: list) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        config["accuracy_maps"]["000_beta_map"]["axes"][path] = values
    return change


def set_variants(table: str) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        (root / "variants.tsv").write_text(table)
        config["material_variants"] = str(root / "variants.tsv")
    return change


def set_table_row(row: dict) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        config["tables"] = ["t"]
        config["paper_tables"] = {"t": {"network": {"hidden": 8},
                                        "rows": [{"row": "r", "paper_percent": 90.0, **row}]}}
    return change


def mnist_file(kind: str) -> Callable[[dict, Path], None]:
    def change(config: dict, root: Path) -> None:
        target = root / "mnist" / "t10k-labels-idx1-ubyte.gz"
        original = target.resolve().read_bytes()
        target.unlink()
        if kind == "corrupted":
            data = bytearray(original)
            data[len(data) // 2] ^= 0xFF
            target.write_bytes(bytes(data))
    return change


WORKFLOW_CASES = {
    "string where Ms belongs": (set_material("Ms_A_per_m", "1.1e6 A/m"), ["Ms_A_per_m", "number"]),
    "K_eff <= 0 (in-plane film)": (set_material("Ku_J_per_m3", 7.0e5), ["Ku_J_per_m3", "K_eff"]),
    "negative thickness": (set_material("ferromagnet_thickness_m", -1.0e-9),
                           ["ferromagnet_thickness_m", "(0, 1e-07]"]),
    "missing field": (set_material("A_J_per_m", None), ["A_J_per_m", "missing field"]),
    "damping above 1": (set_material("alpha", 1.5), ["alpha", "1"]),
    "dispersion out of range": (set_material("Ku_dispersion", 2.0), ["Ku_dispersion"]),
    "unknown material": (set_config("micromag.devices.synapse.materials", ["Unobtainium"]),
                         ["Unobtainium.yaml", "not found"]),
    "negative pulse count": (set_config("micromag.devices.synapse.protocol.n_pulses", -4),
                             ["n_pulses", "2"]),
    "pulse count as text": (set_config("micromag.devices.synapse.protocol.n_pulses", "six"),
                            ["n_pulses", "integer"]),
    "zero current density": (
        set_config("micromag.devices.synapse.protocol.current_density_A_per_m2", 0.0),
        ["current_density_A_per_m2"]),
    "cell size of 0.05 nm": (set_config("micromag.devices.synapse.geometry.cell_size_m", 5e-11),
                             ["cell_size_m", "1e-10"]),
    "domain front off the track": (
        set_config("micromag.devices.synapse.domain_front_x_m", 900e-9), ["domain_front_x_m"]),
    "negative temperature": (set_config("micromag.devices.synapse.temperature_K", -1.0),
                             ["temperature_K", "0"]),
    "neuron amplitudes upside down": (
        set_config("micromag.devices.neuron.protocol.amplitude_min_A_per_m2", 9.0e+11),
        ["micromag.devices.neuron.protocol", "amplitude_min_A_per_m2", "amplitude_max_A_per_m2"]),
    "neuron wall written off the track": (
        set_config("micromag.devices.neuron.sweep", {"domain_front_x_m": [500e-9]}),
        ["micromag.devices.neuron", "domain_front_x_m~5e-07", "domain_front_x_m"]),
    "unknown neuron material": (set_config("micromag.devices.neuron.materials", ["Unobtainium"]),
                                ["Unobtainium.yaml", "not found"]),
    "neuron with fewer than 5 amplitudes": (
        set_config("micromag.devices.neuron.protocol.n_amplitudes", 3), ["n_amplitudes", "5"]),
    "SOT film not a whole number of cells": (
        set_config("micromag.devices.sot_synapse.film",
                   {"length_m": 130e-9, "width_m": 64e-9, "cell_size_m": 4e-9}),
        ["micromag.devices.sot_synapse", "length_m", "whole number of cells"]),
    "SOT neuron amplitudes upside down": (
        set_config("micromag.devices.sot_neuron.protocol.amplitude_min_A_per_m2", 5.0e+12),
        ["micromag.devices.sot_neuron.protocol", "amplitude_min_A_per_m2"]),
    "unknown engine": (set_config("micromag.engine.name", "mumax3"), ["engine", "mumax3"]),
    "batched engine on an unknown torch device": (
        set_config("micromag.devices.synapse.engine.options.device", "tpu"),
        ["micromag.devices.synapse.engine.options", "device", "tpu", "cuda"]),
    "thermal cycles at 0 K": (
        set_config("micromag.devices.synapse.thermal_cycles", 4),
        ["micromag.devices.synapse.thermal_cycles", "temperature_K", "repeat exactly"]),
    "batched thermal step above 1 ps": (
        set_config("micromag.devices.synapse.engine.options.thermal_timestep_s", 2e-12),
        ["micromag.devices.synapse.engine.options", "thermal_timestep_s", "1e-12"]),
    "compile option on magnum.np": (set_config("micromag.engine.options.compile", True),
                                    ["micromag.engine.options.compile", "batched"]),
    "thermal time step on magnum.np": (
        set_config("micromag.engine.options.thermal_timestep_s", 1e-13),
        ["micromag.engine.options.thermal_timestep_s", "oommf"]),
    "thermal time step above 1 ps": (
        set_config("micromag.engine.options.thermal_timestep_s", 1e-11),
        ["thermal_timestep_s", "1e-12"]),
    "nucleation neuron order unknown": (
        set_config("micromag.devices.nucleation_neuron.protocol.order", "random"),
        ["order", "random", "shuffled"]),
    "stripe synapse row on a material it does not simulate": (
        set_table_row({"synapse": {"model": "surrogate", "material": "W_CoFeB1.2_MgO",
                                   "device": "stripe_synapse"}}),
        ["synapse material 'W_CoFeB1.2_MgO'", "micromag.devices.stripe_synapse.materials"]),
    "surrogate neuron given a grain count": (
        set_table_row({"neuron": {"model": "surrogate", "material": "CuPt_CoPt",
                                  "device": "nucleation_neuron", "live": True, "n_grains": 64}}),
        ["neuron field 'n_grains'", "simulated films"]),
    "spin polarisation beyond 1": (set_material("spin_polarisation_z", 1.5),
                                   ["spin_polarisation_z", "[-1, 1]"]),
    "zero epochs": (set_config("network.epochs", 0), ["epochs", "1"]),
    "negative learning rate": (set_config("network.learning_rate", -0.1), ["learning_rate"]),
    "misspelt config key": (set_config("network.hiden", 64), ["hiden"]),
    "variant with an unknown field": (set_variants(f"base\tDMI\n{MATERIAL}\t1e-3\n"),
                                      ["variants.tsv", "DMI"]),
    "variant with K_eff <= 0": (set_variants(f"base\tKu_J_per_m3\n{MATERIAL}\t5e5\n"),
                                ["variants.tsv", "Ku_J_per_m3", "K_eff"]),
    "variant of a missing stack": (set_variants("base\tD_J_per_m2\nNoSuchStack\t1e-3\n"),
                                   ["NoSuchStack"]),
    "variant with text for a number": (set_variants(f"base\tD_J_per_m2\n{MATERIAL}\tlow\n"),
                                       ["variants.tsv", "row 1", "D_J_per_m2", "'low'",
                                        "not of type"]),
    "unknown paper table": (set_config("tables", ["999_unknown"]), ["tables", "999_unknown"]),
    "neuron C2C above 1": (set_table_row({"neuron": {"form": "relu", "c2c": 1.5}}),
                           ["c2c", "1.5"]),
    "exponential synapse without A": (set_table_row({"synapse": {"model": "exponential",
                                                                 "n_pulses": 10}}),
                                      ["rows[0]", "A_p"]),
    "quadratic synapse beta outside [-1, 1] on a map axis": (
        set_map_axis("synapse.beta_p", [0.0, 1.5]),
        ["000_beta_map", "beta_p", "1.5", "[-1, 1]"]),
    "unknown accuracy map": (set_config("maps", ["999_map"]), ["maps", "999_map"]),
    "surrogate network model without isotonic": (
        set_config("surrogate.models", ["exponential"]), ["network_model", "isotonic"]),
    "measured curve CSV with text in a number column": (
        set_measured("pulse,direction,hall_signal\n0,1,-1\n1,1,high\n2,1,0\n3,1,1\n"),
        ["measured_synapses.lab", "line 3", "hall_signal", "'high'"]),
    "missing MNIST file": (mnist_file("missing"), ["t10k-labels-idx1-ubyte.gz", "missing"]),
    "corrupted MNIST file": (mnist_file("corrupted"), ["t10k-labels-idx1-ubyte.gz", "SHA-256"]),
}


@pytest.fixture
def workspace(tmp_path, mnist_dir) -> tuple[dict, Path]:
    """A tiny config over private copies of the materials and of MNIST (linked, not copied)."""
    shutil.copytree(REPO / "config" / "materials", tmp_path / "materials")
    (tmp_path / "mnist").mkdir()
    for name in mnist.SHA256:
        (tmp_path / "mnist" / name).symlink_to(Path(mnist_dir).resolve() / name)
    config = tiny_config(tmp_path / "results", tmp_path / "mnist")
    config["materials_dir"] = str(tmp_path / "materials")
    return config, tmp_path


@pytest.mark.parametrize("case", list(WORKFLOW_CASES))
def test_bad_input_stops_the_workflow_before_any_job(case, workspace):
    change, words = WORKFLOW_CASES[case]
    config, root = workspace
    change(config, root)
    with pytest.raises(Exception) as info:
        run_workflow(config, dryrun=True)
    message = str(info.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in\n{message}"
    assert not (root / "results").exists()


CSV_CASES = {
    "missing column": ("pulse,hall_signal\n0,-1\n1,0\n2,1\n3,1\n", ["direction"]),
    "text in a number column": ("pulse,direction,hall_signal\n0,1,-1\n1,1,high\n2,1,0\n"
                                "3,1,1\n", ["line 3", "hall_signal", "high"]),
    "NaN signal": ("pulse,direction,hall_signal\n0,1,-1\n1,1,nan\n2,1,0\n3,1,1\n",
                   ["hall_signal", "not finite"]),
    "direction 2": ("pulse,direction,hall_signal\n0,1,-1\n1,2,0\n2,1,0.5\n3,1,1\n",
                    ["direction", "+1 or -1"]),
    "too few rows": ("pulse,direction,hall_signal\n0,1,-1\n1,1,1\n", ["2 data rows"]),
}


@pytest.mark.parametrize("case", list(CSV_CASES))
def test_malformed_curve_csv_is_rejected(case, tmp_path):
    text, words = CSV_CASES[case]
    path = tmp_path / "curve.csv"
    path.write_text(text)
    with pytest.raises(CurveFileError) as info:
        read_curve_csv(path)
    for word in words:
        assert word in str(info.value), f"{case}: {word!r} not in {info.value}"


def test_wellformed_curve_csv_reads(tmp_path):
    path = tmp_path / "curve.csv"
    path.write_text("pulse, direction, hall_signal\n0,1,-1\n1,1,0\n2,1,1\n0,-1,1\n1,-1,-1\n")
    X, y = read_curve_csv(path)
    assert X.shape == (5, 2) and y.tolist() == [-1, 0, 1, 1, -1]

"""The Snakemake workflow: dry run, input rejection before any job, tiny end-to-end run."""

import csv
import json

import numpy as np
import pytest
import yaml
from conftest import REPO, run_workflow, tiny_config

from micromag.material import MaterialStack
from micromag.readout import domain_front_x_m
from micromag.traces import TraceFile


def test_default_config_dry_runs(tmp_path):
    run_workflow({"results_dir": str(tmp_path / "results"),
                  "materials_dir": str(REPO / "config" / "materials")}, dryrun=True)
    assert not (tmp_path / "results").exists()


def test_bad_material_stops_the_workflow_before_any_job(tmp_path):
    materials = tmp_path / "materials"
    materials.mkdir()
    values = yaml.safe_load((REPO / "config/materials/W_CoFeB1.2_MgO.yaml").read_text())
    values["Ku_J_per_m3"] = 7.0e5
    (materials / "soft.yaml").write_text(yaml.safe_dump(values))
    config = tiny_config(tmp_path / "results", None) | {"materials_dir": str(materials)}
    config["micromag"] = {"devices": {"synapse": {"materials": ["soft"]}}}
    with pytest.raises(Exception) as info:
        run_workflow(config, dryrun=True)
    text = str(info.value)
    assert "soft.yaml" in text and "Ku_J_per_m3" in text and "K_eff" in text
    assert not (tmp_path / "results").exists()


def test_bad_config_value_is_named(tmp_path):
    config = tiny_config(tmp_path / "results", None)
    config["micromag"] = {"devices": {"synapse": {"protocol": {"n_pulses": -4}}}}
    with pytest.raises(Exception, match="n_pulses"):
        run_workflow(config, dryrun=True)


@pytest.mark.slow
def test_tiny_run_produces_every_output(tiny_run):
    material = "W_CoFeB1.2_MgO"
    expected = [
        "micromag/W_CoFeB1.2_MgO/synapse_seed{}.npz",
        "micromag/W_CoFeB1.2_MgO/synapse_seed{}.png",
        f"surrogate/{material}/synapse.json",
        f"surrogate/{material}/synapse_fit.png",
        "network/software/metrics.json",
        f"network/{material}/metrics.json",
        "network/learning_curves.png",
        "tables/accuracy.csv",
        "tables/material_map.csv",
        "network/material_map.png",
        "tables/000_beta_map.csv",
        "network/000_beta_map.png",
        f"micromag/{material}/synapse_traces.png",
        f"micromag/{material}/sot_synapse_traces.png",
        f"micromag/{material}/sot_neuron_traces.png",
        f"surrogate/{material}/sot_synapse.json",
        f"surrogate/{material}/sot_neuron.json",
        f"micromag/{material}/neuron_traces.png",
        f"surrogate/{material}/neuron.json",
        f"surrogate/{material}/neuron_fit.png",
        "micromag/CuPt_CoPt/nucleation_neuron_traces.png",
        "surrogate/CuPt_CoPt/nucleation_neuron.json",
        "surrogate/CuPt_CoPt/nucleation_neuron_fit.png",
    ]
    traces = sorted((tiny_run / "micromag" / material).glob("synapse_seed*.npz"))
    assert len(traces) == 1
    seed = traces[0].stem.removeprefix("synapse_seed")
    for pattern in expected:
        path = tiny_run / pattern.format(seed)
        assert path.is_file() and path.stat().st_size > 0, path
    assert not list(tiny_run.rglob(".*.npz")), "temporary files left behind"
    with open(tiny_run / "tables/000_beta_map.csv", newline="") as handle:
        points = list(csv.DictReader(handle))
    assert [p["synapse.beta_p"] for p in points] == ["0.0", "0.9"]
    assert all(p["status"] == "ok" and float(p["test_accuracy_percent"]) > 60 for p in points)


@pytest.mark.slow
def test_wall_moves_with_the_current_and_the_hall_signal_follows(tiny_run):
    (path,) = (tiny_run / "micromag" / "W_CoFeB1.2_MgO").glob("synapse_seed*.npz")
    trace = TraceFile.read(path)
    hall, signs = trace.hall_signal, trace.pulse_sign
    n = int(np.sum(signs[1:] > 0))
    rise, fall = hall[: n + 1], hall[n:]
    # a pinned wall may settle one cell back after a pulse: that is 2 cell / cross width of signal
    geometry = trace.metadata["device_config"]["geometry"]
    one_cell = 2 * geometry["cell_size_m"] / geometry["hall_arm_width_m"] + 1e-3
    assert np.all(np.diff(rise) > -one_cell), rise
    assert np.all(np.diff(fall) < one_cell), fall
    assert rise[-1] - rise[0] > 0.1
    assert fall[0] - fall[-1] > 0.1
    tips = [domain_front_x_m(mz, geometry["cell_size_m"]) for mz in trace.mz_snapshots]
    assert tips[n] > tips[0], "potentiation (+j) must push the domain front along +x"
    assert tips[-1] < tips[n], "depression (-j) must pull it back along -x"
    meta = trace.metadata
    assert meta["engine"] == "batched" and meta["seed"] == int(path.stem[12:])
    assert len(meta["material_sha256"]) == 64 and meta["versions"]["magnumnp"] == "2.2.0"


@pytest.mark.slow
def test_neuron_pulses_rise_from_the_erased_state(tiny_run):
    (path,) = (tiny_run / "micromag" / "W_CoFeB1.2_MgO").glob("neuron_*.npz")
    trace = TraceFile.read(path)
    assert trace.metadata["engine"] == "magnumnp"  # the embedded default engine's path
    current, hall = trace.pulse_current_A_per_m2, trace.hall_signal
    assert current[0] == 0 and np.allclose(current[1:], np.linspace(1e11, 5e11, 5))
    # every pulse starts from the erased state: the smallest pulse leaves the cross as it was
    assert hall[1] == pytest.approx(hall[0], abs=0.05)
    assert hall[-1] - hall[0] > 0.5, hall
    record = json.loads((tiny_run / "surrogate/W_CoFeB1.2_MgO/neuron.json").read_text())
    (point,) = record["points"]  # nothing swept: the nominal point, written at 96 nm
    assert point["operating_point"] == {} and record["device_kind"] == "domain_wall_neuron"
    assert trace.metadata["device_config"]["domain_front_x_m"] == 96e-9
    fit = point["fit"]
    assert fit["status"] == "ok" and fit["r2"] > 0.9
    assert 1e11 < fit["x0_A_per_m2"] < 5e11


@pytest.mark.slow
def test_sot_film_switches_with_one_polarity_and_back_with_the_other(tiny_run):
    folder = tiny_run / "micromag" / "W_CoFeB1.2_MgO"
    (path,) = folder.glob("sot_synapse_seed*.npz")
    trace = TraceFile.read(path)
    hall, signs = trace.hall_signal, trace.pulse_sign
    assert list(signs[1:]) == [1, 1, 1, -1, -1, -1]
    assert hall[0] < -0.9  # the film starts along -z
    assert hall[3] - hall[0] > 1.0, hall  # +J with H_x reverses most of it ...
    assert hall[3] - hall[-1] > 1.0, hall  # ... and -J reverses it back
    # the neuron's sweep runs over its searched window: from an amplitude that switches at
    # most 5 % of the Hall swing to one that switches at least 95 %, both simulated
    window = json.loads((folder / "sot_neuron_operating_point.json").read_text())
    assert window["status"] == "ok", window["reason"]
    low, high = window["amplitude_min_A_per_m2"], window["amplitude_max_A_per_m2"]
    switched = {e["current_density_A_per_m2"]: e["switched_fraction"]
                for e in window["evaluations"]}
    assert switched[low] <= 0.05 and switched[high] >= 0.95 and low < high
    assert all(f < 0.95 for j, f in switched.items() if j < high)  # the lowest at 95 % ...
    assert all(f > 0.05 for j, f in switched.items() if low < j < high)  # ... the highest at 5 %
    assert high / max(j for j in switched if j < high) <= 1.25  # within the tolerance
    (path,) = folder.glob("sot_neuron_seed*.npz")
    trace = TraceFile.read(path)
    assert trace.metadata["drive"]["source"] == "search"
    assert np.allclose(np.abs(trace.pulse_current_A_per_m2[1:]), np.linspace(low, high, 5))
    assert (trace.hall_signal[1] + 1) / 2 <= 0.05 and (trace.hall_signal[-1] + 1) / 2 >= 0.95
    record = json.loads((tiny_run / "surrogate/W_CoFeB1.2_MgO/sot_neuron.json").read_text())
    point = record["points"][0]
    assert point["span"]["status"] == "ok"
    # inside the window a 64-nm film switches a few domains at a time, so the curve between
    # its ends is ragged (r2 0.78 measured; 0.97 over the former fixed 1-3e12 A/m^2 sweep, whose
    # five points held one step)
    fit = point["fit"]
    assert record["model"] == "relu_like" and fit["status"] == "ok" and fit["r2"] > 0.5
    assert low <= fit["threshold_A_per_m2"] < high and fit["slope_per_A_per_m2"] > 0


@pytest.mark.slow
def test_nucleation_neuron_applies_its_amplitudes_shuffled_with_set_reset(tiny_run):
    (path,) = (tiny_run / "micromag" / "CuPt_CoPt").glob("nucleation_neuron_seed*.npz")
    trace = TraceFile.read(path)
    current = np.abs(trace.pulse_current_A_per_m2[1:])
    assert np.allclose(np.sort(current), np.linspace(2e13, 9e13, 5))
    assert np.any(np.diff(current) < 0), "the amplitudes were not shuffled"
    assert trace.metadata["protocol"]["reset"] == "when_lower"
    record = json.loads((tiny_run / "surrogate/CuPt_CoPt/nucleation_neuron.json").read_text())
    assert record["model"] == "normal_cdf"
    assert record["points"][0]["current_A_per_m2"] == sorted(current.tolist())
    # the film's grain count (a Poisson draw of one grain per grain_size^2) reaches the surrogate
    grains = trace.metadata["n_grains"]
    film, material = trace.metadata["device_config"]["film"], trace.metadata["material"]
    expected = film["length_m"] * film["width_m"] / material["grain_size_m"] ** 2
    assert abs(grains - expected) < 4 * np.sqrt(expected) + 1, (grains, expected)
    assert record["points"][0]["devices"][0]["n_grains"] == grains


@pytest.mark.slow
def test_surrogate_and_network_records(tiny_run):
    record = json.loads((tiny_run / "surrogate/W_CoFeB1.2_MgO/synapse.json").read_text())
    exp = record["models"]["exponential"]
    assert exp["G_max"] > exp["G_min"]
    assert exp["n_states"] == 4
    assert len(record["curve"]["potentiation"]) == 4
    assert len(record["device_curves"]) == 1 and record["variation"]["n_devices"] == 1
    assert record["variation"]["c2c"]["potentiation"] == 0.0  # T = 0 K: cycles repeat
    metrics = json.loads((tiny_run / "network/W_CoFeB1.2_MgO/metrics.json").read_text())
    assert metrics["device_variation"]["devices"] == 1
    per_network_pulse = (3 / 20) ** 0.5  # 3 simulated pulses resampled to 20 network pulses
    assert metrics["device_variation"]["c2c"] == pytest.approx(
        [per_network_pulse * record["variation"]["c2c"][b] for b in ("potentiation",
                                                                     "depression")])
    rows = list(csv.DictReader((tiny_run / "tables/accuracy.csv").open()))
    assert [r["row"] for r in rows] == ["software synapse + ReLU",
                                        "W_CoFeB1.2_MgO synapse + ReLU",
                                        "measured~lab synapse + ReLU"]
    software, device, lab = (float(r["test_accuracy_percent"]) for r in rows)
    assert software > 85.0
    assert rows[0]["status"] == "ok"
    assert rows[1]["status"] in ("ok", "collapsed")
    assert 0 < device <= 100
    # the lab's CSV (exponential pair, A_p 8 and A_d 4 pulses) is fitted and trained on
    measured = json.loads((tiny_run / "surrogate/measured~lab/synapse.json").read_text())
    assert measured["sources"][0]["measured"] and len(measured["sources"][0]["sha256"]) == 64
    assert measured["models"]["exponential"]["A_p"] == pytest.approx(8.0, rel=0.02)
    assert measured["models"]["exponential"]["A_d"] == pytest.approx(4.0, rel=0.02)
    assert rows[2]["status"] == "ok" and lab > 30.0  # learns (chance is 10 %)


@pytest.mark.slow
def test_report_holds_figures_and_table(tiny_run, mnist_dir, tmp_path):
    report = tmp_path / "report.html"
    run_workflow(tiny_config(tiny_run, mnist_dir), report=report)
    html = report.read_text(errors="replace")
    assert report.stat().st_size > 10_000
    for name in ("accuracy.csv", "learning_curves.png", "synapse_fit.png"):
        assert name in html


def test_material_variant_file_is_its_base_with_the_row_replaced(tmp_path):
    table = tmp_path / "variants.tsv"
    table.write_text("# two variants\nbase\tD_J_per_m2\tspin_hall_angle\n"
                     "W_CoFeB1.2_MgO\t3e-4\t-0.3\nW_CoFeB1.2_MgO\t5e-4\t-0.2\n")
    results = tmp_path / "results"
    config = tiny_config(results, None) | {"material_variants": str(table)}
    stem = "base~W_CoFeB1.2_MgO_D_J_per_m2~0.0005_spin_hall_angle~-0.2"
    run_workflow(config, targets=[str(results / "materials" / f"{stem}.yaml")])
    variant = MaterialStack.from_yaml(results / "materials" / f"{stem}.yaml")
    base = MaterialStack.from_yaml(REPO / "config/materials/W_CoFeB1.2_MgO.yaml")
    assert variant.spin_hall_angle == -0.2 and variant.D_J_per_m2 == 5e-4
    assert variant.Ku_J_per_m3 == base.Ku_J_per_m3 and variant.Ms_A_per_m == base.Ms_A_per_m
    assert stem in variant.name


def test_thermal_synapse_cycles_give_a_physical_c2c(tiny_run):
    """The 300 K synapse's trace holds its 2 thermal cycles, which differ (thermal noise), and
    its surrogate estimates C2C across them, not from the misfit."""
    from surrogate.variation import CYCLE_C2C_ESTIMATOR

    material = "W_CoFeB1.2_MgO"
    (trace_path,) = (tiny_run / "micromag" / material).glob("synapse_300K_seed*.npz")
    trace = TraceFile.read(trace_path)
    assert trace.cycles.shape[0] == 2 and trace.metadata["thermal_cycles"]["n"] == 2
    assert not np.allclose(trace.cycles[0], trace.cycles[1])
    record = json.loads((tiny_run / "surrogate" / material / "synapse_300K.json").read_text())
    assert record["status"] == "ok", record.get("reason")
    variation = record["variation"]
    assert variation["n_cycles"] == [2]
    assert variation["c2c_estimator"] == CYCLE_C2C_ESTIMATOR
    assert variation["c2c"]["potentiation"] > 0
    # the material map shows the stack's thermal C2C and D2D beside its 0 K device's
    with open(tiny_run / "tables/material_map.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["material"] == material)
    assert row["thermal_device"] == "synapse_300K" and row["thermal_cycles"] == "2"
    assert row["thermal_T_K"] == "300" and row["thermal_seeds"] == "1"
    assert float(row["c2c_p_thermal"]) == pytest.approx(variation["c2c"]["potentiation"], rel=1e-2)

"""Write-pulse energy and heating, against numbers worked out by hand."""

import pytest
import yaml

from micromag.devices import REGISTRY
from micromag.energy import HallRead, PulseEnergy
from micromag.material import MaterialStack


def test_one_pulse_of_the_default_synapse_costs_what_the_hand_calculation_says(repo):
    # W/CoFeB(1.2): rho = 2.6e-6 ohm m, t_W = 1.2 nm; track 512 x 128 nm; 4e11 A/m^2 for 0.2 ns:
    # I = J w t = 61.44 uA, R = rho L / (w t) = 8666.7 ohm, E = I^2 R t = 6.5431 fJ;
    # dT = E / (L w (2.54e6 x 1.2 nm + 3.5e6 x 1.2 nm)) = 13.775 K
    material = MaterialStack.from_yaml(repo / "config/materials/W_CoFeB1.2_MgO.yaml")
    fields = yaml.safe_load((repo / "config/config.yaml").read_text())["micromag"]["devices"][
        "synapse"]
    channel = REGISTRY["domain_wall_synapse"].channel_m(fields)
    pulse = PulseEnergy.of(material, 4.0e11, 0.2e-9, channel)
    assert pulse.current_A == pytest.approx(61.44e-6, rel=1e-9)
    assert pulse.resistance_ohm == pytest.approx(8666.667, rel=1e-6)
    assert pulse.energy_J == pytest.approx(6.5431e-15, rel=1e-4)
    assert pulse.temperature_rise_K == pytest.approx(13.775, rel=1e-4)
    assert not pulse.overdriven


def test_a_hall_read_of_the_default_synapse_matches_the_hand_calculation(repo):
    # the same channel (R = 8666.7 ohm), read at 1e10 A/m^2 for 10 ns with R_AHE = 1 ohm:
    # I_read = 1e10 x 128 nm x 1.2 nm = 1.536 uA; swing 2 R_AHE I = 3.072 uV;
    # E_read = (1.536e-6)^2 x 8666.7 x 1e-8 = 0.20447 fJ
    material = MaterialStack.from_yaml(repo / "config/materials/W_CoFeB1.2_MgO.yaml")
    pulse = PulseEnergy.of(material, 4.0e11, 0.2e-9, (512e-9, 128e-9)).to_dict()
    read = HallRead.of(pulse, material.anomalous_hall_resistance_ohm, 1.0e10, 10e-9)
    assert read.current_A == pytest.approx(1.536e-6, rel=1e-9)
    assert read.hall_swing_V == pytest.approx(3.072e-6, rel=1e-9)
    assert read.energy_J == pytest.approx(0.20447e-15, rel=1e-4)
    with pytest.raises(ValueError, match="duration_s"):
        HallRead.of(pulse, 1.0, 1.0e10, 0.0)


def test_a_pulse_that_heats_past_the_stack_limit_is_overdriven(repo):
    # the nucleation film: CuPt 10 nm, rho 4e-7, 128 x 128 nm, 5e13 A/m^2 for 1 ns:
    # E = rho J^2 V t = 4e-7 x 2.5e27 x 1.6384e-22 x 1e-9 = 163.84 pJ; dT = E / (A (3.1e6 x 10 nm
    # + 3.2e6 x 4 nm)) = 163.84e-12 / (1.6384e-14 x 0.0438) = 228 311 K, far past 573 K
    material = MaterialStack.from_yaml(repo / "config/materials/CuPt_CoPt.yaml")
    pulse = PulseEnergy.of(material, -5.0e13, 1e-9, (128e-9, 128e-9))
    assert pulse.energy_J == pytest.approx(163.84e-12, rel=1e-9)
    assert pulse.temperature_rise_K == pytest.approx(228310.5, rel=1e-5)
    assert pulse.overdriven


def test_the_energy_table_scales_a_neurons_pulse_to_its_switching_current(tmp_path):
    from report.energy import ENERGY_TABLE, write_energy_table
    from surrogate.neuron import NeuronRecord
    from surrogate.stage import SynapseRecord

    def drive(j):
        pulse = {"current_A": j * 128e-9 * 1.2e-9, "resistance_ohm": 8666.7,
                 "energy_J": 6.5431e-15 * (j / 4e11) ** 2, "temperature_rise_K": 13.775 * (
                     j / 4e11) ** 2, "max_temperature_K": 623.0, "ambient_K": 300.0}
        return {"source": "search", "current_density_A_per_m2": j, "pulse_duration_s": 0.2e-9,
                "relaxation_s": 1e-9, "pulse": pulse | {"channel_width_m": 128e-9,
                                                         "heavy_metal_thickness_m": 1.2e-9},
                "anomalous_hall_resistance_ohm": 2.0}

    fit = {"status": "ok", "x0_A_per_m2": 2e11}
    neuron = {"model": "sigmoid", "drive": drive(8e11), "points": [
        {"operating_point": {}, "current_A_per_m2": [], "hall_signal_mean": [], "fit": fit,
         "devices": []}]}
    NeuronRecord(neuron).write(tmp_path / "n.json")
    SynapseRecord({"status": "no range", "reason": "pinned", "sources": [],
                   "drive": drive(4e11)}).write(tmp_path / "s.json")
    write_energy_table([("neuron", "domain_wall_neuron", "neuron", "W"),
                        ("synapse", "domain_wall_synapse", "synapse", "W")],
                       [tmp_path / "n.json", tmp_path / "s.json"], tmp_path / "e.csv",
                       {"current_density_A_per_m2": 1.0e10, "duration_s": 10e-9})
    rows = ENERGY_TABLE.read(tmp_path / "e.csv").rows
    # the neuron at x0 = 2e11, a quarter of its largest 8e11 pulse: E and dT scale as J^2
    assert rows[0]["J_A_per_m2"] == "2e+11" and rows[0]["energy_fJ"] == "1.64"
    assert rows[0]["latency_ns"] == "1.2" and rows[0]["status"] == "ok"
    assert rows[1]["energy_fJ"] == "6.54" and rows[1]["status"] == "no range"
    # the read does not scale with the write: 1.536 uA, 2 x 2 ohm x 1.536 uA, 0.204 fJ
    assert [rows[0][c] for c in ("read_current_uA", "hall_swing_uV", "read_energy_fJ")] == [
        "1.54", "6.14", "0.204"]
    assert "projection" in rows[-2]["note"] and rows[-1]["energy_fJ"] == "2.622"

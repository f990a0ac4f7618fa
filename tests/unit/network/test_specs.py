"""Typed network rows: each config row becomes frozen dataclasses that refuse bad fields."""

import dataclasses

import pytest
import yaml

from network.specs import (
    CurveNeuron,
    ExponentialSynapse,
    QuadraticSynapse,
    SurrogateNeuron,
    SurrogateSynapse,
    row_spec,
)
from network.synapse import ExponentialDevice, PulseCurves, UpdateParameters
from spinnet.workflow_config import WorkflowConfig, validate_schema


def test_every_row_of_the_shipped_configs_is_typed():
    name = "config/config.yaml"
    config = yaml.safe_load(open(name))
    validate_schema(config, [name])
    workflow = WorkflowConfig(config, [name])
    rows = [workflow.resolved_row(row) for table in config["paper_tables"].values()
            for row in table["rows"]]
    rows += [workflow.accuracy_row(material) for material in (None, *workflow.MATERIALS)]
    assert len(rows) >= 10
    for row in rows:
        spec = row_spec(row)
        assert spec.row == row["row"] and spec.source == row
        with pytest.raises(dataclasses.FrozenInstanceError):
            spec.row = "renamed"


def test_a_row_maps_to_its_device_and_update_parameters():
    spec = row_spec({"row": "SOT synapse", "paper_percent": 91.01,
                     "network": {"learning_rate": 0.03},
                     "neuron": {"form": "relu_like", "params": {"y0": 0.0, "y_sat": 4.0,
                                                                "threshold": 0.0, "slope": 1.0},
                                "c2c": 0.014},
                     "synapse": {"model": "exponential", "A_p": 22.0, "A_d": 9.0,
                                 "n_pulses": 100, "c2c": [0.065, 0.029], "d2d": 0.13,
                                 "scheme": "adaptive", "rounding": "stochastic"}})
    assert isinstance(spec.neuron, CurveNeuron) and spec.neuron.c2c == 0.014
    assert isinstance(spec.synapse, ExponentialSynapse)
    assert spec.synapse.update == UpdateParameters("adaptive", "stochastic")
    assert spec.synapse.device() == ExponentialDevice(22.0, 9.0, 100, (0.065, 0.029),
                                                      (0.13, 0.13))
    assert spec.network == {"learning_rate": 0.03} and spec.paper_percent == 91.01
    quadratic = row_spec({"row": "q", "synapse": {"model": "quadratic", "beta_p": 0.5,
                                                  "beta_d": -0.5, "n_pulses": 10}}).synapse
    assert isinstance(quadratic, QuadraticSynapse)
    curves = quadratic.device()
    assert isinstance(curves, PulseCurves) and curves.potentiation[5] == pytest.approx(0.625)
    surrogate = row_spec({"row": "s", "neuron": {"model": "surrogate", "material": "CuPt_CoPt",
                                                 "device": "nucleation_neuron"},
                          "synapse": {"model": "surrogate", "material": "M",
                                      "device": "stripe_synapse", "n_pulses": 50}})
    assert isinstance(surrogate.neuron, SurrogateNeuron)
    assert isinstance(surrogate.synapse, SurrogateSynapse)
    assert str(surrogate.synapse.path("results/surrogate")) == \
        "results/surrogate/M/stripe_synapse.json"


@pytest.mark.parametrize("row, message", [
    ({"row": "r", "synapse": {"model": "exponential", "A_p": 22.0, "n_pulses": 10}},
     r"synapse model 'exponential' needs \['A_d'\]"),
    ({"row": "r", "synapse": {"model": "quadratic", "beta_p": 2.0, "beta_d": 0.0,
                              "n_pulses": 10}}, r"beta_p = 2.0 must lie in \[-1, 1\]"),
    ({"row": "r", "synapse": {"model": "linear"}}, "synapse model 'linear' must be one of"),
    ({"row": "r", "synapse": {"model": "surrogate", "material": "M", "beta_p": 0.1}},
     r"unknown fields \['beta_p'\]"),
    ({"row": "r", "synapse": {"model": "exponential", "A_p": 1.0, "A_d": 1.0, "n_pulses": 5,
                              "rounding": "up"}}, "rounding = 'up' must be one of"),
    ({"row": "r", "neuron": {"form": "tanh"}}, "neuron form 'tanh' must be one of"),
    ({"row": "r", "neuron": {"model": "surrogate", "material": "M"}},
     r"neuron model 'surrogate' needs \['device'\]"),
    ({"paper_percent": 90.0}, "row needs a name"),
])
def test_bad_rows_are_refused_naming_the_field(row, message):
    with pytest.raises(ValueError, match=message):
        row_spec(row)


def test_a_spin_n_neuron_is_its_fitted_sigmoid_on_the_gain_driven_pre_activation(tmp_path):
    from surrogate.neuron import NeuronRecord

    fit = {"status": "ok", "form": "sigmoid", "A1": -1.0, "A2": 1.0, "x0_A_per_m2": 3.0e11,
           "k_A_per_m2": 6.0e9, "r2": 1.0}
    point = {"operating_point": {}, "current_A_per_m2": [1e11, 5e11],
             "hall_signal_mean": [-1.0, 1.0], "fit": fit, "devices": []}
    folder = tmp_path / "W"
    folder.mkdir()
    NeuronRecord({"model": "sigmoid", "points": [point]}).write(folder / "neuron.json")
    spec = row_spec({"row": "r", "neuron": {"model": "surrogate", "material": "W",
                                            "device": "neuron", "gain_A_per_m2": 2.0e10,
                                            "centred": True}}).neuron
    layer = spec.build(4, None, tmp_path)
    # J = x0 + A z: x0' = 0, k' = 6e9 / 2e10 = 0.3, output on [0, 1]
    assert layer.params == {"a1": 0.0, "a2": 1.0, "x0": 0.0, "k": pytest.approx(0.3)}
    plain = dataclasses.replace(spec, centred=False, gain_A_per_m2=1.0e12).build(4, None, tmp_path)
    assert plain.params["x0"] == pytest.approx(0.3) and plain.params["k"] == pytest.approx(0.006)


def test_an_sot_relu_neuron_is_its_fitted_curve_on_the_gain_driven_pre_activation(tmp_path):
    from surrogate.neuron import NeuronRecord

    fit = {"status": "ok", "form": "relu_like", "y0": -1.0, "y_sat": 0.6,
           "threshold_A_per_m2": 1.2e12, "slope_per_A_per_m2": 2.0e-12, "r2": 0.96}
    point = {"operating_point": {}, "current_A_per_m2": [1e12, 3e12],
             "hall_signal_mean": [-1.0, 0.6], "fit": fit, "devices": []}
    (tmp_path / "W").mkdir()
    NeuronRecord({"model": "relu_like", "points": [point]}).write(tmp_path / "W/sot.json")
    layer = row_spec({"row": "r", "neuron": {"model": "surrogate", "material": "W",
                                             "device": "sot", "gain_A_per_m2": 2.0e11,
                                             "centred": True}}).neuron.build(4, None, tmp_path)
    # J = threshold + A z: threshold' = 0; slope' = 2e-12 x 2e11 / 1.6 = 0.25 per unit z
    assert layer.form == "relu_like"
    assert layer.params == {"y0": 0.0, "y_sat": 1.0, "threshold": 0.0,
                            "slope": pytest.approx(0.25)}

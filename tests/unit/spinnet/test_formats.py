"""Each file between the stages is read through its owner, which names the file and what is
wrong: another format (version), a missing key, a status it does not know."""

from __future__ import annotations

import pytest

from network.rows import read_metrics
from spinnet.provenance import write_json
from surrogate.neuron import read_neuron_record
from surrogate.stage import read_synapse_record

METRICS = {"format": "spinnet-metrics-2", "row": "software synapse + ReLU", "paper_percent": None,
           "spec": {"row": "software synapse + ReLU"}, "status": "ok", "config": {"epochs": 1},
           "curve_source": None, "history": {"epoch": [1]}, "final_test_accuracy": 0.9,
           "device_pulses_full_range": None}
SYNAPSE = {"format": "spinnet-synapse-1", "status": "no range", "reason": "did not switch",
           "sources": []}
NEURON = {"format": "spinnet-neuron-1", "model": "normal_cdf",
          "points": [{"operating_point": {}, "current_A_per_m2": [1.0, 2.0],
                      "hall_signal_mean": [-1.0, 1.0], "fit": {"status": "ok"},
                      "devices": []}]}


@pytest.mark.parametrize(("reader", "record", "change", "words"), [
    (read_metrics, METRICS, {"format": "spinnet-metrics-1"}, ["spinnet-metrics-2", "rerun"]),
    (read_metrics, METRICS, {"history": None}, []),
    (read_synapse_record, SYNAPSE, {"format": "spinnet-neuron-1"}, ["spinnet-synapse-1"]),
    (read_synapse_record, SYNAPSE, {"status": "ok"}, ["network_model", "'ok'"]),
    (read_synapse_record, SYNAPSE, {"status": "maybe"}, ["'maybe'", "no range"]),
    (read_neuron_record, NEURON, {"model": "tanh"}, ["'tanh'", "normal_cdf"]),
    (read_neuron_record, NEURON, {"points": [{"fit": {}}]}, ["operating_point"]),
])
def test_a_file_of_another_version_or_missing_a_key_is_named(tmp_path, reader, record, change,
                                                             words):
    path = tmp_path / "record.json"
    write_json(path, record)
    assert reader(path) == record  # the file as written reads back
    if change == {"history": None}:  # a trained row without its history
        broken = {k: v for k, v in record.items() if k != "history"}
        words = ["history"]
    else:
        broken = record | change
    write_json(path, broken)
    with pytest.raises(ValueError) as err:
        reader(path)
    assert str(path) in str(err.value)
    assert all(word in str(err.value) for word in words), str(err.value)

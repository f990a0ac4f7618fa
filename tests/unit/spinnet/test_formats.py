"""Each file between the stages is read through its owner, which names the file and what is
wrong: another format (version), a missing key, a status it does not know."""

from __future__ import annotations

import pytest

from network.rows import Metrics
from spinnet.provenance import write_json
from surrogate.neuron import NeuronRecord
from surrogate.stage import SynapseRecord

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
    (Metrics.read, METRICS, {"format": "spinnet-metrics-1"}, ["spinnet-metrics-2", "rerun"]),
    (Metrics.read, METRICS, {"history": None}, []),
    (SynapseRecord.read, SYNAPSE, {"format": "spinnet-neuron-1"}, ["spinnet-synapse-1"]),
    (SynapseRecord.read, SYNAPSE, {"status": "ok"}, ["network_model", "'ok'"]),
    (SynapseRecord.read, SYNAPSE, {"status": "maybe"}, ["'maybe'", "no range"]),
    (NeuronRecord.read, NEURON, {"model": "tanh"}, ["'tanh'", "normal_cdf"]),
    (NeuronRecord.read, NEURON, {"points": [{"fit": {}}]}, ["operating_point"]),
])
def test_a_file_of_another_version_or_missing_a_key_is_named(tmp_path, reader, record, change,
                                                             words):
    path = tmp_path / "record.json"
    write_json(path, record)
    read = reader(path)
    assert read.to_dict() == record and read.status == record.get("status")
    read.write(tmp_path / "again.json")  # an owner writes what it reads, unchanged
    assert reader(tmp_path / "again.json") == read
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


def test_an_owner_refuses_to_write_a_record_its_reader_would_refuse(tmp_path):
    with pytest.raises(ValueError, match="lacks \\['reason'\\], which a 'no device' metrics"):
        Metrics({k: v for k, v in METRICS.items() if k != "format"} | {"status": "no device"}
                ).write(tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


def test_a_table_reads_back_what_it_wrote_and_names_a_file_of_other_columns(tmp_path):
    from report.tables import ACCURACY_TABLE, PAPER_TABLE

    rows = [{"row": "software synapse + ReLU", "paper_percent": "96.00", "ours_percent": "96.28",
             "status": "ok"}]
    PAPER_TABLE.with_rows(rows).write(tmp_path / "000.csv")
    assert list(PAPER_TABLE.read(tmp_path / "000.csv").rows) == rows
    with pytest.raises(ValueError, match="000.csv: its columns .* of the accuracy") as err:
        ACCURACY_TABLE.read(tmp_path / "000.csv")
    assert "test_accuracy_percent" in str(err.value)

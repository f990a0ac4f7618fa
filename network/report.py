"""Accuracy table of trained rows, with the device figures of merit beside each device row."""

from __future__ import annotations

import json
from pathlib import Path

from spinnet.provenance import write_csv

from .stage import plot_learning_curves

COLUMNS = ("row", "synapse_curve", "test_accuracy_percent", "status", "epochs",
           "device_pulses", "A_p", "A_d", "beta_p", "beta_d", "fit_r2")


def write_accuracy_table(metrics_paths: list[str | Path], synapse_paths: list[str | Path],
                         table_path: str | Path, figure_path: str | Path) -> list[dict]:
    """Write the CSV table and the learning-curve figure; return the rows."""
    metrics = [json.loads(Path(p).read_text()) for p in metrics_paths]
    synapses = {str(p): json.loads(Path(p).read_text()) for p in synapse_paths}
    rows = []
    for record in metrics:
        row = {key: "" for key in COLUMNS}
        row.update({
            "row": record["label"],
            "synapse_curve": record["curve_source"] or "ideal (software)",
            "status": record["status"],
            "epochs": record["config"]["epochs"],
        })
        if record["status"] != "no device":
            row.update({"test_accuracy_percent": f"{100 * record['final_test_accuracy']:.2f}",
                        "device_pulses": record["device_pulses_full_range"] or ""})
        synapse = synapses.get(record["curve_source"] or "")
        if synapse is not None:
            row.update(device_columns(synapse))
        rows.append(row)
    write_csv(table_path, COLUMNS, rows)
    plot_learning_curves(metrics, figure_path)
    return rows


def device_columns(synapse: dict) -> dict:
    """A_p, A_d, beta_p, beta_d and fit R^2 of a surrogate record; empty if it has no device."""
    if synapse.get("status", "ok") != "ok":
        return {}
    exp, quad = synapse["models"]["exponential"], synapse["models"]["quadratic"]
    return {"A_p": f"{exp['A_p']:.3g}", "A_d": f"{exp['A_d']:.3g}",
            "beta_p": f"{quad['beta_p']:.3g}", "beta_d": f"{quad['beta_d']:.3g}",
            "fit_r2": f"{synapse['models'][synapse['network_model']]['r2']:.3f}"}

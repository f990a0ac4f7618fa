"""The accuracy table of trained rows, with the device figures of merit beside each device
row, their learning curves, and the paper tables (ours against the paper's accuracy, within
``TOLERANCE_PP`` percentage points)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from network.rows import Metrics
from spinnet.figures import save_png, subplots
from spinnet.formats import FormatError
from spinnet.provenance import write_atomic
from surrogate.stage import SynapseRecord

TOLERANCE_PP = 2.0


@dataclass(frozen=True)
class Table:
    """A CSV table of the report, the one owner of its files: ``name`` and ``columns`` are its
    format (a plain header row, so that any spreadsheet reads it; a file with other columns
    is of another version), ``rows`` its lines as mappings over the columns."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[dict, ...] = ()

    def with_rows(self, rows: list[dict]) -> Table:
        """This table's format holding ``rows``."""
        return Table(self.name, self.columns, tuple(rows))

    def write(self, path: str | Path) -> None:
        """Write the header and rows atomically."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        write_atomic(path, lambda tmp: tmp.write_text(buffer.getvalue()))

    def read(self, path: str | Path) -> Table:
        """The rows of a file of this table's format; :class:`FormatError` naming the file and
        the columns otherwise."""
        with open(path, newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            if header != self.columns:
                raise FormatError(f"{path}: its columns {list(header)} are not those of the "
                                  f"{self.name} {list(self.columns)}; rerun the report stage")
            return self.with_rows(list(reader))

DEVICE_COLUMNS = ("curve_model", "A_p", "A_d", "beta_p", "beta_d", "fit_r2", "c2c_p", "c2c_d",
                  "d2d_A_p", "d2d_A_d")
ACCURACY_COLUMNS = ("row", "synapse_curve", "test_accuracy_percent", "status", "epochs",
                    "device_pulses", *DEVICE_COLUMNS)
ACCURACY_TABLE = Table("accuracy table", ACCURACY_COLUMNS)


def write_accuracy_table(metrics_paths: list[str | Path], synapse_paths: list[str | Path],
                         table_path: str | Path, figure_path: str | Path) -> list[dict]:
    """Write the CSV table and the learning-curve figure; return the rows."""
    metrics = [Metrics.read(p) for p in metrics_paths]
    synapses = {str(p): SynapseRecord.read(p) for p in synapse_paths}
    rows = []
    for record in metrics:
        row = {key: "" for key in ACCURACY_COLUMNS}
        row.update({
            "row": record["row"],
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
    ACCURACY_TABLE.with_rows(rows).write(table_path)
    plot_learning_curves(metrics, figure_path)
    return rows


def device_columns(synapse: dict) -> dict:
    """Curve model, A_p, A_d, beta_p, beta_d, fit R^2 and the C2C / D2D the devices' seeds give;
    empty if the record has no device."""
    if synapse.get("status", "ok") != "ok":
        return {}
    models = synapse["models"]
    columns = {"curve_model": synapse["network_model"],
               "fit_r2": f"{models[synapse['network_model']]['r2']:.3f}"}
    for model, names in (("exponential", ("A_p", "A_d")), ("quadratic", ("beta_p", "beta_d"))):
        if model in models:
            columns.update({name: f"{models[model][name]:.3g}" for name in names})
    variation = synapse.get("variation") or {}
    for key, value in (("c2c_p", (variation.get("c2c") or {}).get("potentiation")),
                       ("c2c_d", (variation.get("c2c") or {}).get("depression")),
                       ("d2d_A_p", (variation.get("d2d") or {}).get("A_p")),
                       ("d2d_A_d", (variation.get("d2d") or {}).get("A_d"))):
        if value is not None:
            columns[key] = f"{value:.3g}"
    return columns


def plot_learning_curves(metrics: list[dict], figure_path: str | Path) -> None:
    """Test accuracy per epoch of several rows on one axis."""
    fig, ax = subplots(figsize=(5.5, 3.8), constrained_layout=True)
    for record in metrics:
        if "history" not in record:
            continue
        history = record["history"]
        ax.plot(history["epoch"], [100 * a for a in history["test_accuracy"]], "o-",
                label=f"{record['row']} ({100 * record['final_test_accuracy']:.2f} %)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("test accuracy (%)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    save_png(fig, figure_path)


PAPER_COLUMNS = ("row", "paper_percent", "ours_percent", "status")
PAPER_TABLE = Table("paper table", PAPER_COLUMNS)


def table_status(paper_percent: float, ours_percent: float, collapsed: bool) -> str:
    """ok within TOLERANCE_PP of the paper, differs beyond, collapsed for a one-class net."""
    if collapsed:
        return "collapsed"
    return "ok" if abs(ours_percent - paper_percent) <= TOLERANCE_PP else "differs"


def write_paper_table(metrics_paths: list[str | Path], table_path: str | Path,
                      figure_path: str | Path | None = None) -> list[dict]:
    """``row, paper_percent, ours_percent, status`` for every row, in row order (a row without
    a paper value: ``no paper value``; a surrogate that cannot work: ``no device``), and the
    running recognition rates of the rows that record one (:func:`plot_running_recognition`)."""
    rows, metrics = [], []
    for path in metrics_paths:
        record = Metrics.read(path)
        metrics.append(record)
        paper = record["paper_percent"]
        if record["status"] == "no device":
            rows.append({"row": record["row"], "paper_percent": "" if paper is None
                         else f"{paper:.2f}", "ours_percent": "",
                         "status": f"no device: {record['reason']}"})
            continue
        ours = 100 * record["final_test_accuracy"]
        collapsed = record["status"] == "collapsed"
        status = ("collapsed" if collapsed else "no paper value") if paper is None \
            else table_status(paper, ours, collapsed)
        rows.append({"row": record["row"], "paper_percent": "" if paper is None
                     else f"{paper:.2f}", "ours_percent": "" if collapsed else f"{ours:.2f}",
                     "status": status})
    PAPER_TABLE.with_rows(rows).write(table_path)
    if figure_path is not None:
        plot_running_recognition(metrics, figure_path)
    return rows


def plot_running_recognition(metrics: list, figure_path: str | Path) -> None:
    """The recognition rate over each window of training examples, of every row that records
    it (network ``running_window``), against the examples met."""
    fig, ax = subplots(figsize=(6.5, 4), constrained_layout=True)
    drawn = 0
    for record in metrics:
        rates = record.get("history", {}).get("running_recognition")
        if not rates:
            continue
        window = record["config"]["running_window"]
        ax.plot(window * (1 + np.arange(len(rates))), [100 * r for r in rates], "o-", ms=3,
                label=record["row"])
        drawn += 1
    if drawn:
        ax.legend(fontsize=7)
    else:
        ax.text(0.5, 0.5, "no row of this table records a running recognition rate\n"
                "(network running_window)", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("training examples met")
    ax.set_ylabel("recognition rate over the last window (%)")
    ax.set_title("Recognition during online training", fontsize=9)
    ax.grid(alpha=0.3)
    save_png(fig, figure_path)

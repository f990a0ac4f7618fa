"""The material-to-accuracy map: material parameters -> device figures of merit -> accuracy.

One row per material stack (shipped file or Paramspace variant): the physics that went in, what
the fitted device curve became, and the MNIST accuracy the device row reached.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from micromag.material import MaterialStack
from network.rows import Metrics
from spinnet.figures import save_png, subplots
from surrogate.stage import SynapseRecord

from .tables import DEVICE_COLUMNS, Table, device_columns
from .variation import thermal_summary

MATERIAL_COLUMNS = ("Ms_A_per_m", "Ku_J_per_m3", "D_J_per_m2", "spin_hall_angle",
                    "Ku_dispersion", "ferromagnet_thickness_m")
DRIVE_COLUMNS = ("drive", "J_op_A_per_m2", "pulse_duration_ns", "current_uA",
                 "energy_per_pulse_fJ", "energy_per_update_fJ", "delta_T_K")
# C2C and D2D of the stack at temperature: from a synapse device that ran it in thermal cycles
# (config thermal_cycles > 1), beside the map device's own (0 K: no C2C).
THERMAL_COLUMNS = ("thermal_device", "thermal_T_K", "thermal_cycles", "thermal_seeds",
                   "c2c_p_thermal", "c2c_d_thermal", "d2d_A_p_thermal", "d2d_A_d_thermal")
COLUMNS = ("material", "label", *MATERIAL_COLUMNS, "K_eff_J_per_m3", "wall_width_nm", "D_over_D_c",
           *DRIVE_COLUMNS, "device_status", "device_reason", "n_states", "G_range",
           *DEVICE_COLUMNS, "n_devices", *THERMAL_COLUMNS, "energy_per_epoch_nJ",
           "test_accuracy_percent", "status")
MATERIAL_MAP_TABLE = Table("material map", COLUMNS)


def material_row(name: str, material: MaterialStack, synapse: dict, metrics: dict,
                 label: str | None = None, thermal: dict | None = None) -> dict:
    """One map row from a material stack, its surrogate record and its network metrics;
    ``thermal``: the record of a synapse that ran the stack in thermal cycles (C2C, D2D)."""
    row = {key: "" for key in COLUMNS}
    row["material"] = name
    row["label"] = label or _label(name)
    for key in MATERIAL_COLUMNS:
        row[key] = f"{getattr(material, key):.4g}"
    row["K_eff_J_per_m3"] = f"{material.K_eff_J_per_m3:.4g}"
    row["wall_width_nm"] = f"{1e9 * material.wall_width_m:.3g}"
    row["D_over_D_c"] = f"{material.D_J_per_m2 / material.critical_dmi_J_per_m2:.3g}"
    row["device_status"] = synapse.get("status", "ok")
    row["device_reason"] = synapse.get("reason", "")
    energy_per_update = _drive_columns(row, synapse, metrics)
    row["n_devices"] = len(synapse.get("sources", []))
    row.update(device_columns(synapse))
    if thermal is not None:
        row.update(thermal_columns(thermal))
    if row["device_status"] == "ok":
        curve = synapse["models"][synapse["network_model"]]
        row.update({"n_states": curve["n_distinguishable_states"],
                    "G_range": f"{curve['G_range']:.3g}"})
    row["status"] = metrics["status"]
    if metrics["status"] != "no device":
        row["test_accuracy_percent"] = f"{100 * metrics['final_test_accuracy']:.2f}"
        pulses = metrics["history"].get("pulses") or []
        if energy_per_update is not None and pulses:
            last_epoch = pulses[-1] - (pulses[-2] if len(pulses) > 1 else 0)
            row["energy_per_epoch_nJ"] = f"{1e9 * last_epoch * energy_per_update:.3g}"
    pulse = (synapse.get("drive") or {}).get("pulse") or {}
    if pulse.get("overdriven") and row["status"] == "ok":
        row["status"] = f"overdriven (dT = {pulse['temperature_rise_K']:.0f} K)"
    return row


def thermal_columns(thermal: dict) -> dict:
    """The thermal device's name, temperature, cycles and seeds, and its C2C and D2D
    (:func:`report.variation.thermal_summary`); a device that did not switch gives its status
    in place of its C2C."""
    summary = thermal_summary(thermal)
    columns = {"thermal_device": summary["device"], "thermal_T_K": summary["temperature_K"],
               "thermal_cycles": summary["n_cycles"], "thermal_seeds": summary["n_seeds"]}
    if summary["status"] != "ok":
        return columns | {"c2c_p_thermal": summary["status"]}
    return columns | {f"{key}_thermal": summary[key]
                      for key in ("c2c_p", "c2c_d", "d2d_A_p", "d2d_A_d")}


def _drive_columns(row: dict, synapse: dict, metrics: dict) -> float | None:
    """The drive of the device (searched operating point or fixed current) and its pulse's
    current, energy and heating; returns the energy of one network update pulse (J).

    The network walks the curve in ``device_pulses_full_range`` pulses where the simulated
    device took N; a network pulse is taken as a pulse of N / P of the simulated width at the
    same current, so its energy is E_pulse N / P (stated in the docs)."""
    drive = synapse.get("drive") or {}
    pulse = drive.get("pulse")
    if not pulse:
        return None
    row.update({"drive": drive.get("source", ""),
                "J_op_A_per_m2": f"{drive['current_density_A_per_m2']:.3g}",
                "pulse_duration_ns": f"{1e9 * drive['pulse_duration_s']:.3g}",
                "current_uA": f"{1e6 * pulse['current_A']:.3g}",
                "energy_per_pulse_fJ": f"{1e15 * pulse['energy_J']:.3g}",
                "delta_T_K": ("" if pulse["temperature_rise_K"] is None
                              else f"{pulse['temperature_rise_K']:.3g}")})
    simulated = (synapse.get("curve") or {}).get("pulses")
    network = metrics.get("device_pulses_full_range")
    if not simulated or not network:
        return None
    per_update = pulse["energy_J"] * (len(simulated) - 1) / network
    row["energy_per_update_fJ"] = f"{1e15 * per_update:.3g}"
    return per_update


def write_material_map(names: list[str], material_paths: list[str | Path],
                       synapse_paths: list[str | Path], metrics_paths: list[str | Path],
                       software_metrics_path: str | Path, table_path: str | Path,
                       figure_path: str | Path, labels: list[str] | None = None,
                       thermal_paths: list[str | Path | None] | None = None) -> list[dict]:
    """Write the map as CSV and as a figure; return its rows. ``labels``: short names of the
    materials (default: a variant's base and the fields it replaces); ``thermal_paths``: per
    material, the surrogate record of a synapse run in thermal cycles, or None."""
    rows = []
    thermal_paths = thermal_paths or [None] * len(names)
    for i, (name, material, synapse, metrics, thermal) in enumerate(zip(
            names, material_paths, synapse_paths, metrics_paths, thermal_paths, strict=True)):
        rows.append(material_row(name, MaterialStack.from_yaml(material),
                                 SynapseRecord.read(synapse), Metrics.read(metrics),
                                 labels[i] if labels else None,
                                 SynapseRecord.read(thermal) if thermal else None))
    software = Metrics.read(software_metrics_path)["final_test_accuracy"]
    MATERIAL_MAP_TABLE.with_rows(rows).write(table_path)
    _plot(rows, 100 * software, figure_path)
    return rows


def _label(stem: str) -> str:
    """A material's name for a figure: a variant's Paramspace stem
    (``base~<stem>_<field>~<value>_...``) as its base and the fields it replaces."""
    if not stem.startswith("base~"):
        return stem
    fields = "|".join(f.name for f in dataclasses.fields(MaterialStack))
    base, *changes = re.split(f"_(?=(?:{fields})~)", stem.removeprefix("base~"))
    return f"{base}: " + ", ".join(change.replace("~", " = ") for change in changes)


def _plot(rows: list[dict], software_percent: float, path: str | Path) -> None:
    """Accuracy per material beside the figures of merit that explain it."""
    fig, (bars, states) = subplots(1, 2, figsize=(11, 0.45 * len(rows) + 3.0),
                                   constrained_layout=True,
                                   gridspec_kw={"width_ratios": [3, 2]})
    fig.get_layout_engine().set(wspace=0.08)  # room for the end ticks of both x axes
    y = np.arange(len(rows))
    accuracy = np.array([float(r["test_accuracy_percent"] or "nan") for r in rows])
    colours = ["tab:blue" if r["status"] == "ok" else "tab:orange"
               if r["status"].startswith("overdriven") else "tab:red" for r in rows]
    bars.barh(y, np.nan_to_num(accuracy), color=colours)
    bars.axvline(software_percent, color="k", ls="--", lw=1,
                 label=f"software weights {software_percent:.2f} %")
    for i, row in enumerate(rows):
        text = (f"{accuracy[i]:.1f} %  ({row['n_states']} states, A_p={row['A_p']}, "
                f"A_d={row['A_d']})" if row["test_accuracy_percent"]
                else f"{row['status']}: {row['device_status']}")
        if row["status"].startswith("overdriven"):
            text += f"; {row['status']}"
        bars.text(1, i, text, va="center", fontsize=7, color="w" if accuracy[i] > 30 else "k")
    bars.set_yticks(y, [f"{i + 1}  {r['label']}" for i, r in enumerate(rows)],
                    fontsize=7)
    bars.set_xlim(0, 100)
    bars.set_xlabel("MNIST test accuracy (%)", fontsize=8)
    bars.tick_params(axis="x", labelsize=7)
    bars.legend(fontsize=7, loc="lower right")
    bars.invert_yaxis()
    ok = [i for i, r in enumerate(rows) if r["test_accuracy_percent"] and r["beta_p"] != ""
          and r["energy_per_update_fJ"] != ""]
    x = [float(rows[i]["energy_per_update_fJ"]) for i in ok]
    nonlin = [abs(float(rows[i]["beta_p"])) + abs(float(rows[i]["beta_d"])) for i in ok]
    points = states.scatter(x, accuracy[ok], c=nonlin, cmap="viridis")
    for i, x_i in zip(ok, x, strict=True):
        states.annotate(str(i + 1), (x_i, accuracy[i]), fontsize=7, xytext=(3, 3),
                        textcoords="offset points")
    colour_bar = fig.colorbar(points, ax=states)
    colour_bar.set_label("|beta_p| + |beta_d| (nonlinearity)", fontsize=8)
    colour_bar.ax.tick_params(labelsize=7)
    states.tick_params(labelsize=7)
    states.set_xscale("log")
    states.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    states.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    states.xaxis.set_minor_formatter(NullFormatter())
    states.set_xlabel("write energy per network update (fJ; I^2 R t in the heavy metal)",
                      fontsize=8)
    states.set_ylabel("MNIST test accuracy (%)", fontsize=8)
    states.set_title("accuracy against energy (numbers: rows of the left panel)", fontsize=8)
    fig.suptitle("MNIST accuracy of each material stack's simulated synapse (a row without "
                 "an accuracy gives the reason)", fontsize=9)
    save_png(fig, path)

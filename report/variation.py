"""Cycle-to-cycle and device-to-device variation of the synapses run in thermal cycles, beside
[Cao2023]'s measured values (Fig. 3).

C2C is 001's convention: the spread of one pulse's step across cycles, as a fraction of the
range; D2D is the relative spread of the fitted A_p and A_d across disorder seeds. Thermal C2C
is an average over the readout area of independent fluctuations, so it falls roughly as
1 / sqrt(area): each row also gives its C2C scaled to 001's Hall cross, which says how much of
001's measured C2C thermal noise at our device's physics could explain.
"""

from __future__ import annotations

import math
from pathlib import Path

from surrogate.stage import SynapseRecord

from .tables import Table, device_columns

COLUMNS = ("device", "material", "temperature_K", "n_cycles", "n_seeds", "readout_area_um2",
           "c2c_p", "c2c_d", "d2d_A_p", "d2d_A_d", "c2c_p_at_Cao2023_area",
           "c2c_d_at_Cao2023_area", "status", "note")
VARIATION_TABLE = Table("variation table", COLUMNS)
# [Cao2023]'s synapse: a 30 x 150 um^2 W/CoFeB(1.1) Hall bar; its read area is taken to be the
# 30 x 30 um^2 cross (the paper gives the bar, not the cross)
CAO2023_AREA_M2 = 30e-6 * 30e-6
CAO2023 = {"device": "[Cao2023] SOT synapse, measured", "material": "W/CoFeB(1.1 nm)/MgO",
           "temperature_K": "room", "n_cycles": "6", "n_seeds": "3",
           "readout_area_um2": f"{1e12 * CAO2023_AREA_M2:g}",
           "c2c_p": "0.065", "c2c_d": "0.029", "d2d_A_p": "0.13", "d2d_A_d": "0.48",
           "status": "measured",
           "note": "30 x 150 um^2 Hall bar; its 30 x 30 um^2 cross taken as the read area"}


def thermal_summary(record: dict) -> dict:
    """What a thermal synapse's surrogate record says of its variation: its device, temperature,
    cycles and seeds, its status, and (where ok) C2C per branch and D2D of A_p and A_d, formatted
    as the accuracy table's device columns (empty where the record has none)."""
    sources = record.get("sources") or [{}]
    summary = {"device": Path(sources[0].get("path", "")).stem.rsplit("_seed", 1)[0],
               "temperature_K": f"{sources[0].get('temperature_K', 0):g}",
               "n_cycles": str(sources[0].get("thermal_cycles", 1)),
               "n_seeds": str(len(sources)), "status": record.get("status", "ok")}
    own = device_columns(record)
    return summary | {key: own.get(key, "") for key in ("c2c_p", "c2c_d", "d2d_A_p", "d2d_A_d")}


def variation_row(device: str, material: str, record: dict, area_m2: float) -> dict:
    """The row of one thermal synapse's surrogate record, read over ``area_m2`` (m²)."""
    summary = thermal_summary(record)
    row = {key: "" for key in COLUMNS} | summary | {
        "device": device, "material": material, "readout_area_um2": f"{1e12 * area_m2:.3g}",
        "note": record.get("reason", "")}
    if row["status"] != "ok":
        return row
    variation = record.get("variation") or {}
    scale = math.sqrt(area_m2 / CAO2023_AREA_M2)
    for branch, key in (("potentiation", "p"), ("depression", "d")):
        c2c = (variation.get("c2c") or {}).get(branch)
        if c2c is not None:
            row[f"c2c_{key}_at_Cao2023_area"] = f"{c2c * scale:.2g}"
    if not variation.get("d2d"):
        row["note"] = variation.get("d2d_reason", "one disorder seed: no D2D")
    return row


def write_variation_table(devices: list[tuple[str, str, float]], paths: list[str | Path],
                          table_path: str | Path) -> list[dict]:
    """Write the table: one row per (device, material, readout area) with its surrogate file,
    then [Cao2023]'s; return the rows."""
    rows = [variation_row(device, material, SynapseRecord.read(path), area)
            for (device, material, area), path in zip(devices, paths, strict=True)]
    rows.append({key: "" for key in COLUMNS} | CAO2023)
    VARIATION_TABLE.with_rows(rows).write(table_path)
    return rows

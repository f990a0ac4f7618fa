"""Write energy, heating and latency of every simulated device, beside [Cao2023]'s figures.

A synapse's row is one write pulse at its drive (the searched operating point or the fixed
current); a neuron's is one activation pulse at the centre of its fitted curve (x0, the ReLU
threshold or mu), whose energy and heating scale as J^2 from the sweep's largest pulse. The
latency is the pulse plus the relaxation before the Hall read. Assumptions (also in the
report's caption): the current flows through the heavy metal only; no peripheral circuit;
adiabatic heating, an upper bound. Two reference rows give [Cao2023]'s numbers: its 0.1 fJ is
a projection for a scaled SOT neuron, not a measurement.

Each row also gives one Hall read at the configured read current density and time
(:class:`micromag.energy.HallRead`): the read current, the Hall voltage swing 2 R_AHE I_read
and the read energy I_read^2 R t_read, with R_AHE from the material file.
"""

from __future__ import annotations

from pathlib import Path

from micromag.energy import HallRead
from surrogate.neuron import LOCATION, NeuronRecord
from surrogate.stage import SynapseRecord

from .tables import Table

COLUMNS = ("device", "kind", "material", "operation", "drive", "J_A_per_m2", "pulse_ns",
           "latency_ns", "current_uA", "channel_resistance_ohm", "energy_fJ", "delta_T_K",
           "read_current_uA", "read_ns", "hall_swing_uV", "read_energy_fJ", "status", "note")
ENERGY_TABLE = Table("energy table", COLUMNS)
ASSUMPTIONS = "I^2 R t in the heavy-metal channel only; no peripheral circuits; adiabatic dT"
REFERENCES = (
    {"device": "[Cao2023] scaled SOT neuron (projection)", "operation": "neuron activation",
     "energy_fJ": "0.1", "latency_ns": "10",
     "note": "the paper's projection for a scaled device (1000 ohm, 0.2 uA, 10 ns), "
             "not a measurement"},
    {"device": "[Cao2023] 45 nm CMOS neuron (circuit simulation)",
     "operation": "neuron activation", "energy_fJ": "2.622", "latency_ns": "10",
     "note": "100 MHz, 4-bit digital neuron, as quoted by the paper"},
)


def energy_row(device: str, kind: str, material: str, record,
               read: dict | None = None) -> dict | None:
    """The row of one surrogate record with a drive; None for a record without one (a
    measured device). ``read`` (the config's ``readout``: current density in A/m^2 and
    duration in s) adds the Hall read's columns where the record gives the stack's R_AHE."""
    drive = record.get("drive") or {}
    pulse = drive.get("pulse")
    if not pulse:
        return None
    scale, operation = 1.0, "synapse write pulse"
    if isinstance(record, NeuronRecord):
        fit = record["points"][0]["fit"]
        centre = fit.get(LOCATION[record["model"]]) if fit.get("status") == "ok" else None
        if centre is None:
            return None
        scale = (abs(centre) / drive["current_density_A_per_m2"]) ** 2
        operation = f"neuron activation at its fitted {LOCATION[record['model']].split('_')[0]}"
    rise = pulse["temperature_rise_K"]
    rise = None if rise is None else rise * scale
    overdriven = rise is not None and pulse.get("max_temperature_K") is not None and \
        pulse["ambient_K"] + rise > pulse["max_temperature_K"]
    relaxation = drive.get("relaxation_s")
    hall = None
    if read and drive.get("anomalous_hall_resistance_ohm"):
        hall = HallRead.of(pulse, drive["anomalous_hall_resistance_ohm"],
                           read["current_density_A_per_m2"], read["duration_s"])
    return {
        "device": device, "kind": kind,
        "material": material, "operation": operation, "drive": drive.get("source", ""),
        "J_A_per_m2": f"{drive['current_density_A_per_m2'] * scale**0.5:.3g}",
        "pulse_ns": f"{1e9 * drive['pulse_duration_s']:.3g}",
        "latency_ns": "" if relaxation is None
        else f"{1e9 * (drive['pulse_duration_s'] + relaxation):.3g}",
        "current_uA": f"{1e6 * pulse['current_A'] * scale**0.5:.3g}",
        "channel_resistance_ohm": f"{pulse['resistance_ohm']:.4g}",
        "energy_fJ": f"{1e15 * pulse['energy_J'] * scale:.3g}",
        "delta_T_K": "" if rise is None else f"{rise:.3g}",
        "read_current_uA": "" if hall is None else f"{1e6 * hall.current_A:.3g}",
        "read_ns": "" if hall is None else f"{1e9 * hall.duration_s:.3g}",
        "hall_swing_uV": "" if hall is None else f"{1e6 * hall.hall_swing_V:.3g}",
        "read_energy_fJ": "" if hall is None else f"{1e15 * hall.energy_J:.3g}",
        "status": (f"overdriven (dT = {rise:.0f} K > {pulse['max_temperature_K']:.0f} K - "
                   f"{pulse['ambient_K']:.0f} K)") if overdriven else record.get("status", "ok"),
        "note": ASSUMPTIONS + ("" if hall is None else
                               f"; read: R_AHE = {hall.anomalous_hall_resistance_ohm:g} ohm "
                               "from the material file"),
    }


def write_energy_table(devices: list[tuple[str, str, str, str]], paths: list[str | Path],
                       table_path: str | Path, read: dict | None = None) -> list[dict]:
    """One row per simulated device and material, ``devices`` as (device, kind, role,
    material) beside its surrogate file in ``paths``, then the reference rows; ``read`` as
    in :func:`energy_row`."""
    rows = []
    for (device, kind, role, material), path in zip(devices, paths, strict=True):
        reader = NeuronRecord if role == "neuron" else SynapseRecord
        row = energy_row(device, kind, material, reader.read(path), read)
        if row is not None:
            rows.append(row)
    rows += [{key: "" for key in COLUMNS} | reference for reference in REFERENCES]
    ENERGY_TABLE.with_rows(rows).write(table_path)
    return rows

"""Micromagnetic stage entry point: config section + material file -> trace file + figure."""

from __future__ import annotations

import time
from pathlib import Path

from spinnet.provenance import config_hash, package_versions

from .engines import get_engine
from .geometry import HallCrossTrack
from .material import MaterialStack
from .plots import plot_snapshots
from .problem import DomainSynapse
from .protocol import PotentiationDepression
from .traces import save_trace


def domain_synapse_from_config(device: dict, thickness_m: float) -> tuple[DomainSynapse,
                                                                         PotentiationDepression]:
    """Device and protocol of the ``micromag.synapse`` config section, for a film of
    ``thickness_m`` (the material's ferromagnet thickness, m)."""
    geometry = HallCrossTrack(**device["geometry"], thickness_m=thickness_m)
    synapse = DomainSynapse(
        geometry=geometry,
        domain_width_m=device["domain_width_m"],
        domain_front_x_m=device["domain_front_x_m"],
        bias_field_y_A_per_m=device["bias_field_y_A_per_m"],
        temperature_K=device["temperature_K"],
    )
    pulses = device["protocol"]
    protocol = PotentiationDepression(
        current_density_A_per_m2=pulses["current_density_A_per_m2"],
        pulse_duration_s=pulses["pulse_duration_s"],
        relaxation_s=pulses["relaxation_s"],
        n_potentiation=pulses["n_pulses"],
        n_depression=pulses["n_pulses"],
    )
    return synapse, protocol


def simulate_domain_synapse(device: dict, engine: dict, material_path: str | Path, seed: int,
                            trace_path: str | Path, figure_path: str | Path,
                            progress: bool = True) -> dict:
    """Run the domain-wall synapse protocol and write its trace and m_z snapshot figure.

    ``seed`` draws the grain disorder and the thermal field. Returns the metadata record
    stored in the trace file.
    """
    material = MaterialStack.from_yaml(material_path)
    synapse, protocol = domain_synapse_from_config(device, material.ferromagnet_thickness_m)
    system = synapse.system(material, protocol.current_density_A_per_m2, disorder_seed=seed)
    runner = get_engine(engine["name"], **engine.get("options", {}))
    started = time.perf_counter()
    trace = runner.run(system, protocol, synapse.readout_region(), seed=seed, progress=progress)
    wall_s = time.perf_counter() - started
    metadata = {
        "device": "domain_synapse",
        "material": material.to_dict(),
        "material_sha256": material.sha256,
        "device_config": device,
        "device_config_sha256": config_hash(device),
        "protocol": protocol.to_dict(),
        "seed": seed,
        "engine": trace.engine,
        "engine_version": trace.engine_version,
        "engine_options": engine.get("options", {}),
        "steps": trace.steps,
        "wall_time_s": wall_s,
        "readout": "mean m_z over the Hall cross (R_H / R_AHE)",
        "versions": package_versions(),
    }
    save_trace(trace_path, trace, metadata)
    g = synapse.geometry
    plot_snapshots(figure_path, trace.mz_snapshots, trace.hall_signal, trace.pulse_sign,
                   extent_m=(g.track_length_m, g.height_m),
                   hall_box_m=(g.hall_center_x_m - g.hall_arm_width_m / 2,
                               g.hall_center_x_m + g.hall_arm_width_m / 2,
                               g.hall_arm_length_m, g.hall_arm_length_m + g.track_width_m))
    return metadata

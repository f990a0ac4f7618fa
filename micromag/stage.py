"""Micromagnetic stage entry point: config section + material file -> trace file + figure."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from spinnet import hold
from spinnet.provenance import config_hash, package_versions

from .engines import get_engine
from .geometry import HallCrossTrack
from .material import MaterialStack
from .plots import plot_neuron_sweep, plot_snapshots
from .problem import DomainSynapse, SOTFilm
from .protocol import AmplitudeSweep, PotentiationDepression
from .traces import save_trace


def _pulse_train(pulses: dict) -> PotentiationDepression:
    """N pulses of +J then N of -J, from a synapse ``protocol`` config section."""
    return PotentiationDepression(
        current_density_A_per_m2=pulses["current_density_A_per_m2"],
        pulse_duration_s=pulses["pulse_duration_s"], relaxation_s=pulses["relaxation_s"],
        n_potentiation=pulses["n_pulses"], n_depression=pulses["n_pulses"])


def _amplitude_sweep(pulses: dict, seed: int = 0) -> AmplitudeSweep:
    """Evenly spaced amplitudes from a neuron ``protocol`` section: rising, or in an order
    drawn from ``seed`` (``order: shuffled``); erased before each pulse, or only before a lower
    amplitude (``reset: when_lower``, 003's SET/RESET)."""
    amplitudes = np.linspace(pulses["amplitude_min_A_per_m2"], pulses["amplitude_max_A_per_m2"],
                             pulses["n_amplitudes"])
    if pulses.get("order", "rising") == "shuffled":
        amplitudes = np.random.default_rng(seed).permutation(amplitudes)
    return AmplitudeSweep(amplitudes_A_per_m2=tuple(float(a) for a in amplitudes),
                          pulse_duration_s=pulses["pulse_duration_s"],
                          relaxation_s=pulses["relaxation_s"],
                          reset=pulses.get("reset", "always"))


def _domain_track(device: dict, thickness_m: float, domain_front_x_m: float,
                  bias_field_x_A_per_m: float = 0.0) -> DomainSynapse:
    """The domain-wall track of a ``micromag.synapse`` or ``micromag.neuron`` config section,
    for a film of ``thickness_m`` (m), with its wall at ``domain_front_x_m`` (m) under H_x (A/m)."""
    return DomainSynapse(
        geometry=HallCrossTrack(**device["geometry"], thickness_m=thickness_m),
        domain_width_m=device["domain_width_m"],
        domain_front_x_m=domain_front_x_m,
        bias_field_y_A_per_m=device["bias_field_y_A_per_m"],
        temperature_K=device["temperature_K"],
        bias_field_x_A_per_m=bias_field_x_A_per_m,
    )


def domain_synapse_from_config(device: dict, thickness_m: float) -> tuple[DomainSynapse,
                                                                         PotentiationDepression]:
    """Device and protocol of the ``micromag.synapse`` config section, for a film of
    ``thickness_m`` (the material's ferromagnet thickness, m)."""
    synapse = _domain_track(device, thickness_m, device["domain_front_x_m"])
    return synapse, _pulse_train(device["protocol"])


def domain_neuron_from_config(device: dict, thickness_m: float, bias_field_x_A_per_m: float,
                              domain_front_x_m: float) -> tuple[DomainSynapse, AmplitudeSweep]:
    """Device and protocol of the ``micromag.neuron`` config section at one operating point:
    in-plane field H_x (A/m) and initial wall position (m), the spin-N's two tuning knobs."""
    neuron = _domain_track(device, thickness_m, domain_front_x_m, bias_field_x_A_per_m)
    return neuron, _amplitude_sweep(device["protocol"])


def sot_film_from_config(device: dict, thickness_m: float, seed: int = 0) -> tuple[
        SOTFilm, PotentiationDepression | AmplitudeSweep]:
    """Film and protocol of a ``micromag.sot_synapse`` (consecutive pulses, + then -),
    ``micromag.sot_neuron`` (one pulse per amplitude from the -z state) or
    ``micromag.nucleation_neuron`` (decoupled grains, SET/RESET) config section; ``seed``
    draws a shuffled amplitude order."""
    film = SOTFilm(**device["film"], thickness_m=thickness_m,
                   bias_field_x_A_per_m=device["bias_field_x_A_per_m"],
                   temperature_K=device["temperature_K"],
                   decoupled_grains=device.get("decoupled_grains", False))
    pulses = device["protocol"]
    return film, (_pulse_train(pulses) if "n_pulses" in pulses
                  else _amplitude_sweep(pulses, seed))


def simulate_sot_film(kind: str, device: dict, engine: dict, material_path: str | Path,
                      seed: int, trace_path: str | Path, figure_path: str | Path,
                      progress: bool = True) -> dict:
    """Run 001's SOT synapse (``kind`` 'sot_synapse') or ReLU-like neuron ('sot_neuron'), or
    003's nucleation neuron ('nucleation_neuron'), on a film and write its trace and m_z
    snapshot figure. A device section's own ``engine`` replaces ``engine``."""
    material = MaterialStack.from_yaml(material_path)
    film, protocol = sot_film_from_config(device, material.ferromagnet_thickness_m, seed)
    engine = device.get("engine", engine)
    trace, metadata = _run_device(kind, film, protocol, material, device, engine, seed,
                                  trace_path, progress, n_grains=film.n_grains(material, seed))
    extent = (film.length_m, film.width_m)
    box = (0.0, film.length_m, 0.0, film.width_m)
    if kind != "sot_synapse":
        plot_neuron_sweep(figure_path, trace.mz_snapshots, trace.hall_signal,
                          trace.pulse_current_A_per_m2, extent_m=extent, hall_box_m=box,
                          title=f"{material.name}: {kind.replace('_', ' ')}, H_x "
                                f"{film.bias_field_x_A_per_m:g} A/m, seed {seed}")
    else:
        plot_snapshots(figure_path, trace.mz_snapshots, trace.hall_signal, trace.pulse_sign,
                       extent_m=extent, hall_box_m=box)
    return metadata


def _run_device(kind: str, device, protocol, material: MaterialStack, device_config: dict,
                engine: dict, seed: int, trace_path: str | Path, progress: bool,
                **extra) -> tuple:
    """Run ``protocol`` on ``device`` and write the trace with its provenance record."""
    system = device.system(material, protocol.current_density_A_per_m2, disorder_seed=seed)
    runner = get_engine(engine["name"], **engine.get("options", {}))
    started = time.perf_counter()
    with hold.job(trace_path):
        trace = runner.run(system, protocol, device.readout_region(), seed=seed,
                           progress=progress)
    wall_s = time.perf_counter() - started
    metadata = {
        "device": kind,
        "material": material.to_dict(),
        "material_sha256": material.sha256,
        "device_config": device_config,
        "device_config_sha256": config_hash(device_config),
        **extra,
        "protocol": protocol.to_dict(),
        "seed": seed,
        "engine": trace.engine,
        "engine_version": trace.engine_version,
        "engine_options": engine.get("options", {}),
        "steps": trace.steps,
        "wall_time_s": wall_s,
        "readout": "mean m_z over the Hall cross (R_H / R_AHE) after each relaxation",
        "versions": package_versions(),
    }
    save_trace(trace_path, trace, metadata)
    return trace, metadata


def simulate_domain_synapse(device: dict, engine: dict, material_path: str | Path, seed: int,
                            trace_path: str | Path, figure_path: str | Path,
                            progress: bool = True) -> dict:
    """Run the domain-wall synapse protocol and write its trace and m_z snapshot figure.

    ``seed`` draws the grain disorder and the thermal field. Returns the metadata record
    stored in the trace file.
    """
    material = MaterialStack.from_yaml(material_path)
    synapse, protocol = domain_synapse_from_config(device, material.ferromagnet_thickness_m)
    trace, metadata = _run_device("domain_synapse", synapse, protocol, material, device,
                                  device.get("engine", engine), seed, trace_path, progress)
    g = synapse.geometry
    plot_snapshots(figure_path, trace.mz_snapshots, trace.hall_signal, trace.pulse_sign,
                   extent_m=(g.track_length_m, g.height_m), hall_box_m=g.hall_box_m)
    return metadata


def simulate_domain_neuron(device: dict, engine: dict, material_path: str | Path,
                           bias_field_x_A_per_m: float, domain_front_x_m: float, seed: int,
                           trace_path: str | Path, figure_path: str | Path,
                           progress: bool = True) -> dict:
    """Run the domain-wall sigmoid neuron (spin-N) at one operating point; write its trace
    (Hall signal after one pulse per amplitude, erased before each) and figure."""
    material = MaterialStack.from_yaml(material_path)
    neuron, protocol = domain_neuron_from_config(device, material.ferromagnet_thickness_m,
                                                 bias_field_x_A_per_m, domain_front_x_m)
    point = {"bias_field_x_A_per_m": bias_field_x_A_per_m, "domain_front_x_m": domain_front_x_m}
    trace, metadata = _run_device("domain_neuron", neuron, protocol, material, device, engine,
                                  seed, trace_path, progress, operating_point=point)
    g = neuron.geometry
    plot_neuron_sweep(figure_path, trace.mz_snapshots, trace.hall_signal,
                      trace.pulse_current_A_per_m2, extent_m=(g.track_length_m, g.height_m),
                      hall_box_m=g.hall_box_m,
                      title=f"{material.name}: H_x {bias_field_x_A_per_m:g} A/m, wall at "
                            f"{domain_front_x_m * 1e9:g} nm, seed {seed}")
    return metadata

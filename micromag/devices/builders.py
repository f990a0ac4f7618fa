"""Validated devices and protocols from a kind's config fields, shared by the kind modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..geometry import HallCrossTrack
from ..plots import plot_neuron_sweep, plot_snapshots
from ..problem import DomainSynapse, SOTFilm
from ..protocol import AmplitudeSweep, PotentiationDepression


def pulse_train(pulses: Mapping[str, Any]) -> PotentiationDepression:
    """N pulses of +J then N of -J, from a synapse's ``protocol`` fields."""
    return PotentiationDepression(
        current_density_A_per_m2=pulses["current_density_A_per_m2"],
        pulse_duration_s=pulses["pulse_duration_s"], relaxation_s=pulses["relaxation_s"],
        n_potentiation=pulses["n_pulses"], n_depression=pulses["n_pulses"])


def amplitude_sweep(pulses: Mapping[str, Any], seed: int = 0) -> AmplitudeSweep:
    """Evenly spaced amplitudes from a neuron's ``protocol`` fields: rising, or in an order
    drawn from ``seed`` (``order: shuffled``); erased before each pulse, or only before a lower
    amplitude (``reset: when_lower``, [Zhou2021]'s SET/RESET)."""
    low, high = pulses["amplitude_min_A_per_m2"], pulses["amplitude_max_A_per_m2"]
    if not low < high:
        raise ValueError(f"protocol field 'amplitude_min_A_per_m2' = {low:g} must be below "
                         f"amplitude_max_A_per_m2 = {high:g}")
    amplitudes = np.linspace(low, high, pulses["n_amplitudes"])
    if pulses.get("order", "rising") == "shuffled":
        amplitudes = np.random.default_rng(seed).permutation(amplitudes)
    return AmplitudeSweep(amplitudes_A_per_m2=tuple(float(a) for a in amplitudes),
                          pulse_duration_s=pulses["pulse_duration_s"],
                          relaxation_s=pulses["relaxation_s"],
                          reset=pulses.get("reset", "always"))


def domain_track(fields: Mapping[str, Any], thickness_m: float) -> DomainSynapse:
    """The Hall-cross track with its written domain, for a film of ``thickness_m`` (m)."""
    return DomainSynapse(
        geometry=HallCrossTrack(**fields["geometry"], thickness_m=thickness_m),
        domain_width_m=fields["domain_width_m"],
        domain_front_x_m=fields["domain_front_x_m"],
        bias_field_y_A_per_m=fields["bias_field_y_A_per_m"],
        temperature_K=fields["temperature_K"],
        bias_field_x_A_per_m=fields.get("bias_field_x_A_per_m", 0.0),
    )


def film(fields: Mapping[str, Any], thickness_m: float) -> SOTFilm:
    """The SOT film (the Hall cross itself), for a film of ``thickness_m`` (m)."""
    return SOTFilm(**fields["film"], thickness_m=thickness_m,
                   bias_field_x_A_per_m=fields["bias_field_x_A_per_m"],
                   temperature_K=fields["temperature_K"],
                   decoupled_grains=fields.get("decoupled_grains", False))


def _frame(device) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """Extent (m) and Hall-cross box (m) of a track or a film, for the snapshot figures."""
    if isinstance(device, DomainSynapse):
        g = device.geometry
        return (g.track_length_m, g.height_m), g.hall_box_m
    return (device.length_m, device.width_m), (0.0, device.length_m, 0.0, device.width_m)


def synapse_figure(path, trace, device, title: str) -> None:
    """m_z snapshots along the pulse train and the Hall trace."""
    extent, box = _frame(device)
    plot_snapshots(path, trace.mz_snapshots, trace.hall_signal, trace.pulse_sign,
                   extent_m=extent, hall_box_m=box, title=title)


def neuron_figure(path, trace, device, title: str) -> None:
    """m_z after each amplitude and the Hall signal against |J|."""
    extent, box = _frame(device)
    plot_neuron_sweep(path, trace.mz_snapshots, trace.hall_signal, trace.pulse_current_A_per_m2,
                      extent_m=extent, hall_box_m=box, title=title)

"""The SOT track problem of the speed benchmark, shared by the benchmark and the engine tests.

Track 512 x 128 x 1 nm with a 128 nm Hall cross, Ms 1.1e6 A/m, A 1.5e-11 J/m, Ku 1.0e6 J/m^3,
D 0.5e-3 J/m^2, alpha 0.1, theta_SH 0.3, demag on; a full-width wall at 256 nm; one 1 ns pulse
of 1e11 A/m^2, then 1 ns of relaxation.
"""

from __future__ import annotations

from .geometry import HallCrossTrack
from .material import MaterialStack
from .problem import DomainSynapse
from .protocol import SinglePulse

CURRENT_DENSITY_A_PER_M2 = 1e11
PROTOCOL = SinglePulse(pulse_duration_s=1e-9, relaxation_s=1e-9)


def benchmark_material(Ku_dispersion: float = 0.0) -> MaterialStack:
    """The benchmark stack; ``Ku_dispersion`` > 0 makes its 16 nm grains differ."""
    return MaterialStack.from_dict({
        "name": "benchmark track", "Ms_A_per_m": 1.1e6, "A_J_per_m": 1.5e-11,
        "Ku_J_per_m3": 1.0e6, "D_J_per_m2": 0.5e-3, "alpha": 0.1, "spin_hall_angle": 0.3,
        "field_like_ratio": 0.0, "ferromagnet_thickness_m": 1e-9,
        "heavy_metal_thickness_m": 5e-9, "heavy_metal_resistivity_ohm_m": 2e-7,
        "anomalous_hall_resistance_ohm": 1.0, "grain_size_m": 16e-9,
        "Ku_dispersion": Ku_dispersion})


def benchmark_track(cell_size_m: float = 4e-9, temperature_K: float = 0.0) -> DomainSynapse:
    """The benchmark track with its wall written at 256 nm, on cells of ``cell_size_m``, at
    ``temperature_K``."""
    geometry = HallCrossTrack(track_length_m=512e-9, track_width_m=128e-9,
                              hall_arm_width_m=128e-9, hall_arm_length_m=0.0,
                              hall_center_x_m=256e-9, nucleation_length_m=64e-9,
                              thickness_m=1e-9, cell_size_m=cell_size_m)
    return DomainSynapse(geometry, domain_width_m=128e-9, domain_front_x_m=256e-9,
                         bias_field_y_A_per_m=0.0, temperature_K=temperature_K)


def wall_displacement_nm(device: DomainSynapse, hall_signal) -> float:
    """Wall displacement (nm, + along x) from the change of mean m_z over the track: a
    full-width wall with +z on its left moves by L d<m_z> / 2."""
    return device.geometry.track_length_m * (hall_signal[-1] - hall_signal[0]) / 2 * 1e9

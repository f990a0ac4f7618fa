"""Device description, disorder, protocol and readout of the micromagnetic stage."""

import micromagneticmodel as mm
import numpy as np
import pytest

from micromag.disorder import granular_anisotropy
from micromag.geometry import HallCrossTrack, magnetic_mask, region_mask
from micromag.material import MaterialStack
from micromag.problem import DomainSynapse
from micromag.protocol import AmplitudeSweep, PotentiationDepression
from micromag.readout import domain_front_x_m, hall_signal

GEOMETRY = dict(track_length_m=256e-9, track_width_m=64e-9, hall_arm_width_m=32e-9,
                hall_arm_length_m=8e-9, hall_center_x_m=160e-9, nucleation_length_m=16e-9,
                thickness_m=1e-9, cell_size_m=4e-9)


def test_hall_cross_is_the_intersection_of_track_and_arm():
    mesh = HallCrossTrack(**GEOMETRY).mesh()
    cross = region_mask(mesh, "hall_cross")
    assert cross.sum() == (32 // 4) * (64 // 4)
    assert np.array_equal(cross, region_mask(mesh, "track") & region_mask(mesh, "hall_arm"))
    magnetic = magnetic_mask(mesh)
    assert magnetic.sum() == (256 // 4) * (64 // 4) + 2 * (32 // 4) * (8 // 4)


@pytest.mark.parametrize("field, value", [("hall_center_x_m", 250e-9), ("cell_size_m", -1.0),
                                          ("track_width_m", 62e-9)])
def test_bad_geometry_names_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        HallCrossTrack(**(GEOMETRY | {field: value}))


def test_grain_disorder_is_seeded_and_has_the_requested_spread():
    args = ((128, 128), 4e-9, 1e6, 0.1, 16e-9)
    film = granular_anisotropy(*args, seed=3)
    assert np.array_equal(film, granular_anisotropy(*args, seed=3))
    assert not np.array_equal(film, granular_anisotropy(*args, seed=4))
    grains = np.unique(film)
    assert 900 < len(grains) < 1150  # (512 nm / 16 nm)^2 = 1024 grains on average
    assert np.std(grains) / 1e6 == pytest.approx(0.1, rel=0.2)


def test_protocol_rejects_negative_pulse_count():
    with pytest.raises(ValueError, match="n_depression"):
        PotentiationDepression(1e11, 1e-10, 5e-10, 4, -1)


def test_protocol_reads_after_every_relaxation():
    protocol = PotentiationDepression(1e11, 2e-10, 5e-10, 3, 2)
    segments = protocol.segments()
    assert [s.current_scale for s in segments if s.current_scale] == [1, 1, 1, -1, -1]
    assert sum(s.read for s in segments) == 6
    assert all(not s.read for s in segments if s.current_scale)
    assert protocol.total_time_s == pytest.approx(6 * 5e-10 + 5 * 2e-10)


def test_neuron_sweep_erases_before_every_pulse_or_only_when_the_amplitude_drops():
    amps = (1e11, 2e11, 4e11, 3e11)
    always = AmplitudeSweep(amps, 5e-10, 1e-9, reset="always")
    pulses = [s for s in always.segments() if s.current_scale]
    assert [s.current_scale for s in pulses] == pytest.approx([0.25, 0.5, 1.0, 0.75])
    assert all(s.reset for s in pulses) and always.current_density_A_per_m2 == 4e11
    assert sum(s.read for s in always.segments()) == 5
    set_reset = AmplitudeSweep(amps, 5e-10, 1e-9, reset="when_lower")
    assert [s.reset for s in set_reset.segments() if s.current_scale] == [False, False, False,
                                                                         True]


@pytest.mark.parametrize("kwargs, field", [
    ({"amplitudes_A_per_m2": (1e11,)}, "amplitudes_A_per_m2"),
    ({"amplitudes_A_per_m2": (1e11, -2e11)}, "amplitudes_A_per_m2"),
    ({"relaxation_s": 0.0}, "relaxation_s"),
    ({"reset": "sometimes"}, "reset"),
])
def test_bad_neuron_sweep_names_the_field(kwargs, field):
    args = {"amplitudes_A_per_m2": (1e11, 2e11), "pulse_duration_s": 5e-10,
            "relaxation_s": 1e-9} | kwargs
    with pytest.raises(ValueError, match=field):
        AmplitudeSweep(**args)


def test_hall_signal_is_mean_mz_over_region():
    m = np.zeros((4, 2, 1, 3))
    m[..., 2] = -1.0
    m[:2, :, :, 2] = 1.0
    region = np.zeros((4, 2, 1), bool)
    region[1:3] = True
    assert hall_signal(m, region) == 0.0
    assert hall_signal(m, np.ones((4, 2, 1), bool)) == 0.0
    region[2:] = False
    assert hall_signal(m, region) == 1.0


def test_domain_front_is_the_last_up_cell_on_the_centre_line():
    mz = -np.ones((10, 5))
    mz[:7, 1:4] = 1.0
    mz[:9, 0] = 1.0  # an edge excursion off the centre line does not count
    assert domain_front_x_m(mz, 4e-9) == pytest.approx(6 * 4e-9)
    assert np.isnan(domain_front_x_m(-np.ones((10, 5)), 4e-9))


def test_system_holds_the_stack_and_the_sot_convention(repo):
    material = MaterialStack.from_yaml(repo / "config/materials/W_CoFeB1.2_MgO.yaml")
    synapse = DomainSynapse(HallCrossTrack(**GEOMETRY), domain_width_m=32e-9,
                            domain_front_x_m=100e-9, bias_field_y_A_per_m=-6366.0,
                            temperature_K=0.0)
    system = synapse.system(material, 3e11, disorder_seed=1)
    terms = {type(t).__name__: t for t in system.dynamics}
    sot = terms["Slonczewski"]
    assert sot.P == pytest.approx(abs(material.spin_hall_angle))
    # theta_SH < 0 (W): ubermag's mp points along +y
    assert tuple(sot.mp) == (0, 1, 0)
    assert isinstance(system.energy.dmi, mm.DMI) and system.energy.dmi.crystalclass == "Cnv_z"
    mz = system.m.orientation.array[..., 2]
    magnetic = magnetic_mask(system.m.mesh)
    assert np.all(np.abs(mz[magnetic]) == pytest.approx(1.0))
    assert np.all(system.m.norm.array[~magnetic] == 0)
    ku = system.energy.uniaxialanisotropy.K.array[..., 0][magnetic]
    assert np.std(ku) / np.mean(ku) == pytest.approx(material.Ku_dispersion, rel=0.35)


@pytest.mark.slow
def test_thermal_field_is_on_and_seeded(repo):
    from micromag.engines import get_engine

    geometry = HallCrossTrack(track_length_m=128e-9, track_width_m=32e-9,
                              hall_arm_width_m=32e-9, hall_arm_length_m=0.0,
                              hall_center_x_m=80e-9, nucleation_length_m=16e-9,
                              thickness_m=1.2e-9, cell_size_m=4e-9)
    material = MaterialStack.from_yaml(repo / "config/materials/W_CoFeB1.2_MgO.yaml")
    protocol = PotentiationDepression(3e11, 0.05e-9, 0.05e-9, 1, 1)
    engine = get_engine("magnumnp", atol=1e-4, rtol=1e-4)

    def final_mz(temperature_K, seed):
        device = DomainSynapse(geometry, 32e-9, 60e-9, -6366.0, temperature_K)
        trace = engine.run(device.system(material, 3e11, disorder_seed=1), protocol,
                           device.readout_region(), seed=seed, progress=False)
        return trace.mz_snapshots[-1]

    warm = final_mz(300.0, seed=7)
    assert np.array_equal(warm, final_mz(300.0, seed=7))
    assert not np.allclose(warm, final_mz(300.0, seed=8))
    assert not np.allclose(warm, final_mz(0.0, seed=7))


def test_divergence_is_reported_with_time_and_tolerance():
    from micromag.engines.base import NORM_TOLERANCE, SimulationDiverged, check_unit_norm

    magnetic = np.ones((4, 2, 1), dtype=bool)
    m = np.zeros((4, 2, 1, 3))
    m[..., 2] = 1.0
    check_unit_norm(m, magnetic, 1e-9)
    m[0, 0, 0, 2] = np.nan
    with pytest.raises(SimulationDiverged, match=r"NaN at t = 2e-09 s"):
        check_unit_norm(m, magnetic, 2e-9)
    m[0, 0, 0, 2] = 1.0 + 10 * NORM_TOLERANCE
    with pytest.raises(SimulationDiverged, match="deviates from 1"):
        check_unit_norm(m, magnetic, 3e-9)
    magnetic[0, 0, 0] = False  # vacuum cells (Ms = 0) are not checked
    check_unit_norm(m, magnetic, 4e-9)

"""The batched engine against magnum.np: same physics term by term, members independent."""

from __future__ import annotations

import numpy as np
import pytest

from micromag.engines import get_engine
from micromag.geometry import HallCrossTrack
from micromag.material import MaterialStack
from micromag.problem import DomainSynapse
from micromag.protocol import PotentiationDepression

GEOMETRY = HallCrossTrack(track_length_m=192e-9, track_width_m=48e-9, hall_arm_width_m=48e-9,
                          hall_arm_length_m=0.0, hall_center_x_m=112e-9,
                          nucleation_length_m=16e-9, thickness_m=1.2e-9, cell_size_m=4e-9)
# Two pulses of each polarity, 0.2 ns each with 0.3 ns of relaxation: the wall is pushed into
# the Hall cross and back out past grains (5 % K_u spread).
PROTOCOL = PotentiationDepression(4e11, 0.2e-9, 0.3e-9, 2, 2)


@pytest.fixture(scope="module")
def material(repo):
    """W/CoFeB(1.2), whose grains have a 5 % K_u spread."""
    return MaterialStack.from_yaml(repo / "config/materials/W_CoFeB1.2_MgO.yaml")


def device(temperature_K: float = 0.0) -> DomainSynapse:
    return DomainSynapse(GEOMETRY, 48e-9, 100e-9, -6366.0, temperature_K)


@pytest.mark.slow
def test_batched_engine_follows_magnumnp_through_a_pulse_train(material):
    """Exchange, DMI, anisotropy with grains, demag, H_y and SOT: the two traces coincide."""
    system = device().system(material, 4e11, disorder_seed=2)
    readout = device().readout_region()
    reference = get_engine("magnumnp", atol=1e-5, rtol=1e-5).run(system, PROTOCOL, readout,
                                                                 seed=2, progress=False)
    batched = get_engine("batched", atol=1e-5, rtol=1e-5, compile=False).run(
        system, PROTOCOL, readout, seed=2, progress=False)
    moved = np.ptp(reference.hall_signal)
    assert moved > 0.3, f"the wall hardly moved ({moved:.3f}); the comparison would be empty"
    np.testing.assert_allclose(batched.hall_signal, reference.hall_signal, atol=5e-3)
    np.testing.assert_allclose(batched.mean_m, reference.mean_m, atol=5e-3)
    assert np.max(np.abs(batched.extra["m"] - reference.extra["m"])) < 0.05
    assert batched.pulse_sign.tolist() == reference.pulse_sign.tolist()


@pytest.mark.slow
def test_ensemble_members_are_independent_and_compiled_like_eager(material):
    """Two disorder seeds in one compiled program give each seed's own eager run."""
    systems = [device().system(material, 4e11, disorder_seed=seed) for seed in (1, 2)]
    readout = device().readout_region()
    ensemble = get_engine("batched").run_ensemble(systems, PROTOCOL, readout, [1, 2],
                                                  progress=False)
    alone = [get_engine("batched", compile=False).run(system, PROTOCOL, readout, seed=seed,
                                                      progress=False)
             for system, seed in zip(systems, (1, 2), strict=True)]
    for member, single in zip(ensemble, alone, strict=True):
        np.testing.assert_allclose(member.hall_signal, single.hall_signal, atol=2e-3)
    spread = np.max(np.abs(alone[0].hall_signal - alone[1].hall_signal))
    assert spread > 0.02, "the two disorder seeds gave the same trace; the check would be empty"


def test_batched_engine_refuses_what_it_does_not_compute(material):
    readout = device().readout_region()
    engine = get_engine("batched", compile=False)
    other = DomainSynapse(HallCrossTrack(**{**GEOMETRY.__dict__, "track_length_m": 256e-9}),
                          48e-9, 72e-9, -6366.0, 0.0)
    with pytest.raises(ValueError, match="mesh"):
        engine.run_ensemble([device().system(material, 4e11, disorder_seed=1),
                             other.system(material, 4e11, disorder_seed=1)], PROTOCOL, readout,
                            [1, 1], progress=False)
    with pytest.raises(ValueError, match="dtype"):
        get_engine("batched", dtype="float16")
    with pytest.raises(ValueError, match="cuda"):
        get_engine("batched", device="gpu")


def test_one_engine_object_runs_twice_and_in_two_threads_to_the_same_bits(material):
    """The run state (step size, held demag, terms) belongs to each run, not to the engine."""
    from concurrent.futures import ThreadPoolExecutor

    engine = get_engine("batched", compile=False)
    readout = device().readout_region()
    systems = [device().system(material, 4e11, disorder_seed=seed) for seed in (1, 2)]

    def run(index):
        return engine.run(systems[index], PROTOCOL, readout, seed=index + 1, progress=False)

    first, second = run(0), run(1)
    with ThreadPoolExecutor(2) as pool:  # each seed's second run on the object, side by side
        threaded = list(pool.map(run, (0, 1)))
    for alone, beside in zip((first, second), threaded, strict=True):
        assert np.array_equal(beside.hall_signal, alone.hall_signal)
        assert beside.steps == alone.steps
    assert not np.array_equal(first.hall_signal, second.hall_signal)

"""The notched-track synapse as the default config has it: one state per notch.

From the m_z profile after every pulse of its protocol (N = count pulses each way): the wall
rests within one cell of a site at every readout, potentiation steps it one site on per pulse
and depression one back, so the device has count + 1 states, each its own R_H level. At the
ends of the notches' window, 1.5e12 A/m^2 +- 20 %, the track is the stack without its K_u
spread. At the configured current (1.3e12, inside the window and cool enough for the stack) it
is the stack as configured, grains drawn from the pipeline's disorder seed: the default run's
device. (With grains the window depends on the device; docs/devices/notched_track_synapse.md.)
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from micromag.devices import REGISTRY
from micromag.devices.notched_track_synapse import wall_position_m
from micromag.energy import PulseEnergy
from spinnet import api

NAME = "notched_synapse"
WINDOW_A_PER_M2 = (1.2e12, 1.8e12)  # 1.5e12 +- 20 %


@pytest.mark.slow
@pytest.mark.parametrize(("current", "grains"),
                         [(WINDOW_A_PER_M2[0], False), (None, True), (WINDOW_A_PER_M2[1], False)])
def test_each_pulse_moves_the_wall_one_notch_over_a_20_percent_window(current, grains):
    kind, fields = api.device_fields(NAME)
    (stem,) = api.config()["micromag"]["devices"][NAME]["materials"]
    material = api.load_material(stem)
    if not grains:
        material = dataclasses.replace(material, Ku_dispersion=0.0)
    track, protocol = api.build_device(NAME, material)
    current = current or protocol.current_density_A_per_m2
    protocol = dataclasses.replace(protocol, current_density_A_per_m2=current)
    seed = api.disorder_seeds(NAME)[0]
    trace = api.engine(NAME).run(  # compiled, as configured: 4-5 times faster here
        track.system(material, current, disorder_seed=seed), protocol, track.readout_region(),
        seed=seed, progress=False)

    sites = track.sites.centres_m()
    cell = track.geometry.cell_size_m
    walls = np.array([wall_position_m(mz, cell) for mz in trace.mz_snapshots])
    nearest = np.abs(walls[:, None] - sites[None, :]).argmin(axis=1)
    summary = f"walls {np.round(walls * 1e9).tolist()} nm, sites {np.round(sites * 1e9)} nm"
    assert np.all(np.abs(walls - sites[nearest]) <= cell), summary
    count = track.sites.count
    assert nearest.tolist() == [*range(count + 1), *range(count - 1, -1, -1)], summary
    assert len(set(nearest.tolist())) == count + 1
    # each state reads its own level: the Hall signal rises by at least half of an even step
    hall = trace.hall_signal
    assert np.all(np.diff(hall[:count + 1]) > 0.5 * np.ptp(hall) / count), hall
    np.testing.assert_allclose(hall[count:], hall[count::-1], atol=0.1 / count)
    assert REGISTRY[kind].condition(trace, fields)["status"] == "ok"


def test_the_configured_current_is_inside_the_window_and_cool_enough_for_the_stack():
    """The default device runs inside the notches' window, at a pulse whose adiabatic heating
    keeps the stack below its anneal temperature (its energy-table row is not overdriven); the
    window's middle would be overdriven on this stack."""
    kind, fields = api.device_fields(NAME)
    (stem,) = api.config()["micromag"]["devices"][NAME]["materials"]
    material = api.load_material(stem)
    _, protocol = api.build_device(NAME, material)
    current = protocol.current_density_A_per_m2
    assert WINDOW_A_PER_M2[0] <= current <= WINDOW_A_PER_M2[1]
    channel = REGISTRY[kind].channel_m(fields)
    pulse = PulseEnergy.of(material, current, protocol.pulse_duration_s, channel)
    assert not pulse.overdriven, pulse.temperature_rise_K
    middle = PulseEnergy.of(material, sum(WINDOW_A_PER_M2) / 2, protocol.pulse_duration_s, channel)
    assert middle.overdriven and middle.temperature_rise_K > 1.3 * pulse.temperature_rise_K


def test_a_wall_between_two_notches_is_named_and_bad_notches_are_refused():
    """The condition reads the wall from m_z: a wall half-way between two sites is not ok; a
    notch whose centre would be in-plane, a site off the cross or off the track are refused
    with the field named."""
    kind, fields = api.device_fields(NAME)
    material = api.load_material("W_CoFeB1.2_MgO")
    track, _ = api.build_device(NAME, material)
    mesh = track.geometry.mesh()
    x = mesh.cells[0][:, None]

    class Snapshots:
        """Walls at ``fronts_m``, the first written, then one +J pulse before each."""

        def __init__(self, *fronts_m):
            self.mz_snapshots = np.stack([np.where(x < f, 1.0, -1.0) * np.ones(tuple(mesh.n[:2]))
                                          for f in fronts_m])
            self.pulse_sign = np.array([0] + [1] * (len(fronts_m) - 1))

    def status(*fronts_m):
        return REGISTRY[kind].condition(Snapshots(*fronts_m), fields)

    sites = track.sites.centres_m()
    assert status(*sites, sites[-1])["status"] == "ok"  # the 4th pulse: the row's end
    between = status(sites[0], (sites[1] + sites[2]) / 2)
    assert between["status"] == "between sites" and "readout 1 at 256 nm" in between["reason"]
    skipped = status(sites[0], sites[2])
    assert skipped["status"] == "not one site per pulse" and "[0, 2]" in skipped["reason"]
    assert status(sites[0], sites[0])["status"] == "not one site per pulse"

    deepest = 1 - 4e-7 * np.pi * material.Ms_A_per_m ** 2 / 2 / material.Ku_J_per_m3
    too_deep, _ = api.build_device(NAME, material, **{"notches.depth": deepest + 0.01})
    with pytest.raises(ValueError, match="'notches.depth'.*in-plane"):
        too_deep.system(material, 1e11, disorder_seed=1)
    with pytest.raises(ValueError, match="'notches'.*Hall cross"):
        api.build_device(NAME, material, **{"notches.count": 5})
    with pytest.raises(ValueError, match="'notches'.*on the track"):
        api.build_device(NAME, material, **{"notches.first_x_m": 16e-9})

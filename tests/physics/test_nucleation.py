"""003's nucleation neuron: decoupled grains switch one by one, field-free, and SET/RESET works.

The device of the default config (a 128 nm L1_1-CuPt/CoPt film, 20 nm grains with a 15 % K_u
spread, H_x = 0) on the batched engine. Switching comes only from the out-of-plane spin
polarisation of the stack, so the checks also fail if its sign or the tilt were lost.
"""

from __future__ import annotations

import numpy as np
import pytest

from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.problem import SOTFilm
from micromag.protocol import AmplitudeSweep, PotentiationDepression
from surrogate.activations import NormalCDFActivation

AMPLITUDES_A_PER_M2 = np.linspace(2e13, 8e13, 7)
SEED = 5


def _run(repo, protocol, decoupled: bool = True):
    """The trace of ``protocol`` on the film."""
    material = MaterialStack.from_yaml(repo / "config/materials/CuPt_CoPt.yaml")
    film = SOTFilm(length_m=128e-9, width_m=128e-9, thickness_m=material.ferromagnet_thickness_m,
                   cell_size_m=4e-9, bias_field_x_A_per_m=0.0, temperature_K=0.0,
                   decoupled_grains=decoupled)
    return get_engine("batched", compile=True, atol=1e-4, rtol=1e-4).run(
        film.system(material, protocol.current_density_A_per_m2, SEED), protocol,
        film.readout_region(), seed=SEED, progress=False)


def _sweep(repo, order: np.ndarray) -> tuple[np.ndarray, AmplitudeSweep]:
    """Hall signal after each amplitude (sorted by amplitude) of one SET/RESET sweep."""
    protocol = AmplitudeSweep(tuple(float(a) for a in order), pulse_duration_s=1e-9,
                              relaxation_s=0.5e-9, reset="when_lower")
    trace = _run(repo, protocol)
    current = np.abs(trace.pulse_current_A_per_m2[1:])
    return trace.hall_signal[1:][np.argsort(current)], protocol


@pytest.mark.slow
def test_decoupled_grains_switch_by_nucleation_and_set_reset_removes_the_history(repo):
    rising, _ = _sweep(repo, AMPLITUDES_A_PER_M2)
    shuffled, protocol = _sweep(repo, np.random.default_rng(0).permutation(AMPLITUDES_A_PER_M2))
    repeated = PotentiationDepression(4e13, 1e-9, 0.5e-9, n_potentiation=3, n_depression=0)
    grains = _run(repo, repeated).hall_signal
    film = _run(repo, repeated, decoupled=False).hall_signal

    # field-free switching towards +z, gradual: a normal CDF of the current
    assert rising[0] == pytest.approx(-1.0, abs=0.02) and rising[-1] > 0.7, rising
    fit = NormalCDFActivation().fit(AMPLITUDES_A_PER_M2[:, None] / 1e13, rising)
    assert fit.r2_ > 0.97, fit.figures_of_merit()
    assert 0.1 < fit.params_["sigma"] / fit.params_["mu"] < 0.5, fit.params_
    # 003's test of nucleation (its Fig. 2d): more pulses of one amplitude switch nothing more
    assert np.ptp(grains[1:]) < 0.02 and grains[1] > grains[0] + 0.1, grains
    # in a continuous film of the same grains the first nuclei pull their neighbours over
    assert film[1] > grains[1] + 0.5, (grains, film)
    # the shuffled order RESETs before every lower amplitude and then reads the rising curve;
    # without the RESET every amplitude after the largest would read about +0.85
    assert sum(seg.reset for seg in protocol.segments()) >= 2
    assert np.max(np.abs(shuffled - rising)) < 0.15, (rising, shuffled)

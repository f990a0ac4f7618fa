"""Anisotropy disorder makes switching a normal CDF of the current, widening with the spread.

Each member of one batched ensemble is an isolated 16 nm grain (the grain size of the material
file) of W/CoFeB(1.2), switched from -z by one SOT pulse under H_x, the switching of the SOT
neuron film grain by grain. Grain anisotropies are normal, K_u = K (1 + s xi) with one set of
draws xi for both spreads s, so a switching threshold linear in K_u over the spread gives a
normal CDF of the amplitude whose width is proportional to s.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.problem import SOTFilm
from micromag.protocol import SinglePulse
from surrogate.activations import NormalCDFActivation

GRAIN = SOTFilm(length_m=16e-9, width_m=16e-9, thickness_m=1.2e-9, cell_size_m=4e-9,
                bias_field_x_A_per_m=40e3, temperature_K=0.0)
AMPLITUDES_A_PER_M2 = np.linspace(2.5e12, 3.5e12, 11)
SPREADS = (0.01, 0.02)  # relative K_u spread; 0.02 of K_u is 11 % of K_eff here
GRAINS = 96
PULSE = SinglePulse(pulse_duration_s=0.5e-9, relaxation_s=0.5e-9)


@pytest.mark.slow
def test_switched_fraction_is_a_normal_cdf_whose_width_grows_with_the_anisotropy_spread(repo):
    base = yaml.safe_load((repo / "config/materials/W_CoFeB1.2_MgO.yaml").read_text())
    base["Ku_dispersion"] = 0.0
    xi = np.random.default_rng(0).standard_normal(GRAINS)
    systems = [GRAIN.system(MaterialStack.from_dict(
                   {**base, "Ku_J_per_m3": base["Ku_J_per_m3"] * (1 + spread * x)}), J, 0)
               for spread in SPREADS for J in AMPLITUDES_A_PER_M2 for x in xi]
    traces = get_engine("batched", compile=True).run_ensemble(
        systems, PULSE, GRAIN.readout_region(), [0] * len(systems), progress=False)
    final = np.array([t.hall_signal[-1] for t in traces])
    assert np.all(np.abs(final) > 0.9), "a grain ended between up and down"
    switched = (final > 0).reshape(len(SPREADS), len(AMPLITUDES_A_PER_M2), GRAINS).mean(axis=2)
    fits = [NormalCDFActivation().fit(AMPLITUDES_A_PER_M2[:, None] / 1e12, fraction)
            for fraction in switched]
    for spread, fraction, fit in zip(SPREADS, switched, fits, strict=True):
        assert fraction[0] < 0.05 and fraction[-1] > 0.95, (spread, fraction)
        assert fit.r2_ > 0.98, (spread, fit.figures_of_merit())
    narrow, wide = (fit.params_ for fit in fits)
    assert 1.6 < wide["sigma"] / narrow["sigma"] < 2.5, (narrow, wide)
    assert wide["mu"] == pytest.approx(narrow["mu"], rel=0.03)

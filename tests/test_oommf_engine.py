"""The OOMMF engine: the same track problem as magnum.np, and a clear refusal where it cannot run.

The comparison runs only where OOMMF is installed (``OOMMFTCL`` or ``oommf`` on PATH) and the
tests do not run as root, which OOMMF refuses; elsewhere it is skipped with that reason.
"""

from __future__ import annotations

import numpy as np
import pytest

from micromag.engines import get_engine
from micromag.engines.oommf import oommf_unavailable
from micromag.geometry import HallCrossTrack, magnetic_mask
from micromag.material import MaterialStack
from micromag.problem import DomainSynapse
from micromag.protocol import SinglePulse

# the benchmark track of benchmarks/track_sot.py, with its Hall cross as the readout
MATERIAL = {
    "name": "benchmark track", "Ms_A_per_m": 1.1e6, "A_J_per_m": 1.5e-11, "Ku_J_per_m3": 1.0e6,
    "D_J_per_m2": 0.5e-3, "alpha": 0.1, "spin_hall_angle": 0.3, "field_like_ratio": 0.0,
    "ferromagnet_thickness_m": 1e-9, "heavy_metal_thickness_m": 5e-9,
    "heavy_metal_resistivity_ohm_m": 2e-7, "anomalous_hall_resistance_ohm": 1.0,
    "grain_size_m": 16e-9, "Ku_dispersion": 0.0,
}
GEOMETRY = HallCrossTrack(track_length_m=512e-9, track_width_m=128e-9, hall_arm_width_m=128e-9,
                          hall_arm_length_m=0.0, hall_center_x_m=256e-9,
                          nucleation_length_m=64e-9, thickness_m=1e-9, cell_size_m=4e-9)
DEVICE = DomainSynapse(GEOMETRY, domain_width_m=128e-9, domain_front_x_m=256e-9,
                       bias_field_y_A_per_m=0.0, temperature_K=0.0)
PROTOCOL = SinglePulse(pulse_duration_s=1e-9, relaxation_s=1e-9)


def _displacement_nm(engine_name: str, **options) -> float:
    """Wall displacement over the pulse and relaxation, from mean m_z over the track (nm)."""
    trace = get_engine(engine_name, **options).run(
        DEVICE.system(MaterialStack.from_dict(MATERIAL), 1e11, disorder_seed=0), PROTOCOL,
        magnetic_mask(GEOMETRY.mesh()), seed=0, progress=False)
    return GEOMETRY.track_length_m * (trace.hall_signal[-1] - trace.hall_signal[0]) / 2 * 1e9


@pytest.mark.skipif(oommf_unavailable() is not None, reason=str(oommf_unavailable()))
@pytest.mark.slow
def test_oommf_and_magnumnp_move_the_wall_alike():
    """Signs and units of DMI and SOT agree: the same wall moves the same way, within 3 %."""
    oommf = _displacement_nm("oommf", threads=2)
    reference = _displacement_nm("magnumnp", atol=1e-5, rtol=1e-5)
    assert abs(reference) > 50, reference  # the wall moves by tens of nanometres
    assert oommf == pytest.approx(reference, rel=0.03), (oommf, reference)


@pytest.mark.skipif(oommf_unavailable() is None, reason="OOMMF can run here")
def test_oommf_engine_says_why_it_cannot_run():
    system = DEVICE.system(MaterialStack.from_dict(MATERIAL), 1e11, disorder_seed=0)
    with pytest.raises(RuntimeError, match="OOMMF") as info:
        get_engine("oommf").run(system, PROTOCOL, np.ones(3, bool), seed=0, progress=False)
    assert str(info.value) == oommf_unavailable()

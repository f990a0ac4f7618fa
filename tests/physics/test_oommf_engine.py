"""The OOMMF engine: the same track problem as magnum.np, and a clear refusal where it cannot run.

The comparison runs only where OOMMF is installed (``OOMMFTCL`` or ``oommf`` on PATH) and the
tests do not run as root, which OOMMF refuses; elsewhere it is skipped with that reason.
"""

from __future__ import annotations

import numpy as np
import pytest

from micromag.benchmark import (
    CURRENT_DENSITY_A_PER_M2,
    PROTOCOL,
    benchmark_material,
    benchmark_track,
    wall_displacement_nm,
)
from micromag.engines import get_engine
from micromag.engines.oommf import oommf_unavailable
from micromag.geometry import magnetic_mask

DEVICE = benchmark_track()  # the benchmark track of benchmarks/track_sot.py, 4 nm cells


def _displacement_nm(engine_name: str, **options) -> float:
    """Wall displacement over the pulse and relaxation, from mean m_z over the track (nm)."""
    trace = get_engine(engine_name, **options).run(
        DEVICE.system(benchmark_material(), CURRENT_DENSITY_A_PER_M2, disorder_seed=0),
        PROTOCOL, magnetic_mask(DEVICE.geometry.mesh()), seed=0, progress=False)
    return wall_displacement_nm(DEVICE, trace.hall_signal)


@pytest.mark.skipif(oommf_unavailable() is not None, reason=str(oommf_unavailable()))
@pytest.mark.slow
def test_oommf_and_magnumnp_move_the_wall_alike():
    """Signs and units of DMI and SOT agree: the same wall, at the same tolerances, moves the
    same way within 3 %."""
    oommf = _displacement_nm("oommf", threads=2, atol=1e-5, rtol=1e-5)
    reference = _displacement_nm("magnumnp", atol=1e-5, rtol=1e-5)
    assert abs(reference) > 50, reference  # the wall moves by tens of nanometres
    assert oommf == pytest.approx(reference, rel=0.03), (oommf, reference)


@pytest.mark.skipif(oommf_unavailable() is None, reason="OOMMF can run here")
def test_oommf_engine_says_why_it_cannot_run():
    system = DEVICE.system(benchmark_material(), CURRENT_DENSITY_A_PER_M2, disorder_seed=0)
    with pytest.raises(RuntimeError, match="OOMMF") as info:
        get_engine("oommf").run(system, PROTOCOL, np.ones(3, bool), seed=0, progress=False)
    assert str(info.value) == oommf_unavailable()

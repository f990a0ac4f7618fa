"""The stripe-domain synapse of 000_b80c2bbb1e406ce7.txt (spin-S), as the default config has it.

Its tip is a half-skyrmion: pulses of one polarity lengthen the stripe along the current, the
other polarity shortens it, and with the transverse bias field it stays off the track edges, so
the Hall cross sees the same stripe whatever its length (the paper's linearity argument).
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.stage import build_device


@pytest.mark.slow
def test_stripe_lengthens_and_shortens_off_the_track_edges(repo):
    section = yaml.safe_load((repo / "config/config.yaml").read_text())["micromag"]
    device = dict(section["devices"]["stripe_synapse"])
    device["protocol"] = dict(device["protocol"], n_pulses=3)
    (stem,) = device.pop("materials")
    material = MaterialStack.from_yaml(repo / f"config/materials/{stem}.yaml")
    stripe, protocol = build_device(device.pop("kind"), device, material.ferromagnet_thickness_m)
    trace = get_engine("batched", compile=True).run(
        stripe.system(material, protocol.current_density_A_per_m2, disorder_seed=1), protocol,
        stripe.readout_region(), seed=1, progress=False)
    cell = stripe.geometry.cell_size_m
    reversed_ = [mz > 0 for mz in trace.mz_snapshots]
    tips_nm = np.array([np.flatnonzero(r.any(axis=1)).max() * cell * 1e9 for r in reversed_])
    hall = trace.hall_signal
    # off the edges all along: no reversed cell within two cells of either edge
    for r in reversed_:
        assert not r[:, :2].any() and not r[:, -2:].any(), "the stripe touched a track edge"
    # width kept: about the written 256 nm at its root (x = 128 nm), well inside the 512 nm track
    widths_nm = [r[int(round(128e-9 / cell))].sum() * cell * 1e9 for r in reversed_]
    assert all(180 < w < 380 for w in widths_nm), widths_nm
    # three pulses lengthen it by more than five cells, three reversed ones shorten it as much
    assert tips_nm[3] - tips_nm[0] > 40 and np.all(np.diff(tips_nm[:4]) >= 0), tips_nm
    assert tips_nm[3] - tips_nm[6] > 40 and np.all(np.diff(tips_nm[3:]) <= 0), tips_nm
    assert hall[3] > hall[0] + 0.05 and hall[6] < hall[3] - 0.05, hall

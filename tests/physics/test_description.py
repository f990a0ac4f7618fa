"""One problem description for the engines: an ubermag System described once (sign conventions
included), saved to one .npz, and run by the batched engine in a Python that cannot import
ubermag, discretisedfield, VTK or magnum.np, as a thin GPU or cluster node would, to the same
bits as the run from the System."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from conftest import REPO, TINY_NEURON_TRACK

from micromag.description import ProblemDescription
from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.stage import build_device

FIELDS = {"geometry": TINY_NEURON_TRACK, "domain_width_m": 32e-9, "domain_front_x_m": 96e-9,
          "bias_field_y_A_per_m": -6366.0, "temperature_K": 0,
          "protocol": {"current_density_A_per_m2": 4e11, "pulse_duration_s": 0.2e-9,
                       "relaxation_s": 0.3e-9, "n_pulses": 2}}
BLOCKED = ("micromagneticmodel", "discretisedfield", "ubermagutil", "vtk", "pyvista", "magnumnp",
           "oommfc")
THIN_RUN = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ImportError(f"{{name}} is not installed on this node")
sys.meta_path.insert(0, Block())
import numpy as np
from micromag.description import ProblemDescription
from micromag.engines import get_engine
from micromag.protocol import PotentiationDepression
problem = ProblemDescription.load(sys.argv[1])
saved = np.load(sys.argv[2])
protocol = PotentiationDepression(**{{k: float(saved[k]) for k in
    ("current_density_A_per_m2", "pulse_duration_s", "relaxation_s")}},
    n_potentiation=2, n_depression=2)
trace = get_engine("batched", compile=False).run(problem, protocol, saved["readout"], seed=1,
                                                  progress=False)
assert not {{m.split(".")[0] for m in sys.modules}} & set({BLOCKED!r})
np.savez(sys.argv[3], hall=trace.hall_signal, mz=trace.mz_snapshots, time=trace.time_s)
"""


def test_a_saved_description_runs_without_ubermag_to_the_same_bits(tmp_path):
    material = MaterialStack.from_yaml(REPO / "config" / "materials" / "W_CoFeB1.2_MgO.yaml")
    track, protocol = build_device("domain_wall_synapse", FIELDS,
                                   material.ferromagnet_thickness_m)
    system = track.system(material, protocol.current_density_A_per_m2, disorder_seed=1)
    problem = ProblemDescription.from_system(system).with_demag_kernel()
    problem.save(tmp_path / "problem.npz")
    loaded = ProblemDescription.load(tmp_path / "problem.npz")
    assert loaded.energy == ("exchange", "anisotropy", "dmi", "demag", "zeeman")
    assert np.array_equal(loaded.Ku_J_per_m3, problem.Ku_J_per_m3)
    # the sign conventions, written once: magnum.np's D and p are minus ubermag's
    assert np.array_equal(loaded.magnumnp_D, -problem.D_J_per_m2)
    assert np.allclose(loaded.magnumnp_p, -np.asarray(problem.sot_mp))
    np.savez(tmp_path / "protocol.npz", readout=track.readout_region(),
             current_density_A_per_m2=4e11, pulse_duration_s=0.2e-9, relaxation_s=0.3e-9)
    reference = get_engine("batched", compile=False).run(system, protocol,
                                                         track.readout_region(), seed=1,
                                                         progress=False)
    done = subprocess.run([sys.executable, "-c", THIN_RUN, str(tmp_path / "problem.npz"),
                           str(tmp_path / "protocol.npz"), str(tmp_path / "thin.npz")],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    thin = np.load(tmp_path / "thin.npz")
    assert np.array_equal(thin["hall"], reference.hall_signal)
    assert np.array_equal(thin["mz"], reference.mz_snapshots)
    assert reference.hall_signal[2] > reference.hall_signal[0] + 0.05  # the wall moved


def test_a_file_that_is_not_a_description_is_named(tmp_path):
    path = tmp_path / "junk.npz"
    np.savez(path, header="{}")
    with pytest.raises(ValueError) as err:
        ProblemDescription.load(path)
    assert str(path) in str(err.value) and "problem description" in str(err.value)

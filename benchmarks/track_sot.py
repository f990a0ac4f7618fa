"""Benchmark: SOT-driven domain wall in a 512 x 128 x 1 nm track; prints JSON as its last line.

Problem: Ms 1.1e6 A/m, A 1.5e-11 J/m, Ku 1.0e6 J/m^3, D 0.5e-3 J/m^2, alpha 0.1, theta_SH 0.3,
demag on; one 1 ns pulse of 1e11 A/m^2, then 1 ns of relaxation. The wall displacement comes
from the change of mean m_z over the track: a full-width wall with +z on its left moves
by dx = L d<m_z> / 2 (positive along +x).

    python benchmarks/track_sot.py --engine magnumnp --cell-nm 4 --ensemble 1
    python benchmarks/track_sot.py --engine batched --cell-nm 4 --ensemble 16 --threads 2 \
        --dtype float32 --ku-dispersion 0.05 --repeat 2

OOMMF (``--engine oommf``, where installed; not as root) and magnum.np run the ensemble's
disorder seeds one after another; the batched engine advances
all of them in one compiled tensor program (the first run in a process compiles it, hence
--repeat). ``steps`` counts accepted time steps of all runs (magnum.np) or of the one batched
program. The JSON line also gives the spread of the displacement
over the ensemble (the seeds draw grains with a 5 % K_u dispersion when --ensemble > 1).
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

from micromag.engines import get_engine  # noqa: E402
from micromag.geometry import HallCrossTrack, magnetic_mask  # noqa: E402
from micromag.material import MaterialStack  # noqa: E402
from micromag.problem import DomainSynapse  # noqa: E402
from micromag.protocol import SinglePulse  # noqa: E402

MATERIAL = {
    "name": "benchmark track", "Ms_A_per_m": 1.1e6, "A_J_per_m": 1.5e-11, "Ku_J_per_m3": 1.0e6,
    "D_J_per_m2": 0.5e-3, "alpha": 0.1, "spin_hall_angle": 0.3, "field_like_ratio": 0.0,
    "ferromagnet_thickness_m": 1e-9, "heavy_metal_thickness_m": 5e-9,
    "heavy_metal_resistivity_ohm_m": 2e-7, "anomalous_hall_resistance_ohm": 1.0,
    "grain_size_m": 16e-9, "Ku_dispersion": 0.0,
}
PROTOCOL = SinglePulse(pulse_duration_s=1e-9, relaxation_s=1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["magnumnp", "batched", "oommf"], default="magnumnp")
    parser.add_argument("--cell-nm", type=float, choices=[4.0, 2.0], default=4.0)
    parser.add_argument("--ensemble", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads, or OOMMF's threads (default 1)")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                        help="batched engine only")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the problem this many times in one process; wall_s is the "
                             "last run, first_wall_s the first (which compiles)")
    parser.add_argument("--ku-dispersion", type=float, default=0.0,
                        help="relative K_u spread of the 16 nm grains (seeds differ only if > 0)")
    args = parser.parse_args()
    cell = args.cell_nm * 1e-9
    geometry = HallCrossTrack(track_length_m=512e-9, track_width_m=128e-9,
                              hall_arm_width_m=128e-9, hall_arm_length_m=0.0,
                              hall_center_x_m=256e-9, nucleation_length_m=64e-9,
                              thickness_m=1e-9, cell_size_m=cell)
    device = DomainSynapse(geometry, domain_width_m=128e-9, domain_front_x_m=256e-9,
                           bias_field_y_A_per_m=0.0, temperature_K=0.0)
    material = MaterialStack.from_dict({**MATERIAL, "Ku_dispersion": args.ku_dispersion})
    options = {"threads": args.threads}
    if args.engine == "batched":
        options["dtype"] = args.dtype
    engine = get_engine(args.engine, **options)
    track = magnetic_mask(geometry.mesh())
    seeds = list(range(args.ensemble))
    walls = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        systems = [device.system(material, 1e11, disorder_seed=seed) for seed in seeds]
        if hasattr(engine, "run_ensemble"):
            traces = engine.run_ensemble(systems, PROTOCOL, track, seeds, progress=False)
            steps = traces[0].steps
        else:
            traces = [engine.run(system, PROTOCOL, track, seed=seed, progress=False)
                      for system, seed in zip(systems, seeds, strict=True)]
            steps = sum(trace.steps for trace in traces)
        walls.append(time.perf_counter() - started)
    shifts = [geometry.track_length_m * (t.hall_signal[-1] - t.hall_signal[0]) / 2 * 1e9
              for t in traces]
    print(json.dumps({"engine": args.engine, "cell_nm": args.cell_nm, "ensemble": args.ensemble,
                      "wall_s": round(walls[-1], 2), "first_wall_s": round(walls[0], 2),
                      "steps": steps,
                      "displacement_nm": round(float(np.mean(shifts)), 2),
                      "displacement_spread_nm": round(float(np.std(shifts)), 2),
                      "batched": hasattr(engine, "run_ensemble"), "threads": args.threads,
                      "dtype": args.dtype if args.engine == "batched" else "float64",
                      "ku_dispersion": args.ku_dispersion}))


if __name__ == "__main__":
    main()

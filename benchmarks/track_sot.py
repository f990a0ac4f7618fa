"""Benchmark: SOT-driven domain wall in a 512 x 128 x 1 nm track; prints JSON as its last line.

Problem: Ms 1.1e6 A/m, A 1.5e-11 J/m, Ku 1.0e6 J/m^3, D 0.5e-3 J/m^2, alpha 0.1, theta_SH 0.3,
demag on; one 1 ns pulse of 1e11 A/m^2, then 1 ns of relaxation. The wall displacement comes
from the change of mean m_z over the track: a full-width wall with +z on its left moves
by dx = L d<m_z> / 2 (positive along +x).

    python benchmarks/track_sot.py --engine magnumnp --cell-nm 4 --ensemble 1
    python benchmarks/track_sot.py --engine batched --cell-nm 4 --ensemble 16 --threads 2 \
        --dtype float32 --ku-dispersion 0.05 --repeat 2
    python benchmarks/track_sot.py --engine batched --temperature-k 300 --ensemble 16

At --temperature-k > 0 the batched engine takes fixed stochastic Heun steps of
--thermal-step-s (each member with its own noise). ``cell_updates_per_s`` is magnetic cells x
ensemble members x time steps / wall time: one step moves every cell of every member once
(mumax3 quotes about 2e9 cell evaluations per second on an H100).

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

import numpy as np

from micromag.benchmark import (
    CURRENT_DENSITY_A_PER_M2,
    PROTOCOL,
    benchmark_material,
    benchmark_track,
    wall_displacement_nm,
)
from micromag.engines import get_engine
from micromag.geometry import magnetic_mask


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
    parser.add_argument("--temperature-k", type=float, default=0.0,
                        help="temperature (K); > 0 needs a thermal engine")
    parser.add_argument("--thermal-step-s", type=float, default=1e-14,
                        help="fixed step (s) of the batched engine's thermal integration")
    parser.add_argument("--device", default="cpu", help="batched engine only: cpu or cuda")
    parser.add_argument("--ku-dispersion", type=float, default=0.0,
                        help="relative K_u spread of the 16 nm grains (seeds differ only if > 0)")
    args = parser.parse_args()
    device = benchmark_track(args.cell_nm * 1e-9, args.temperature_k)
    material = benchmark_material(args.ku_dispersion)
    options = {"threads": args.threads}
    if args.engine == "batched":
        options.update(dtype=args.dtype, device=args.device,
                       thermal_timestep_s=args.thermal_step_s)
    engine = get_engine(args.engine, **options)
    track = magnetic_mask(device.geometry.mesh())
    seeds = list(range(args.ensemble))
    walls = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        systems = [device.system(material, CURRENT_DENSITY_A_PER_M2, disorder_seed=seed)
                   for seed in seeds]
        if hasattr(engine, "run_ensemble"):
            traces = engine.run_ensemble(systems, PROTOCOL, track, seeds, progress=False)
            steps = traces[0].steps
        else:
            traces = [engine.run(system, PROTOCOL, track, seed=seed, progress=False)
                      for system, seed in zip(systems, seeds, strict=True)]
            steps = sum(trace.steps for trace in traces)
        walls.append(time.perf_counter() - started)
    shifts = [wall_displacement_nm(device, t.hall_signal) for t in traces]
    cells = int(track.sum())
    per_member_steps = steps if hasattr(engine, "run_ensemble") else steps / args.ensemble
    print(json.dumps({"engine": args.engine, "cell_nm": args.cell_nm, "ensemble": args.ensemble,
                      "wall_s": round(walls[-1], 2), "first_wall_s": round(walls[0], 2),
                      "steps": steps,
                      "displacement_nm": round(float(np.mean(shifts)), 2),
                      "displacement_spread_nm": round(float(np.std(shifts)), 2),
                      "batched": hasattr(engine, "run_ensemble"), "threads": args.threads,
                      "dtype": args.dtype if args.engine == "batched" else "float64",
                      "ku_dispersion": args.ku_dispersion, "temperature_K": args.temperature_k,
                      "device": args.device, "cells": cells,
                      "cell_updates_per_s": round(cells * args.ensemble * per_member_steps
                                                  / walls[-1])}))


if __name__ == "__main__":
    main()

"""The GPU suite: the batched engine on saved problem descriptions, on a machine with torch and
numpy only (no ubermag), printing one JSON line per problem and a summary.

Two steps. Here, where ubermag builds the problems, ``save`` writes each one's description
(with its demag kernel), protocol segments and readout mask; there, ``run`` loads and runs
them on ``--device`` (``cuda`` on the GPU machine, ``cpu`` to test the script) and writes the
stripe synapse's Hall trace and m_z maps as a figure.

    python benchmarks/gpu_suite.py save results/gpu_suite
    python benchmarks/gpu_suite.py run results/gpu_suite --device cuda --out "$OUT"

``run`` imports numpy, torch and tqdm only (tqdm is pure Python: carry
``.venv/lib/python3.11/site-packages/tqdm`` with the saved folder and put that site-packages
folder last on PYTHONPATH). ``--quick`` saves small versions to test both steps on a CPU.

Problems: the 4 nm and 2 nm benchmark tracks (benchmarks/track_sot.py's, 0 K), a 16-member
thermal ensemble of the 4 nm track (300 K, 10 fs Heun steps, one noise stream each), and the
stripe-domain synapse of config/config.yaml at a 1024 nm stripe (2048 nm track, 8 nm cells,
its 6 + 6 pulses). ``cell_updates_per_s`` is magnetic cells x members x steps / wall time,
to set beside mumax3's ~2e9 cell evaluations per second on an H100.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from spinnet.provenance import write_atomic

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

REPO = Path(__file__).resolve().parents[1]


class SavedProtocol:
    """A protocol as its segments (what every engine walks), rebuilt without ubermag."""

    def __init__(self, segments: list[dict]) -> None:
        from micromag.protocol import Segment

        self.items = [Segment(**s) for s in segments]

    def segments(self):
        return self.items


def _problems(quick: bool) -> dict:
    """name -> (ubermag System, protocol, readout mask, members, temperature K, step s,
    title naming material and device)."""
    import yaml

    from micromag.benchmark import (
        CURRENT_DENSITY_A_PER_M2,
        PROTOCOL,
        benchmark_material,
        benchmark_track,
    )
    from micromag.geometry import magnetic_mask
    from micromag.material import MaterialStack
    from micromag.stage import build_device

    material = benchmark_material(0.0)
    out = {}
    for name, cell, temperature, members in (("track_4nm", 4e-9, 0.0, 1),
                                             ("track_2nm", 2e-9, 0.0, 1),
                                             ("thermal_16", 4e-9, 300.0, 16)):
        if quick and name == "track_2nm":
            continue
        track = benchmark_track(cell, temperature)
        out[name] = (track.system(material, CURRENT_DENSITY_A_PER_M2, disorder_seed=0),
                     PROTOCOL, magnetic_mask(track.geometry.mesh()),
                     4 if quick and members > 1 else members, temperature,
                     2e-13 if quick else 1e-14, f"{material.name}, benchmark track")
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    section = config["micromag"]["devices"]["stripe_synapse"]
    stack = MaterialStack.from_yaml(REPO / config["materials_dir"]
                                    / f"{section['materials'][0]}.yaml")
    fields = {k: v for k, v in section.items() if k not in ("kind", "materials",
                                                            "disorder_seeds", "engine")}
    stripe = 256e-9 if quick else 1024e-9
    fields["geometry"] = dict(fields["geometry"], track_width_m=2 * stripe)
    fields["domain_width_m"] = stripe
    if quick:
        fields["protocol"] = dict(fields["protocol"], n_pulses=1)
    device, protocol = build_device(section["kind"], fields, stack.ferromagnet_thickness_m)
    out[f"stripe_{round(stripe * 1e9)}nm"] = (
        device.system(stack, protocol.current_density_A_per_m2, disorder_seed=1), protocol,
        device.readout_region(), 1, 0.0, 1e-14,
        f"{stack.name}, stripe-domain synapse, {stripe * 1e9:.0f} nm stripe")
    return out


def save(folder: Path, quick: bool) -> None:
    """Write each problem's description (demag kernel included), protocol and readout."""
    from micromag.description import as_description

    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name, (system, protocol, readout, members, temperature, step, title) in _problems(
            quick).items():
        as_description(system).with_demag_kernel().save(folder / f"{name}.npz")
        np.save(folder / f"{name}_readout.npy", np.asarray(readout, dtype=bool))
        manifest[name] = {"segments": [asdict(s) for s in protocol.segments()],
                          "members": members, "temperature_K": temperature,
                          "thermal_step_s": step, "title": title}
    # the manifest last and atomically: a killed save leaves no folder that looks complete
    write_atomic(folder / "manifest.json",
                 lambda tmp: tmp.write_text(json.dumps(manifest, indent=1)))
    print(json.dumps({"saved": sorted(manifest), "folder": str(folder)}))


def run(folder: Path, device: str, dtype: str, out: Path) -> None:
    """Run every saved problem on ``device``; print a JSON line each and a summary."""
    from micromag.description import ProblemDescription
    from micromag.engines import get_engine

    manifest = json.loads((folder / "manifest.json").read_text())
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for name, spec in manifest.items():
        problem = ProblemDescription.load(folder / f"{name}.npz")
        readout = np.load(folder / f"{name}_readout.npy")
        protocol = SavedProtocol(spec["segments"])
        engine = get_engine("batched", device=device, dtype=dtype, threads=os.cpu_count() or 1,
                            thermal_timestep_s=spec["thermal_step_s"])
        seeds = list(range(spec["members"]))
        walls = []
        for _ in range(2):  # the first run compiles
            started = time.perf_counter()
            traces = engine.run_ensemble([problem] * len(seeds), protocol, readout, seeds,
                                         progress=False)
            walls.append(time.perf_counter() - started)
        cells = int(problem.magnetic.sum())
        result = {"problem": name, "device": device, "dtype": dtype, "cells": cells,
                  "members": len(seeds), "temperature_K": spec["temperature_K"],
                  "steps": traces[0].steps, "first_wall_s": round(walls[0], 2),
                  "wall_s": round(walls[1], 2),
                  "cell_updates_per_s": round(cells * len(seeds) * traces[0].steps / walls[1]),
                  "hall_signal": [round(float(h), 4) for h in traces[0].hall_signal]}
        print(json.dumps(result), flush=True)
        results.append(result)
        if name.startswith("stripe"):
            _figure(out / f"{name}.png", traces[0], spec["title"], problem.cell_m[0])
    write_atomic(out / "gpu_suite.json", lambda tmp: tmp.write_text(json.dumps(results, indent=1)))
    print(json.dumps({"summary": {r["problem"]: r["cell_updates_per_s"] for r in results},
                      "mumax3_h100_cell_evaluations_per_s": 2e9}))


def _figure(path: Path, trace, title: str, cell_m: float) -> None:
    """Hall signal against readout and the last m_z map (matplotlib only)."""
    from spinnet.figures import save_png, subplots

    fig, (left, right) = subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    left.plot(trace.hall_signal, "o-")
    left.set_xlabel("readout (0: written state, then one per pulse)")
    left.set_ylabel("R_H / R_AHE")
    nx, ny = trace.mz_snapshots[-1].shape
    extent = (0, nx * cell_m * 1e9, 0, ny * cell_m * 1e9)
    image = right.imshow(trace.mz_snapshots[-1].T, origin="lower", cmap="RdBu_r", vmin=-1,
                         vmax=1, aspect="equal", extent=extent)
    right.set_xlabel("x (nm)")
    right.set_ylabel("y (nm)")
    right.set_title("m_z after the last pulse")
    fig.colorbar(image, ax=right, label="m_z")
    left.set_title("Hall signal")
    fig.suptitle(f"{title}, seed 1 (batched engine)")
    save_png(fig, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["save", "run"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--quick", action="store_true",
                        help="save: small versions (no 2 nm track, 4 members at 0.2 ps steps, "
                             "256 nm stripe, 1 + 1 pulses) to test the script on a CPU")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float32")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.step == "save":
        save(args.folder, args.quick)
    else:
        run(args.folder, args.device, args.dtype, args.out or args.folder)


if __name__ == "__main__":
    main()

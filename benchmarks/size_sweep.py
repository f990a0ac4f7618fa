"""Size effects at fixed current and pulse, printed as JSON: the stripe-domain synapse against
its stripe width, and the conventional wall's Hall-arm depinning current against track width.

Stripe (``--part stripe``): the config's ``stripe_synapse`` (its material, current, pulses,
bias field and along-track layout) with the stripe ``w`` wide in a track ``2 w`` wide, the
Hall cross 128 nm along the track, cells of ``--cell-nm``. Per width: the ratio of the mean
potentiation step to the mean depression step, the fitted exponential A_p / A_d, the number
of distinguishable states (the surrogate's count) and the MNIST accuracy of a network whose
synapses walk that curve (the pipeline's network settings). The wall tension sigma / (mu0 M_s
w) falls as 1 / w, so a wider stripe should be more symmetric.

Arms (``--part arms``): the config's domain-wall ``synapse`` (W/CoFeB(1.2)) on a square Hall
cross as wide as the track, with magnetic arms a quarter of the track width long, the track
four widths long and the wall written 16 nm before the cross. The depinning current is the
lowest current density whose N pulses take the wall across the cross (the pipeline's
operating-point search, to 10 %); "> J_max" where none up to the search's highest does.

    python benchmarks/size_sweep.py --part stripe --widths-nm 256 512 1024 --out results/size
    python benchmarks/size_sweep.py --part arms --widths-nm 128 256 512 --out results/size
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from micromag.stage import find_operating_point
from spinnet import api
from spinnet.provenance import write_atomic

SEED = 1  # the arms study's disorder seed; the stripe runs on the pipeline's own seed


def stripe(width_nm: float, cell_nm: float, out: Path, mnist_dir: str | None,
           train: bool) -> dict:
    """The stripe synapse at one stripe width (nm) and cell size (nm)."""
    w, cell = width_nm * 1e-9, cell_nm * 1e-9
    material_name = api.config()["micromag"]["devices"]["stripe_synapse"]["materials"][0]
    material = api.load_material(material_name)
    seed = api.disorder_seeds("stripe_synapse")[0]  # the default run's device
    device, protocol = api.build_device(
        "stripe_synapse", material, seed=seed, **{"geometry.track_width_m": 2 * w,
                                                  "domain_width_m": w,
                                                  "geometry.cell_size_m": cell})
    started = time.perf_counter()
    trace = api.simulate("stripe_synapse", device, protocol, material, seed=seed, threads=1)
    wall_s = time.perf_counter() - started
    hall, n = np.asarray(trace.hall_signal), protocol.n_potentiation
    up, down = np.diff(hall[:n + 1]), -np.diff(hall[n:2 * n + 1])
    folder = out / f"stripe_w{width_nm:g}nm_cell{cell_nm:g}nm"
    record = api.fit_synapse([trace], folder / material_name / "stripe_synapse.json")
    exponential = record.get("models", {}).get("exponential", {})
    result = {"stripe_width_nm": width_nm, "track_width_nm": 2 * width_nm, "cell_nm": cell_nm,
              "seed": seed,
              "material": material_name, "J_A_per_m2": protocol.current_density_A_per_m2,
              "pulse_ns": 1e9 * protocol.pulse_duration_s, "n_pulses": n,
              "hall_signal": hall.tolist(),
              "mean_step_ratio_p_over_d": float(up.mean() / down.mean())
              if down.mean() != 0 else None,
              "A_p": exponential.get("A_p"), "A_d": exponential.get("A_d"),
              "A_p_over_A_d": (exponential["A_p"] / exponential["A_d"]
                               if exponential.get("A_d") else None),
              "states": exponential.get("n_distinguishable_states"),
              "surrogate_status": record["status"], "simulate_s": round(wall_s, 1)}
    if train and record["status"] == "ok":
        metrics = api.train_row(folder, material_name, "stripe_synapse", mnist_dir=mnist_dir)
        result["accuracy"] = metrics["final_test_accuracy"]
    return result


def arms(width_nm: float, cell_nm: float, out: Path) -> dict:
    """The conventional wall's depinning current past magnetic Hall arms, track ``width_nm``:
    the pipeline's operating-point search (:func:`micromag.stage.find_operating_point`) on
    that track."""
    w, cell = width_nm * 1e-9, cell_nm * 1e-9
    changes = {"geometry.track_length_m": 4 * w, "geometry.track_width_m": w,
               "geometry.hall_arm_width_m": w, "geometry.hall_arm_length_m": w / 4,
               "geometry.hall_center_x_m": 2.5 * w, "geometry.cell_size_m": cell,
               "domain_width_m": w, "domain_front_x_m": 2 * w - 16e-9,
               "operating_point.current_max_A_per_m2": 3e12, "operating_point.tolerance": 0.1}
    kind, fields = api.device_fields("synapse", **changes)
    engine = api.config()["micromag"]["devices"]["synapse"]["engine"]
    engine = {**engine, "options": {**engine.get("options", {}), "threads": 1}}
    folder = out / f"arms_w{width_nm:g}nm_cell{cell_nm:g}nm"
    started = time.perf_counter()
    found = find_operating_point({"name": "synapse", "kind": kind, "config": fields, "point": {}},
                                 engine, api.REPO / "config/materials/W_CoFeB1.2_MgO.yaml",
                                 SEED, folder / "operating_point.json")
    j, limit = found["current_density_A_per_m2"], fields["operating_point"]["current_max_A_per_m2"]
    return {"track_width_nm": width_nm, "arm_length_nm": width_nm / 4, "cell_nm": cell_nm,
            "n_pulses": fields["protocol"]["n_pulses"],
            "pulse_ns": 1e9 * fields["protocol"]["pulse_duration_s"],
            "depinning_A_per_m2": j,
            "depinning": f"{j:.3g}" if j is not None else f"> {limit:.3g} ({found['status']})",
            "evaluations": found["evaluations"],
            "search_s": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("stripe", "arms"), required=True)
    parser.add_argument("--widths-nm", type=float, nargs="+", required=True,
                        help="stripe widths (stripe) or track widths (arms), nm")
    parser.add_argument("--cell-nm", type=float, default=8.0, help="cell size (nm)")
    parser.add_argument("--out", type=Path, required=True, help="folder for records and JSON")
    parser.add_argument("--no-train", action="store_true", help="skip the MNIST networks")
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for width in args.widths_nm:
        result = (stripe(width, args.cell_nm, args.out, os.environ.get("MNIST_DIR"),
                         not args.no_train)
                  if args.part == "stripe" else arms(width, args.cell_nm, args.out))
        print(json.dumps(result), flush=True)
        results.append(result)
    name = f"{args.part}_cell{args.cell_nm:g}nm_{'_'.join(f'{w:g}' for w in args.widths_nm)}.json"
    write_atomic(args.out / name, lambda tmp: Path(tmp).write_text(json.dumps(results, indent=1)))


if __name__ == "__main__":
    main()

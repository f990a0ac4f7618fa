"""Retention at temperature: write an intermediate state, hold it at zero current, and print
how far the Hall signal and the wall drift, as JSON.

The device is a domain-wall synapse of config/config.yaml (default ``synapse_300K``): its
pulses of +J write the state (``--write-pulses``), then it is held for ``--hold-ns`` at its
``temperature_K`` with a readout every ``--read-ns``; ``--cycles`` thermal seeds of the same
device run as one ensemble.

    python benchmarks/retention.py --device synapse_300K --write-pulses 2 --hold-ns 10
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import yaml

from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.protocol import Segment
from micromag.readout import domain_front_x_m
from micromag.stage import build_device, cycle_seeds

REPO = Path(__file__).resolve().parents[1]


class WriteThenHold:
    """``pulses`` pulses of +J (each followed by its relaxation), then ``reads`` zero-current
    holds of ``read_s`` (s), each ending in a readout."""

    def __init__(self, pulse_s: float, relax_s: float, pulses: int, read_s: float,
                 reads: int) -> None:
        self.items = ([Segment(pulse_s, 1.0, False), Segment(relax_s, 0.0, True)] * pulses
                      + [Segment(read_s, 0.0, True)] * reads)

    def segments(self) -> list[Segment]:
        return self.items


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="synapse_300K")
    parser.add_argument("--material", default="W_CoFeB1.2_MgO")
    parser.add_argument("--write-pulses", type=int, default=2)
    parser.add_argument("--hold-ns", type=float, default=10.0)
    parser.add_argument("--read-ns", type=float, default=1.0)
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    section = config["micromag"]["devices"][args.device]
    material = MaterialStack.from_yaml(REPO / config["materials_dir"] / f"{args.material}.yaml")
    fields = {k: v for k, v in section.items() if k not in ("materials", "disorder_seeds")}
    device, protocol = build_device(section["kind"], fields, material.ferromagnet_thickness_m,
                                    seed=args.seed)
    engine = section.get("engine") or config["micromag"]["engine"]
    runner = get_engine(engine["name"], **(engine.get("options", {}) | {"threads": args.threads}))
    reads = round(args.hold_ns / args.read_ns)
    hold = WriteThenHold(protocol.pulse_duration_s, protocol.relaxation_s, args.write_pulses,
                         args.read_ns * 1e-9, reads)
    system = device.system(material, protocol.current_density_A_per_m2, disorder_seed=args.seed)
    seeds = cycle_seeds(args.seed, args.cycles)
    started = time.perf_counter()
    traces = runner.run_ensemble([system] * len(seeds), hold, device.readout_region(), seeds,
                                 progress=False)
    wall_s = time.perf_counter() - started
    written = args.write_pulses  # readout index of the written state (0: before any pulse)
    hall = np.array([t.hall_signal for t in traces])
    cell = device.geometry.cell_size_m
    fronts = np.array([[domain_front_x_m(s, cell) for s in t.mz_snapshots] for t in traces])
    drift = hall[:, -1] - hall[:, written]
    print(json.dumps({
        "device": args.device, "material": material.name,
        "temperature_K": section.get("temperature_K", 0), "cycles": len(seeds),
        "write_pulses": args.write_pulses, "hold_ns": args.hold_ns,
        "hall_written": hall[:, written].round(3).tolist(),
        "hall_after_hold": hall[:, -1].round(3).tolist(),
        "hall_drift_mean": round(float(drift.mean()), 4),
        "hall_drift_abs_max": round(float(np.abs(drift).max()), 4),
        "front_written_nm": (fronts[:, written] * 1e9).round(1).tolist(),
        "front_after_hold_nm": (fronts[:, -1] * 1e9).round(1).tolist(),
        "wall_s": round(wall_s, 1)}))


if __name__ == "__main__":
    main()

"""Does a stripe domain hold still at zero current? Prints its tip position as JSON.

A stripe of width w retracts under its wall tension sigma / (mu0 Ms w) unless pinning holds it;
this measures that on the default device geometry for a chosen DMI and K_u spread.

    python benchmarks/stripe_stability.py --dmi 1.5e-3 --dispersion 0.05 --relax-ns 1.5
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import yaml

from micromag.engines import get_engine
from micromag.material import MaterialStack
from micromag.problem import DomainSynapse
from micromag.protocol import PotentiationDepression
from micromag.readout import domain_front_x_m
from micromag.stage import build_device

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dmi", type=float, default=0.5e-3, help="D (J/m^2)")
    parser.add_argument("--dispersion", type=float, default=0.05, help="relative K_u spread")
    parser.add_argument("--width-nm", type=float, default=64.0, help="stripe width (nm)")
    parser.add_argument("--relax-ns", type=float, default=1.5, help="time at zero current (ns)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())["micromag"]
    synapse = config["devices"]["synapse"]
    device, _ = build_device(synapse["kind"], synapse, 1.2e-9)
    stripe = DomainSynapse(device.geometry, args.width_nm * 1e-9, device.domain_front_x_m,
                           device.bias_field_y_A_per_m, 0.0)
    values = yaml.safe_load((REPO / "config/materials/W_CoFeB1.2_MgO.yaml").read_text())
    values.update(D_J_per_m2=args.dmi, Ku_dispersion=args.dispersion)
    material = MaterialStack.from_dict(values)
    protocol = PotentiationDepression(1e11, 1e-12, args.relax_ns * 1e-9, 0, 0)
    engine = get_engine("magnumnp", **config["engine"]["options"])
    trace = engine.run(stripe.system(material, 1e11, disorder_seed=args.seed), protocol,
                       stripe.readout_region(), seed=args.seed, progress=False)
    tip_m = domain_front_x_m(trace.mz_snapshots[-1], device.geometry.cell_size_m)
    print(json.dumps({"D_J_per_m2": args.dmi, "Ku_dispersion": args.dispersion,
                      "stripe_width_nm": args.width_nm, "relax_ns": args.relax_ns,
                      "tip_start_nm": round(device.domain_front_x_m * 1e9, 1),
                      "tip_end_nm": None if np.isnan(tip_m) else round(tip_m * 1e9, 1),
                      "reversed_fraction": float(np.mean(trace.mz_snapshots[-1] > 0))}))


if __name__ == "__main__":
    main()

"""One device through the whole chain, in memory, with the Python API: the W/CoFeB(1.2) domain-
wall synapse of the default config, 3 + 3 pulses, simulated, fitted, and its curve trained
into an MNIST network for one short epoch.

    python examples/one_device.py --out results/example
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spinnet import api


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/example"))
    parser.add_argument("--mnist-dir", default=None)
    args = parser.parse_args()
    material = api.load_material("W_CoFeB1.2_MgO")
    # the config's synapse (its 512 x 128 nm track) at its protocol's 4e11 A/m^2 (no
    # operating-point search here), 3 + 3 pulses
    device, protocol = api.build_device("synapse", material, **{"protocol.n_pulses": 3})
    trace = api.simulate("synapse", device, protocol, material, seed=1, compile=False)
    stem = Path(material.source).stem
    record = api.fit_synapse([trace], args.out / stem / "synapse.json")
    summary = {"hall_signal": [round(h, 3) for h in trace.hall_signal.tolist()],
               "status": record["status"], "network_model": record.get("network_model")}
    if record["status"] == "ok":
        metrics = api.train_row(args.out, stem, "synapse", mnist_dir=args.mnist_dir,
                                metrics_path=args.out / "metrics.json", epochs=1,
                                train_examples=6000)
        summary["test_accuracy"] = metrics["final_test_accuracy"]
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()

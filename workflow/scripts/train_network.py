"""Snakemake wrapper: network.stage.train_row (software row, or device row with a synapse)."""

import sys
from pathlib import Path

from network.stage import train_row

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
synapse = snakemake.input.get("synapse")
material = snakemake.wildcards.get("material")
result = train_row(
    mnist_dir=Path(snakemake.input.mnist[0]).parent,
    settings=dict(snakemake.params.settings),
    metrics_path=snakemake.output.metrics,
    synapse_json=synapse,
    device_pulses=snakemake.params.get("device_pulses"),
    variation=bool(snakemake.params.get("device_variation", False)),
    label=f"{material} synapse + ReLU" if synapse else "software synapse + ReLU",
)
if result["status"] == "no device":
    print(f"no device: {result['reason']}", file=log)
else:
    print(f"final test accuracy {100 * result['final_test_accuracy']:.2f} % "
          f"({result['status']})", file=log)

"""Snakemake wrapper: network.stage.train_row (software row, or device row with a synapse)."""

import sys
from pathlib import Path

from network.stage import train_row

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
synapse = snakemake.input.get("synapse")  # noqa: F821
material = snakemake.wildcards.get("material")  # noqa: F821
result = train_row(
    mnist_dir=Path(snakemake.input.mnist[0]).parent,  # noqa: F821
    settings=dict(snakemake.params.settings),  # noqa: F821
    metrics_path=snakemake.output.metrics,  # noqa: F821
    synapse_json=synapse,
    device_pulses=snakemake.params.get("device_pulses"),  # noqa: F821
    variation=bool(snakemake.params.get("device_variation", False)),  # noqa: F821
    label=f"{material} synapse + ReLU" if synapse else "software synapse + ReLU",
)
if result["status"] == "no device":
    print(f"no device: {result['reason']}", file=log)
else:
    print(f"final test accuracy {100 * result['final_test_accuracy']:.2f} % "
          f"({result['status']})", file=log)

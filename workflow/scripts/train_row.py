"""Snakemake wrapper: network.rows.train_row (accuracy-table rows, paper-table rows, map
points)."""

import sys
from pathlib import Path

from network.rows import train_row

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
result = train_row(
    network=dict(snakemake.params.network),
    row=dict(snakemake.params.row),
    mnist_dir=Path(snakemake.input.mnist[0]).parent,
    seed=int(snakemake.params.seed),
    metrics_path=snakemake.output.metrics,
    surrogate_dir=snakemake.params.surrogate_dir,
)
if result["status"] == "no device":
    print(f"{result['row']}: no device: {result['reason']}", file=log)
else:
    paper = result["paper_percent"]
    print(f"{result['row']}: {100 * result['final_test_accuracy']:.2f} % ({result['status']})"
          + ("" if paper is None else f", paper {paper} %"), file=log)

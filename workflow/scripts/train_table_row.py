"""Snakemake wrapper: network.paper_tables.train_table_row (paper-table rows, map points)."""

import sys
from pathlib import Path

from network.paper_tables import train_table_row

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
result = train_table_row(
    network=dict(snakemake.params.network),
    row=dict(snakemake.params.row),
    mnist_dir=Path(snakemake.input.mnist[0]).parent,
    seed=int(snakemake.params.seed),
    metrics_path=snakemake.output.metrics,
    surrogate_dir=snakemake.params.surrogate_dir,
)
paper = result["paper_percent"]
print(f"{result['row']}: {100 * result['final_test_accuracy']:.2f} %"
      + ("" if paper is None else f" (paper {paper} %)"), file=log)

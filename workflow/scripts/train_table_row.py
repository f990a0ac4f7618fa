"""Snakemake wrapper: network.paper_tables.train_table_row (paper-table rows, map points)."""

import sys
from pathlib import Path

from network.paper_tables import train_table_row

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
result = train_table_row(
    network=dict(snakemake.params.network),  # noqa: F821
    row=dict(snakemake.params.row),  # noqa: F821
    mnist_dir=Path(snakemake.input.mnist[0]).parent,  # noqa: F821
    seed=int(snakemake.params.seed),  # noqa: F821
    metrics_path=snakemake.output.metrics,  # noqa: F821
    surrogate_dir=snakemake.params.surrogate_dir,  # noqa: F821
)
paper = result["paper_percent"]
print(f"{result['row']}: {100 * result['final_test_accuracy']:.2f} %"
      + ("" if paper is None else f" (paper {paper} %)"), file=log)

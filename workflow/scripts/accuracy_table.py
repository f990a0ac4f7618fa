"""Snakemake wrapper: accuracy table and learning curves of all trained rows."""

import sys

from network.report import write_accuracy_table

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
rows = write_accuracy_table(
    [snakemake.input.software, *snakemake.input.devices],  # noqa: F821
    list(snakemake.input.synapses),  # noqa: F821
    snakemake.output.table,  # noqa: F821
    snakemake.output.figure,  # noqa: F821
)
for row in rows:
    print(row, file=log)

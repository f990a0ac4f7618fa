"""Snakemake wrapper: accuracy table and learning curves of all trained rows."""

import sys

from report.tables import write_accuracy_table

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
rows = write_accuracy_table(
    [snakemake.input.software, *snakemake.input.devices],
    list(snakemake.input.synapses),
    snakemake.output.table,
    snakemake.output.figure,
)
for row in rows:
    print(row, file=log)

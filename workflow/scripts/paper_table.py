"""Snakemake wrapper: report.tables.write_paper_table."""

import sys

from report.tables import write_paper_table

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
for row in write_paper_table(list(snakemake.input), snakemake.output.table,
                             snakemake.output.figure):
    print(row, file=log)

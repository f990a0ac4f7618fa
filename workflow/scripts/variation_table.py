"""Snakemake wrapper: report.variation.write_variation_table."""

import sys

from report.variation import write_variation_table

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
for row in write_variation_table([tuple(d) for d in snakemake.params.devices],
                                 list(snakemake.input), snakemake.output[0]):
    print(row, file=log)

"""Snakemake wrapper: report.maps.write_accuracy_map."""

import sys

from report.maps import write_accuracy_map

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
rows = write_accuracy_map(list(snakemake.input), list(snakemake.params.axes),
                          snakemake.params.title, snakemake.output.table,
                          snakemake.output.figure)
print(f"{len(rows)} points", file=log)

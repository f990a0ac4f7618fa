"""Snakemake wrapper: report.energy.write_energy_table."""

import sys

from report.energy import write_energy_table

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
for row in write_energy_table([tuple(d) for d in snakemake.params.devices], list(snakemake.input),
                              snakemake.output[0], dict(snakemake.params.readout)):
    print(row, file=log)

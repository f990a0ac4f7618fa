"""Snakemake wrapper: report.material_map.write_material_map."""

import sys

from report.material_map import write_material_map

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
rows = write_material_map(
    list(snakemake.params.names),
    list(snakemake.input.materials),
    list(snakemake.input.synapses),
    list(snakemake.input.metrics),
    snakemake.input.software,
    snakemake.output.table,
    snakemake.output.figure,
    labels=list(snakemake.params.labels),
    thermal_paths=[path or None for path in snakemake.params.thermal],
)
for row in rows:
    print(row, file=log)

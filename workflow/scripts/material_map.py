"""Snakemake wrapper: network.material_map.write_material_map."""

import sys

from network.material_map import write_material_map

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
rows = write_material_map(
    list(snakemake.params.names),  # noqa: F821
    list(snakemake.input.materials),  # noqa: F821
    list(snakemake.input.synapses),  # noqa: F821
    list(snakemake.input.metrics),  # noqa: F821
    snakemake.input.software,  # noqa: F821
    snakemake.output.table,  # noqa: F821
    snakemake.output.figure,  # noqa: F821
)
for row in rows:
    print(row, file=log)

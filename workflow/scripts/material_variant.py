"""Snakemake wrapper: write one Paramspace material variant as a material YAML file."""

import sys
from pathlib import Path

import yaml

from spinnet.provenance import write_atomic

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
row = dict(snakemake.params.row)
header = (f"# Material variant of {row.pop('base')}, written by the material_variant rule\n"
          f"# from the Paramspace table; fields replaced: {row}\n")
text = header + yaml.safe_dump(dict(snakemake.params.values), sort_keys=False)
write_atomic(snakemake.output[0], lambda tmp: Path(tmp).write_text(text))
print(text, file=log)

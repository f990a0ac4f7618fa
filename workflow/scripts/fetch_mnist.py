"""Snakemake wrapper: network.mnist.fetch."""

import sys
from pathlib import Path

from network.mnist import fetch

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
out = Path(snakemake.output[0])
fetch(out.name, out, source_dir=snakemake.params.source_dir)
print(f"{out.name}: SHA-256 verified", file=log)

"""Snakemake wrapper: micromag.plots.plot_seed_traces over one device's trace files."""

import sys

from micromag.plots import plot_seed_traces
from micromag.traces import TraceFile

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
plot_seed_traces(snakemake.output[0], [TraceFile.read(path) for path in snakemake.input],
                 title=snakemake.params.title)
print(f"{len(snakemake.input)} traces", file=log)

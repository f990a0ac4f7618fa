"""Snakemake wrapper: micromag.plots.plot_seed_traces over one device's trace files."""

from micromag.plots import plot_seed_traces
from micromag.traces import load_trace

plot_seed_traces(snakemake.output[0],
                 [load_trace(path) for path in snakemake.input],
                 title=snakemake.params.title)

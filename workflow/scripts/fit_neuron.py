"""Snakemake wrapper: surrogate.neuron.fit_neuron."""

import json
import sys

from surrogate.neuron import fit_neuron

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
record = fit_neuron(list(snakemake.input.traces), snakemake.output.json,
                    snakemake.output.figure)
print(json.dumps([p["fit"] for p in record["points"]], indent=2), file=log)

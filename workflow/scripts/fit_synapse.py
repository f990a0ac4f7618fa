"""Snakemake wrapper: surrogate.stage.fit_synapse (traces) or fit_measured_synapse (a CSV)."""

import json
import sys

from surrogate.stage import fit_measured_synapse, fit_synapse

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
inputs = snakemake.input
fit, source = ((fit_measured_synapse, inputs.curve) if "curve" in inputs.keys()
               else (fit_synapse, list(inputs.traces)))
record = fit(
    source,
    snakemake.output.json,
    snakemake.output.figure,
    models=tuple(snakemake.params.models),
    network_model=snakemake.params.network_model,
)
print(json.dumps(record.get("models", {}), indent=2), file=log)

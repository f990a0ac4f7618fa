"""Snakemake wrapper: surrogate.stage.fit_synapse (traces) or fit_measured_synapse (a CSV)."""

import json
import sys

from surrogate.stage import fit_measured_synapse, fit_synapse

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
inputs = snakemake.input  # noqa: F821
fit, source = ((fit_measured_synapse, inputs.curve) if "curve" in inputs.keys()
               else (fit_synapse, list(inputs.traces)))
record = fit(
    source,
    snakemake.output.json,  # noqa: F821
    snakemake.output.figure,  # noqa: F821
    models=tuple(snakemake.params.models),  # noqa: F821
    network_model=snakemake.params.network_model,  # noqa: F821
)
print(json.dumps(record.get("models", {}), indent=2), file=log)

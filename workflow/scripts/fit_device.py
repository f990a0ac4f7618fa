"""Snakemake wrapper: surrogate.stage.fit_traces (a simulated device, with the surrogate family
its kind declares) or fit_measured_synapse (a lab's CSV)."""

import json
import sys

from surrogate.stage import fit_measured_synapse, fit_traces

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
inputs, params = snakemake.input, snakemake.params
options = {"models": tuple(params.models), "network_model": params.network_model}
if "curve" in inputs.keys():
    record = fit_measured_synapse(inputs.curve, snakemake.output.json, snakemake.output.figure,
                                  **options)
else:
    record = fit_traces(params.surrogate, list(inputs.traces), snakemake.output.json,
                        snakemake.output.figure, **options)
print(json.dumps(record.get("models") or [p["fit"] for p in record.get("points", [])],
                 indent=2), file=log)

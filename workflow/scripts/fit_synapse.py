"""Snakemake wrapper: surrogate.stage.fit_synapse."""

import json
import sys

from surrogate.stage import fit_synapse

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
record = fit_synapse(
    list(snakemake.input.traces),  # noqa: F821
    snakemake.output.json,  # noqa: F821
    snakemake.output.figure,  # noqa: F821
    models=tuple(snakemake.params.models),  # noqa: F821
    network_model=snakemake.params.network_model,  # noqa: F821
)
print(json.dumps(record["models"], indent=2), file=log)

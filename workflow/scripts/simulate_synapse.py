"""Snakemake wrapper: micromag.stage.simulate_domain_synapse, or simulate_sot_film for the
rule whose ``kind`` wildcard names one of 001's SOT film devices."""

import sys
from functools import partial

from micromag.stage import simulate_domain_synapse, simulate_sot_film

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
wildcards = snakemake.wildcards
simulate = (partial(simulate_sot_film, wildcards.kind) if "kind" in wildcards.keys()
            else simulate_domain_synapse)
meta = simulate(
    device=snakemake.params.device,
    engine=snakemake.params.engine,
    material_path=snakemake.input.material,
    seed=int(wildcards.seed),
    trace_path=snakemake.output.trace,
    figure_path=snakemake.output.figure,
)
print(f"steps {meta['steps']}, wall time {meta['wall_time_s']:.1f} s", file=log)

"""Snakemake wrapper: micromag.stage.simulate_domain_neuron."""

import sys

from micromag.stage import simulate_domain_neuron

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
hx, front = snakemake.params.point
meta = simulate_domain_neuron(
    device=snakemake.params.device,
    engine=snakemake.params.engine,
    material_path=snakemake.input.material,
    bias_field_x_A_per_m=hx,
    domain_front_x_m=front,
    seed=int(snakemake.wildcards.seed),
    trace_path=snakemake.output.trace,
    figure_path=snakemake.output.figure,
)
print(f"steps {meta['steps']}, wall time {meta['wall_time_s']:.1f} s", file=log)

"""Snakemake wrapper: micromag.stage.simulate_domain_neuron."""

import sys

from micromag.stage import simulate_domain_neuron

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")  # noqa: F821
sys.stderr = log
hx, front = snakemake.params.point  # noqa: F821
meta = simulate_domain_neuron(
    device=snakemake.params.device,  # noqa: F821
    engine=snakemake.params.engine,  # noqa: F821
    material_path=snakemake.input.material,  # noqa: F821
    bias_field_x_A_per_m=hx,
    domain_front_x_m=front,
    seed=int(snakemake.wildcards.seed),  # noqa: F821
    trace_path=snakemake.output.trace,  # noqa: F821
    figure_path=snakemake.output.figure,  # noqa: F821
)
print(f"steps {meta['steps']}, wall time {meta['wall_time_s']:.1f} s", file=log)

"""Snakemake wrapper: micromag.stage.simulate for one run of a configured device."""

import sys

from micromag.stage import simulate

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
meta = simulate(
    run=snakemake.params.run,
    engine=snakemake.params.engine,
    material_path=snakemake.input.material,
    seed=int(snakemake.wildcards.seed),
    trace_path=snakemake.output.trace,
    figure_path=snakemake.output.figure,
    operating_point=(snakemake.input.operating_point[0] if snakemake.input.operating_point
                     else None),
    operating_run=(snakemake.input.operating_run[0] if snakemake.input.operating_run
                   else None),
)
print(f"steps {meta['steps']}, wall time {meta['wall_time_s']:.1f} s"
      + (f", read from {meta['drive']['simulated_by']}" if "simulated_by" in meta["drive"] else ""),
      file=log)

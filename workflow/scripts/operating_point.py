"""Snakemake wrapper: micromag.stage.find_operating_point for one run of a synapse."""

import sys

from micromag.stage import find_operating_point

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
record = find_operating_point(
    run=snakemake.params.run,
    engine=snakemake.params.engine,
    material_path=snakemake.input.material,
    seed=int(snakemake.params.seed),
    path=snakemake.output.json,
    run_path=snakemake.output.run,
)
for evaluation in record["evaluations"]:
    if "switched_fraction" in evaluation:  # a neuron's one-pulse response
        print(f"J {evaluation['current_density_A_per_m2']:.4g} A/m^2: one pulse switches "
              f"{evaluation['switched_fraction']:.2f} of the Hall swing", file=log)
    else:
        print(f"J {evaluation['current_density_A_per_m2']:.4g} A/m^2: "
              f"{evaluation['progress']:.2f} of the swing in N pulses "
              f"({evaluation['progress_before']:.2f} in N - 1), {evaluation['condition']}",
              file=log)
print(f"operating point: {record['status']} {record['current_density_A_per_m2']} "
      f"{record['reason']}", file=log)

"""Snakemake wrapper: report.maps.write_accuracy_map."""

import sys

from report.maps import write_accuracy_map

# Left open: a traceback at exit goes to the job log, not to a closed file.
log = open(snakemake.log[0], "w")
sys.stderr = log
points = []
if snakemake.input.device:
    from network.neurons import sigmoid_points

    device = snakemake.params.device
    def named(path, value):
        """A sweep field in readable units: H_x in kA/m, a position in nm."""
        name = path.rsplit(".", 1)[-1]
        if name.endswith("_A_per_m"):
            return f"{name.split('_')[-4].replace('x', 'H_x')} {value / 1e3:g} kA/m"
        if name.endswith("_m"):
            return f"{name.removesuffix('_m').replace('_', ' ')} {value * 1e9:g} nm"
        return f"{name} {value:g}"

    points = [(", ".join(named(k, v) for k, v in at.items()) or "nominal", x0, k)
              for at, x0, k in sigmoid_points(snakemake.input.device[0], device["gain_A_per_m2"],
                                              device.get("centred", False))]
rows = write_accuracy_map(list(snakemake.input.metrics), list(snakemake.params.axes),
                          snakemake.params.title, snakemake.output.table,
                          snakemake.output.figure, points)
print(f"{len(rows)} points", file=log)

"""Micromagnetic-to-system pipeline: micromag -> surrogate -> network -> report."""

from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/materials.smk"
include: "workflow/rules/micromag.smk"
include: "workflow/rules/surrogate.smk"
include: "workflow/rules/network.smk"
include: "workflow/rules/tables.smk"
include: "workflow/rules/maps.smk"
include: "workflow/rules/report.smk"


report: "workflow/report/workflow.rst"


# Seconds-long jobs run on the submitting node, not through the scheduler.
localrules:
    mnist,
    material_variant,
    fit_device,
    fit_measured_synapse,
    device_traces,
    accuracy_table,
    material_map,
    energy_table,
    variation_table,
    paper_table,
    accuracy_map,


# One run per results tree, even from two checkouts that share it (spinnet.runlock).
onstart:
    take_results_lock()


onsuccess:
    release_results_lock()


onerror:
    release_results_lock()


rule all:
    input:
        final_outputs(),
    default_target: True

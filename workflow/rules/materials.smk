rule material_variant:
    """A material stack of the Paramspace table: its base file with the row's fields replaced."""
    input:
        base=lambda w: material_path(VARIANTS[w.variant]["base"]),
    output:
        f"{RESULTS}/materials/{{variant}}.yaml",
    params:
        values=lambda w: variant_values(w.variant),
        row=lambda w: {k: str(v) for k, v in VARIANTS[w.variant].items()},
    wildcard_constraints:
        variant="base~[^/]+",
    log:
        f"{RESULTS}/logs/materials/{{variant}}.log",
    threads: 1
    resources:
        mem_mb=200,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/material_variant.py"


rule material_map:
    """Material parameters -> device figures of merit -> MNIST accuracy, one row per stack."""
    input:
        materials=[material_path(m) for m in MATERIALS],
        synapses=[CONFIG.synapse_surrogate(m) for m in MATERIALS],
        metrics=expand(f"{RESULTS}/network/{{material}}/metrics.json", material=MATERIALS),
        software=f"{RESULTS}/network/software/metrics.json",
        thermal=[path for m in MATERIALS if (path := CONFIG.thermal_surrogate(m))],
    output:
        table=report(
            f"{RESULTS}/tables/material_map.csv",
            caption="../report/material_map_table.rst",
            category="4. Material map",
        ),
        figure=report(
            f"{RESULTS}/network/material_map.png",
            caption="../report/material_map.rst",
            category="4. Material map",
        ),
    params:
        names=MATERIALS,
        labels=[CONFIG.label(m) for m in MATERIALS],
        thermal=[CONFIG.thermal_surrogate(m) or "" for m in MATERIALS],
    log:
        f"{RESULTS}/logs/report/material_map.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/material_map.py"

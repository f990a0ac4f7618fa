rule train_map_point:
    """One point of an accuracy map: the map's row with the point's two parameter values."""
    input:
        mnist=MNIST,
        surrogates=lambda w: CONFIG.row_surrogates(map_points(w.name)[w.point]),
    output:
        metrics=f"{RESULTS}/network/maps/{{name}}/{{point}}.json",
    params:
        network=lambda w: config["accuracy_maps"][w.name]["network"],
        row=lambda w: CONFIG.resolved_row(map_points(w.name)[w.point]),
        seed=config["seed"],
        surrogate_dir=f"{RESULTS}/surrogate",
    wildcard_constraints:
        name=MAP_PATTERN,
    log:
        f"{RESULTS}/logs/network/maps/{{name}}/{{point}}.log",
    threads: 1
    resources:
        mem_mb=3000,
        runtime=240,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/train_row.py"


rule accuracy_map:
    """CSV and heat map of the test accuracy over the map's two parameters."""
    input:
        metrics=lambda w: expand(f"{RESULTS}/network/maps/{w.name}/{{point}}.json",
                                 point=list(map_points(w.name))),
        device=lambda w: CONFIG.map_device_points(w.name),
    output:
        table=f"{RESULTS}/tables/{{name}}.csv",
        figure=report(
            f"{RESULTS}/network/{{name}}.png",
            caption="../report/accuracy_map.rst",
            category="6. Accuracy maps",
            labels={"map": "{name}"},
        ),
    params:
        axes=lambda w: list(config["accuracy_maps"][w.name]["axes"]),
        title=lambda w: config["accuracy_maps"][w.name].get("title", w.name),
        device=lambda w: config["accuracy_maps"][w.name].get("device_points"),
    wildcard_constraints:
        name=MAP_PATTERN,
    log:
        f"{RESULTS}/logs/report/{{name}}.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/accuracy_map.py"

rule operating_point:
    """The drive at which a run meets its kind's target, for one material: a synapse's pulse
    current, a neuron's amplitude window (5-95 % of the Hall swing); searched on the first
    disorder seed's device (micromag.operating). Its last simulation is kept: at a synapse's
    operating point it is that seed's run, which simulate_device reads."""
    input:
        material=lambda w: material_path(w.material),
    output:
        json=f"{RESULTS}/micromag/{{material}}/{{run}}_operating_point.json",
        run=f"{RESULTS}/micromag/{{material}}/{{run}}_operating_point_run.npz",
    params:
        run=lambda w: CONFIG.run(w.run),
        engine=lambda w: device_engine(RUNS[w.run][0]),
        seed=lambda w: CONFIG.seeds(RUNS[w.run][0])[0],
    log:
        f"{RESULTS}/logs/micromag/{{material}}/{{run}}_operating_point.log",
    wildcard_constraints:
        run=RUN_PATTERN,
        material="[^/]+",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=240,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/operating_point.py"


rule simulate_device:
    """One run of a configured device (micromag.devices.<name>): the protocol its kind declares
    at one sweep point, for one material and disorder seed; Hall signal after each pulse."""
    input:
        material=lambda w: material_path(w.material),
        operating_point=lambda w: CONFIG.operating_point_files(w.material, w.run),
        operating_run=lambda w: CONFIG.operating_run_files(w.material, w.run, w.seed),
    output:
        trace=f"{RESULTS}/micromag/{{material}}/{{run}}_seed{{seed}}.npz",
        figure=report(
            f"{RESULTS}/micromag/{{material}}/{{run}}_seed{{seed}}.png",
            caption="../report/device_snapshots.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "{run}", "seed": "{seed}"},
        ),
    params:
        run=lambda w: CONFIG.run(w.run),
        engine=lambda w: device_engine(RUNS[w.run][0]),
    log:
        f"{RESULTS}/logs/micromag/{{material}}/{{run}}_seed{{seed}}.log",
    wildcard_constraints:
        run=RUN_PATTERN,
        material="[^/]+",
        seed=r"\d+",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=120,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/simulate_device.py"


rule device_traces:
    """Hall traces of every sweep point and disorder seed of one device and material."""
    input:
        lambda w: CONFIG.traces(w.material, w.device),
    output:
        report(
            f"{RESULTS}/micromag/{{material}}/{{device}}_traces.png",
            caption="../report/seed_traces.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "{device}", "seed": "all"},
        ),
    params:
        title=lambda w: (f"{w.material}: {CONFIG.kind(w.device).title} '{w.device}', every "
                         "sweep point and disorder seed"),
    log:
        f"{RESULTS}/logs/micromag/{{material}}/{{device}}_traces.log",
    wildcard_constraints:
        device=DEVICE_PATTERN,
        material="[^/]+",
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/plot_traces.py"

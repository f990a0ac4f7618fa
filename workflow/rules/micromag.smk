rule simulate_synapse:
    """Stripe-domain synapse: potentiation then depression pulses, Hall signal after each."""
    input:
        material=lambda w: material_path(w.material),
    output:
        trace=f"{RESULTS}/micromag/{{material}}/synapse_seed{{seed}}.npz",
        figure=report(
            f"{RESULTS}/micromag/{{material}}/synapse_seed{{seed}}.png",
            caption="../report/synapse_snapshots.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "seed": "{seed}"},
        ),
    params:
        device=SYNAPSE_DEVICE,
        engine=config["micromag"]["engine"],
    log:
        f"{RESULTS}/logs/micromag/{{material}}/synapse_seed{{seed}}.log",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=120,
    script:
        "../scripts/simulate_synapse.py"

rule simulate_synapse:
    """Domain-wall synapse (conventional wall, or stripe domain): potentiation then depression
    pulses, Hall signal after each."""
    input:
        material=lambda w: material_path(w.material),
    output:
        trace=f"{RESULTS}/micromag/{{material}}/{{track}}_seed{{seed}}.npz",
        figure=report(
            f"{RESULTS}/micromag/{{material}}/{{track}}_seed{{seed}}.png",
            caption="../report/synapse_snapshots.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "{track}", "seed": "{seed}"},
        ),
    params:
        device=lambda w: TRACK_DEVICE[w.track],
        engine=lambda w: device_engine(TRACKS[w.track]),
    log:
        f"{RESULTS}/logs/micromag/{{material}}/{{track}}_seed{{seed}}.log",
    wildcard_constraints:
        track="synapse|stripe_synapse",
        material="[^/]+",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=120,
    script:
        "../scripts/simulate_synapse.py"


rule simulate_neuron:
    """Domain-wall sigmoid neuron: one pulse per amplitude from the erased state, at one
    operating point (H_x, initial wall position)."""
    input:
        material=lambda w: material_path(w.material),
    output:
        trace=f"{RESULTS}/micromag/{{material}}/neuron_{{point}}_seed{{seed}}.npz",
        figure=report(
            f"{RESULTS}/micromag/{{material}}/neuron_{{point}}_seed{{seed}}.png",
            caption="../report/neuron_snapshots.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "neuron {point}", "seed": "{seed}"},
        ),
    params:
        device=NEURON_DEVICE,
        engine=config["micromag"]["engine"],
        point=lambda w: neuron_points()[w.point],
    log:
        f"{RESULTS}/logs/micromag/{{material}}/neuron_{{point}}_seed{{seed}}.log",
    wildcard_constraints:
        point=r"Hx[^_/]+_x[^_/]+nm",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=120,
    script:
        "../scripts/simulate_neuron.py"


rule synapse_traces:
    """Hall traces of all disorder seeds of one domain-wall synapse material on one figure."""
    input:
        lambda w: traces(w.material, w.track),
    output:
        report(
            f"{RESULTS}/micromag/{{material}}/{{track}}_traces.png",
            caption="../report/seed_traces.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "{track}", "seed": "all"},
        ),
    params:
        title=lambda w: (f"{w.material}: "
                         f"{'stripe-domain' if w.track == 'stripe_synapse' else 'domain-wall'} "
                         "synapse, every disorder seed"),
    wildcard_constraints:
        track="synapse|stripe_synapse",
        material="[^/]+",
    script:
        "../scripts/plot_traces.py"


rule neuron_traces:
    """Activations of all operating points and disorder seeds of one neuron material."""
    input:
        lambda w: neuron_traces(w.material),
    output:
        report(
            f"{RESULTS}/micromag/{{material}}/neuron_traces.png",
            caption="../report/seed_traces.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "neuron", "seed": "all"},
        ),
    params:
        title=lambda w: f"{w.material}: domain-wall neuron, every operating point and seed",
    script:
        "../scripts/plot_traces.py"


rule simulate_sot:
    """Devices on a film: 001's multi-state synapse (consecutive + then - pulses) and
    ReLU-like neuron (one pulse per amplitude from the -z state) under H_x, and 003's
    field-free nucleation neuron (decoupled grains, SET/RESET)."""
    input:
        material=lambda w: material_path(w.material),
    output:
        trace=f"{RESULTS}/micromag/{{material}}/{{kind}}_seed{{seed}}.npz",
        figure=report(
            f"{RESULTS}/micromag/{{material}}/{{kind}}_seed{{seed}}.png",
            caption="../report/sot_snapshots.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "{kind}", "seed": "{seed}"},
        ),
    params:
        device=lambda w: SOT_DEVICE[w.kind],
        engine=lambda w: device_engine(SOT[w.kind]),
    log:
        f"{RESULTS}/logs/micromag/{{material}}/{{kind}}_seed{{seed}}.log",
    wildcard_constraints:
        kind="sot_synapse|sot_neuron|nucleation_neuron",
        material="[^/]+",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=120,
    script:
        "../scripts/simulate_synapse.py"


rule sot_traces:
    """Hall traces of all disorder seeds of one film device on one figure."""
    input:
        lambda w: sot_traces(w.kind, w.material),
    output:
        report(
            f"{RESULTS}/micromag/{{material}}/{{kind}}_traces.png",
            caption="../report/seed_traces.rst",
            category="1. Micromagnetics",
            labels={"material": "{material}", "device": "{kind}", "seed": "all"},
        ),
    params:
        title=lambda w: f"{w.material}: {w.kind.replace('_', ' ')}, every disorder seed",
    wildcard_constraints:
        kind="sot_synapse|sot_neuron|nucleation_neuron",
        material="[^/]+",
    script:
        "../scripts/plot_traces.py"

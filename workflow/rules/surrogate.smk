rule fit_synapse:
    """Exponential (A_p, A_d) and quadratic (beta_p, beta_d) fits of the simulated traces of a
    domain-wall synapse (conventional wall, or stripe domain)."""
    input:
        traces=lambda w: traces(w.material, w.track),
    output:
        json=f"{RESULTS}/surrogate/{{material}}/{{track}}.json",
        figure=report(
            f"{RESULTS}/surrogate/{{material}}/{{track}}_fit.png",
            caption="../report/synapse_fit.rst",
            category="2. Surrogates",
            labels={"material": "{material}", "device": "{track}"},
        ),
    params:
        models=config["surrogate"]["models"],
        network_model=config["surrogate"]["network_model"],
    log:
        f"{RESULTS}/logs/surrogate/{{material}}/{{track}}.log",
    wildcard_constraints:
        material=r"(?!measured~)[^/]+",
        track="synapse|stripe_synapse",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fit_synapse.py"


rule fit_measured_synapse:
    """The same fits for a lab's measured curve (config measured_synapses)."""
    input:
        curve=lambda w: MEASURED[f"measured~{w.name}"],
    output:
        json=f"{RESULTS}/surrogate/measured~{{name}}/synapse.json",
        figure=report(
            f"{RESULTS}/surrogate/measured~{{name}}/synapse_fit.png",
            caption="../report/synapse_fit.rst",
            category="2. Surrogates",
            labels={"material": "measured~{name}"},
        ),
    params:
        models=config["surrogate"]["models"],
        network_model=config["surrogate"]["network_model"],
    log:
        f"{RESULTS}/logs/surrogate/measured~{{name}}/synapse.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fit_synapse.py"


rule fit_neuron:
    """Sigmoid (x0, k) of every operating point of the simulated neuron, x0 against the knobs."""
    input:
        traces=lambda w: neuron_traces(w.material),
    output:
        json=f"{RESULTS}/surrogate/{{material}}/neuron.json",
        figure=report(
            f"{RESULTS}/surrogate/{{material}}/neuron_fit.png",
            caption="../report/neuron_fit.rst",
            category="2. Surrogates",
            labels={"material": "{material}", "device": "neuron"},
        ),
    log:
        f"{RESULTS}/logs/surrogate/{{material}}/neuron.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fit_neuron.py"


rule fit_sot_synapse:
    """The synapse fits (exponential, quadratic, isotonic) of the SOT multi-state synapse."""
    input:
        traces=lambda w: sot_traces("sot_synapse", w.material),
    output:
        json=f"{RESULTS}/surrogate/{{material}}/sot_synapse.json",
        figure=report(
            f"{RESULTS}/surrogate/{{material}}/sot_synapse_fit.png",
            caption="../report/synapse_fit.rst",
            category="2. Surrogates",
            labels={"material": "{material}", "device": "sot_synapse"},
        ),
    params:
        models=config["surrogate"]["models"],
        network_model=config["surrogate"]["network_model"],
    log:
        f"{RESULTS}/logs/surrogate/{{material}}/sot_synapse.log",
    wildcard_constraints:
        material="[^/]+",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fit_synapse.py"


rule fit_film_neuron:
    """The activation of a film neuron: 001's ReLU-like curve (threshold, slope, saturation)
    or 003's normal CDF (mu, sigma)."""
    input:
        traces=lambda w: sot_traces(w.kind, w.material),
    output:
        json=f"{RESULTS}/surrogate/{{material}}/{{kind}}.json",
        figure=report(
            f"{RESULTS}/surrogate/{{material}}/{{kind}}_fit.png",
            caption="../report/neuron_fit.rst",
            category="2. Surrogates",
            labels={"material": "{material}", "device": "{kind}"},
        ),
    log:
        f"{RESULTS}/logs/surrogate/{{material}}/{{kind}}.log",
    wildcard_constraints:
        kind="sot_neuron|nucleation_neuron",
        material="[^/]+",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fit_neuron.py"

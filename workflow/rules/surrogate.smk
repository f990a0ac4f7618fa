rule fit_device:
    """The surrogate family the device's kind declares, fitted to its traces: the exponential,
    quadratic and isotonic P/D curves of a synapse, or the activation of a neuron at each
    sweep point."""
    input:
        traces=lambda w: CONFIG.traces(w.material, w.device),
    output:
        json=f"{RESULTS}/surrogate/{{material}}/{{device}}.json",
        figure=report(
            f"{RESULTS}/surrogate/{{material}}/{{device}}_fit.png",
            caption="../report/device_fit.rst",
            category="2. Surrogates",
            labels={"material": "{material}", "device": "{device}"},
        ),
    params:
        surrogate=lambda w: CONFIG.kind(w.device).surrogate,
        models=config["surrogate"]["models"],
        network_model=config["surrogate"]["network_model"],
    log:
        f"{RESULTS}/logs/surrogate/{{material}}/{{device}}.log",
    wildcard_constraints:
        material=r"(?!measured~)[^/]+",
        device=DEVICE_PATTERN,
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/fit_device.py"


rule fit_measured_synapse:
    """The synapse fits for a lab's measured curve (config measured_synapses)."""
    input:
        curve=lambda w: MEASURED[f"measured~{w.name}"],
    output:
        json=f"{RESULTS}/surrogate/measured~{{name}}/synapse.json",
        figure=report(
            f"{RESULTS}/surrogate/measured~{{name}}/synapse_fit.png",
            caption="../report/device_fit.rst",
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
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/fit_device.py"

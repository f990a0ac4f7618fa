rule accuracy_table:
    """One row per trained network: synapse, accuracy, state of the run."""
    input:
        software=f"{RESULTS}/network/software/metrics.json",
        devices=expand(f"{RESULTS}/network/{{material}}/metrics.json",
                       material=DEVICES),
        synapses=[CONFIG.synapse_surrogate(m) for m in DEVICES],
    output:
        table=report(
            f"{RESULTS}/tables/accuracy.csv",
            caption="../report/accuracy_table.rst",
            category="3. Network accuracy",
        ),
        figure=report(
            f"{RESULTS}/network/learning_curves.png",
            caption="../report/learning_curves.rst",
            category="3. Network accuracy",
        ),
    log:
        f"{RESULTS}/logs/report/accuracy_table.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/accuracy_table.py"


rule energy_table:
    """Write energy, heating and latency of every simulated device, beside [Cao2023]'s."""
    input:
        [f"{RESULTS}/surrogate/{material}/{device}.json" for device, _, _, material in
         CONFIG.simulated_devices()],
    output:
        report(
            f"{RESULTS}/tables/energy.csv",
            caption="../report/energy_table.rst",
            category="7. Energy",
        ),
    params:
        devices=[(device, kind, role, CONFIG.label(material))
                 for device, kind, role, material in CONFIG.simulated_devices()],
        readout=config["readout"],
    log:
        f"{RESULTS}/logs/report/energy_table.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/energy_table.py"


rule variation_table:
    """C2C and D2D of the synapses run in thermal cycles, beside [Cao2023]'s measured values."""
    input:
        [f"{RESULTS}/surrogate/{material}/{device}.json" for device, material, _ in
         CONFIG.thermal_synapses()],
    output:
        report(
            f"{RESULTS}/tables/variation.csv",
            caption="../report/variation_table.rst",
            category="8. Variation",
        ),
    params:
        devices=[(device, CONFIG.label(material), area)
                 for device, material, area in CONFIG.thermal_synapses()],
    log:
        f"{RESULTS}/logs/report/variation_table.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/variation_table.py"

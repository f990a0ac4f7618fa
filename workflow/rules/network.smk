MNIST = expand(f"{RESULTS}/data/mnist/{{name}}", name=MNIST_FILES)


rule train_software:
    """784-hidden-10 ReLU/softmax MLP with ideal software weights (the reference row)."""
    input:
        mnist=MNIST,
    output:
        metrics=f"{RESULTS}/network/software/metrics.json",
    params:
        settings=network_settings(),
    log:
        f"{RESULTS}/logs/network/software.log",
    threads: config["network"]["threads"]
    resources:
        mem_mb=3000,
        runtime=120,
    script:
        "../scripts/train_network.py"


rule train_device:
    """Same network, every weight update a whole number of pulses along the device curves."""
    input:
        mnist=MNIST,
        synapse=lambda w: CONFIG.synapse_surrogate(w.material),
    output:
        metrics=f"{RESULTS}/network/{{material}}/metrics.json",
    params:
        settings=network_settings(),
        device_pulses=config["network"]["device_pulses"],
        device_variation=config["network"]["device_variation"],
    log:
        f"{RESULTS}/logs/network/{{material}}.log",
    threads: config["network"]["threads"]
    resources:
        mem_mb=3000,
        runtime=120,
    script:
        "../scripts/train_network.py"

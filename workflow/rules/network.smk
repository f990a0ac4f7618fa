MNIST = expand(f"{RESULTS}/data/mnist/{{name}}", name=MNIST_FILES)
# the accuracy table's network: the config's settings (the seed is each row's own param)
ACCURACY_NETWORK = {k: v for k, v in network_settings().items() if k != "seed"}


rule train_software:
    """784-hidden-10 ReLU/softmax MLP with ideal software weights (the reference row)."""
    input:
        mnist=MNIST,
    output:
        metrics=f"{RESULTS}/network/software/metrics.json",
    params:
        network=ACCURACY_NETWORK,
        row=CONFIG.accuracy_row(),
        seed=config["seed"],
        surrogate_dir=f"{RESULTS}/surrogate",
    log:
        f"{RESULTS}/logs/network/software.log",
    threads: config["network"]["threads"]
    resources:
        mem_mb=3000,
        runtime=120,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/train_row.py"


rule train_device:
    """Same network, every weight update a whole number of pulses along the device curves."""
    input:
        mnist=MNIST,
        synapse=lambda w: CONFIG.synapse_surrogate(w.material),
    output:
        metrics=f"{RESULTS}/network/{{material}}/metrics.json",
    params:
        network=ACCURACY_NETWORK,
        row=lambda w: CONFIG.accuracy_row(w.material),
        seed=config["seed"],
        surrogate_dir=f"{RESULTS}/surrogate",
    log:
        f"{RESULTS}/logs/network/{{material}}.log",
    threads: config["network"]["threads"]
    resources:
        mem_mb=3000,
        runtime=120,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/train_row.py"

rule mnist:
    """Copy MNIST from config mnist_dir, or download it, and check its SHA-256."""
    output:
        f"{RESULTS}/data/mnist/{{name}}",
    params:
        source_dir=config["mnist_dir"],
    wildcard_constraints:
        name="|".join(MNIST_FILES).replace(".", r"\."),
    log:
        f"{RESULTS}/logs/data/{{name}}.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=30,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/fetch_mnist.py"

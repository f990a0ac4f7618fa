"""Config validation (schema + physics) before any job starts, and path helpers."""

from pathlib import Path

import numpy as np
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from micromag.material import MaterialError, MaterialStack
from micromag.stage import domain_synapse_from_config
from network import mnist
from network.train import TrainingConfig


validate(config, "../schemas/config.schema.yaml", set_default=True)

RESULTS = config["results_dir"]
SYNAPSE = config["micromag"]["synapse"]
# What one simulation depends on: adding a material or a seed must not rerun the others.
SYNAPSE_DEVICE = {k: v for k, v in SYNAPSE.items() if k not in ("materials", "disorder_seeds")}
MNIST_FILES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]


def material_path(stem):
    return str(Path(config["materials_dir"]) / f"{stem}.yaml")


def _check_inputs():
    """Every material file, the device, the protocol and the network settings, before any job."""
    errors = []
    for stem in SYNAPSE["materials"]:
        try:
            MaterialStack.from_yaml(material_path(stem))
        except MaterialError as err:
            errors.append(str(err))
    try:
        domain_synapse_from_config(SYNAPSE)
    except ValueError as err:
        errors.append(f"config micromag.synapse: {err}")
    try:
        TrainingConfig(**network_settings())
    except ValueError as err:
        errors.append(f"config network: {err}")
    if config["mnist_dir"] is not None:
        missing = [f for f in MNIST_FILES if not (Path(config["mnist_dir"]) / f).is_file()]
        if missing:
            errors.append(f"config mnist_dir = {config['mnist_dir']}: missing {', '.join(missing)}")
        else:
            for name in MNIST_FILES:
                try:
                    mnist.verify(Path(config["mnist_dir"]) / name)
                except mnist.ChecksumError as err:
                    errors.append(f"config mnist_dir: {err}")
    if errors:
        raise WorkflowError("invalid input, nothing was run:\n  " + "\n  ".join(errors))


def network_settings():
    """Keyword arguments of network.train.TrainingConfig from the config."""
    net = config["network"]
    keys = ("hidden", "epochs", "batch_size", "learning_rate", "w_max_scale", "threads")
    return {key: net[key] for key in keys} | {"seed": config["seed"]}


def disorder_seeds():
    """Per-device seeds derived from the master seed (same config, same devices)."""
    sequence = np.random.SeedSequence(config["seed"])
    return [int(s) for s in sequence.generate_state(SYNAPSE["disorder_seeds"], dtype=np.uint32)]


def traces(material):
    return expand(f"{RESULTS}/micromag/{material}/synapse_seed{{seed}}.npz", seed=disorder_seeds())


def final_outputs():
    materials = SYNAPSE["materials"]
    return (
        expand(f"{RESULTS}/micromag/{{material}}/synapse_seed{{seed}}.png",
               material=materials, seed=disorder_seeds())
        + expand(f"{RESULTS}/surrogate/{{material}}/synapse.json", material=materials)
        + [f"{RESULTS}/tables/accuracy.csv", f"{RESULTS}/network/learning_curves.png"]
    )


_check_inputs()

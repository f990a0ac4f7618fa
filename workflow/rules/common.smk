"""Schema validation, then paths, input functions and final outputs; everything derived from
the config, and its domain checks, live in spinnet.workflow_config.

Parsing stays free of torch: the domain checks run once per workflow, in the process that
plans it, never in the re-parse of each cluster job.
"""

import re

from snakemake.exceptions import WorkflowError

from spinnet.workflow_config import ConfigError, WorkflowConfig, validate_schema

# the Snakefile's configfile, then those given with --configfile, later ones overriding
CONFIG_FILES = list(dict.fromkeys(["config/config.yaml",
                                   *map(str, workflow.overwrite_configfiles or [])]))
try:
    validate_schema(config, CONFIG_FILES)
    CONFIG = WorkflowConfig(config, CONFIG_FILES)
except ConfigError as err:
    raise WorkflowError(str(err)) from None
RESULTS = CONFIG.RESULTS
SYNAPSE, TRACKS, NEURON, SOT = CONFIG.SYNAPSE, CONFIG.TRACKS, CONFIG.NEURON, CONFIG.SOT
TRACK_DEVICE, SOT_DEVICE, NEURON_DEVICE = (CONFIG.TRACK_DEVICE, CONFIG.SOT_DEVICE,
                                           CONFIG.NEURON_DEVICE)
VARIANTS, MATERIALS, DEVICES = CONFIG.VARIANTS, CONFIG.MATERIALS, CONFIG.DEVICES
MEASURED, MNIST_FILES = CONFIG.MEASURED, list(CONFIG.MNIST_FILES)
material_path, variant_values = CONFIG.material_path, CONFIG.variant_values
device_engine, neuron_points, map_points = (CONFIG.device_engine, CONFIG.neuron_points,
                                            CONFIG.map_points)
network_settings = CONFIG.network_settings
disorder_seeds, neuron_seeds = CONFIG.disorder_seeds, CONFIG.neuron_seeds
sot_seeds, track_seeds = CONFIG.sot_seeds, CONFIG.track_seeds


def take_results_lock():
    """Refuse to run while another run, from any checkout, is writing this results tree."""
    from spinnet import runlock

    try:
        runlock.acquire(RESULTS, workflow.basedir)
    except runlock.ResultsInUse as err:
        raise WorkflowError(str(err)) from None


def release_results_lock():
    from spinnet import runlock

    runlock.release(RESULTS)


# Only the configured paper stems are paper tables (tables/accuracy.csv is not one).
PAPER_TABLE_PATTERN = "|".join(re.escape(t) for t in config["paper_tables"]) or "(?!)"


def row_surrogates(row):
    """Surrogate files a trained row reads (rows with simulated synapses or neurons)."""
    synapse, neuron = row.get("synapse") or {}, row.get("neuron") or {}
    files = []
    if synapse.get("model") == "surrogate":
        files.append(f"{RESULTS}/surrogate/{synapse['material']}/"
                     f"{synapse.get('device', 'synapse')}.json")
    if neuron.get("model") == "surrogate":
        files.append(f"{RESULTS}/surrogate/{neuron['material']}/{neuron['device']}.json")
    return files


def table_row_surrogates(table, index):
    return row_surrogates(config["paper_tables"][table]["rows"][index])


MAP_PATTERN = "|".join(re.escape(m) for m in config["accuracy_maps"]) or "(?!)"


def sot_traces(kind, material):
    return expand(f"{RESULTS}/micromag/{material}/{kind}_seed{{seed}}.npz", seed=sot_seeds(kind))


def neuron_traces(material):
    return expand(f"{RESULTS}/micromag/{material}/neuron_{{point}}_seed{{seed}}.npz",
                  point=neuron_points(), seed=neuron_seeds())


def traces(material, track="synapse"):
    return expand(f"{RESULTS}/micromag/{material}/{track}_seed{{seed}}.npz",
                  seed=track_seeds(track))


def final_outputs():
    return (
        expand(f"{RESULTS}/micromag/{{material}}/synapse_seed{{seed}}.png",
               material=MATERIALS, seed=disorder_seeds())
        + expand(f"{RESULTS}/surrogate/{{material}}/synapse.json", material=DEVICES)
        + expand(f"{RESULTS}/micromag/{{material}}/synapse_traces.png", material=MATERIALS)
        + expand(f"{RESULTS}/surrogate/{{material}}/neuron.json", material=NEURON["materials"])
        + expand(f"{RESULTS}/micromag/{{material}}/neuron_traces.png",
                 material=NEURON["materials"])
        + [f"{RESULTS}/surrogate/{material}/{kind}.json"
           for kind, section in SOT.items() for material in section["materials"]]
        + [f"{RESULTS}/micromag/{material}/{kind}_traces.png"
           for kind, section in SOT.items() for material in section["materials"]]
        + [path for material in TRACKS["stripe_synapse"]["materials"] for path in (
            f"{RESULTS}/surrogate/{material}/stripe_synapse.json",
            f"{RESULTS}/micromag/{material}/stripe_synapse_traces.png")]
        + [f"{RESULTS}/tables/accuracy.csv", f"{RESULTS}/network/learning_curves.png",
           f"{RESULTS}/tables/material_map.csv", f"{RESULTS}/network/material_map.png"]
        + expand(f"{RESULTS}/tables/{{table}}.csv", table=config["tables"])
        + expand(f"{RESULTS}/tables/{{name}}.csv", name=config["maps"])
    )


if not workflow.remote_exec:
    try:
        CONFIG.check()
    except ConfigError as err:
        raise WorkflowError(str(err)) from None

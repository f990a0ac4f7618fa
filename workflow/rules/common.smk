"""Schema validation, then paths, input functions and final outputs; everything derived from
the config, and its domain checks, live in spinnet.workflow_config.

Parsing stays free of torch: the domain checks run once per workflow, in the process that
plans it, never in the re-parse of each cluster job.
"""

import re
import sys

from snakemake.exceptions import WorkflowError

from spinnet.workflow_config import ConfigError, WorkflowConfig, validate_schema

# the Snakefile's configfile, then those given with --configfile, later ones overriding
CONFIG_FILES = list(dict.fromkeys(["config/config.yaml",
                                   *map(str, workflow.overwrite_configfiles or [])]))


def refuse(err):
    """Stop before any job: the message names file, field, value, range and fix, and a
    traceback would only bury it."""
    print(err, file=sys.stderr)
    sys.exit(1)


try:
    validate_schema(config, CONFIG_FILES)
    CONFIG = WorkflowConfig(config, CONFIG_FILES)
except ConfigError as err:
    refuse(err)
RESULTS, RUNS, MAP_DEVICE = CONFIG.RESULTS, CONFIG.RUNS, CONFIG.MAP_DEVICE
VARIANTS, MATERIALS, DEVICES = CONFIG.VARIANTS, CONFIG.MATERIALS, CONFIG.DEVICES
MEASURED, MNIST_FILES = CONFIG.MEASURED, list(CONFIG.MNIST_FILES)
material_path, variant_values = CONFIG.material_path, CONFIG.variant_values
device_engine, map_points = CONFIG.device_engine, CONFIG.map_points
network_settings = CONFIG.network_settings


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


def _alternatives(names):
    """A wildcard pattern matching exactly ``names`` (none: nothing)."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or "(?!)"


# Only the configured paper stems are paper tables (tables/accuracy.csv is not one); only the
# configured devices and their runs are device files.
PAPER_TABLE_PATTERN = _alternatives(config["paper_tables"])
MAP_PATTERN = _alternatives(config["accuracy_maps"])
DEVICE_PATTERN = _alternatives(CONFIG.SPECS)
RUN_PATTERN = _alternatives(RUNS)


def table_row_surrogates(table, index):
    return CONFIG.row_surrogates(config["paper_tables"][table]["rows"][index])


def final_outputs():
    devices = [(material, device) for device in CONFIG.SPECS
               for material in CONFIG.device_materials(device)]
    return (
        [trace.removesuffix(".npz") + ".png" for material, device in devices
         for trace in CONFIG.traces(material, device)]
        + [f"{RESULTS}/surrogate/{material}/{device}.json" for material, device in devices]
        + [f"{RESULTS}/micromag/{material}/{device}_traces.png" for material, device in devices]
        + [f"{RESULTS}/surrogate/{material}/synapse.json" for material in MEASURED]
        + [f"{RESULTS}/tables/accuracy.csv", f"{RESULTS}/network/learning_curves.png",
           f"{RESULTS}/tables/energy.csv"]
        + ([f"{RESULTS}/tables/material_map.csv", f"{RESULTS}/network/material_map.png"]
           if MAP_DEVICE else [])
        + ([f"{RESULTS}/tables/variation.csv"] if CONFIG.thermal_synapses() else [])
        + expand(f"{RESULTS}/tables/{{table}}.csv", table=config["tables"])
        + expand(f"{RESULTS}/tables/{{name}}.csv", name=config["maps"])
    )


if not workflow.remote_exec:
    try:
        CONFIG.check()
    except ConfigError as err:
        refuse(err)

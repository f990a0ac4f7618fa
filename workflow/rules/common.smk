"""Config validation (schema + physics) before any job starts, and path helpers.

Parsing stays free of torch: the physics checks import what they need when they run, and they
run once per workflow, in the process that plans it, never in the re-parse of each cluster job.
"""

import functools
import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import Paramspace, validate

from network.maps import point_row


validate(config, "../schemas/config.schema.yaml", set_default=True)

RESULTS = config["results_dir"]
SYNAPSE = config["micromag"]["synapse"]
# Domain-wall synapses on a track: 000's conventional wall (synapse) and stripe (stripe_synapse).
TRACKS = {"synapse": SYNAPSE, "stripe_synapse": config["micromag"]["stripe_synapse"]}
# What one simulation depends on: adding a material or a seed must not rerun the others.
TRACK_DEVICE = {track: {k: v for k, v in section.items()
                        if k not in ("materials", "disorder_seeds")}
                for track, section in TRACKS.items()}
# Devices on a film: 001's multi-state synapse and ReLU-like neuron, 003's nucleation neuron.
FILM_KINDS = ("sot_synapse", "sot_neuron", "nucleation_neuron")
SOT = {kind: config["micromag"][kind] for kind in FILM_KINDS}
SOT_DEVICE = {kind: {k: v for k, v in section.items() if k not in ("materials", "disorder_seeds")}
              for kind, section in SOT.items()}
NEURON = config["micromag"]["neuron"]
NEURON_DEVICE = {k: v for k, v in NEURON.items()
                 if k not in ("materials", "disorder_seeds", "sweep")}
MNIST_FILES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]


def _variants():
    """Material variants by Paramspace instance name: a base stack and the fields it replaces."""
    table = config["material_variants"]
    if table is None:
        return {}
    try:
        frame = pd.read_csv(table, sep="\t", comment="#")
    except (OSError, ValueError) as err:
        raise WorkflowError(f"config material_variants = {table}: cannot read ({err})")
    if "base" not in frame.columns or len(frame.columns) < 2:
        raise WorkflowError(f"{table}: needs a 'base' column (a material file stem) and at least "
                            "one material field column")
    space = Paramspace(frame, filename_params="*")
    return dict(zip(space.instance_patterns, (dict(row) for _, row in frame.iterrows()),
                    strict=True))


VARIANTS = _variants()
MATERIALS = list(SYNAPSE["materials"]) + list(VARIANTS)
# A lab's measured devices: fitted and trained like the simulated ones, no micromag stage.
MEASURED = {f"measured~{name}": path for name, path in config["measured_synapses"].items()}
DEVICES = MATERIALS + list(MEASURED)


def material_path(stem):
    """A shipped stack's file, or the file the material_variant rule writes for a variant."""
    if stem in VARIANTS:
        return f"{RESULTS}/materials/{stem}.yaml"
    return str(Path(config["materials_dir"]) / f"{stem}.yaml")


def variant_values(stem):
    """The material mapping of a variant: its base file with the row's fields replaced."""
    row = dict(VARIANTS[stem])
    base = row.pop("base")
    values = yaml.safe_load(Path(material_path(base)).read_text())
    overrides = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    return values | overrides | {"name": f"{values.get('name', base)} [{stem}]"}


def _row_errors(where, network, row):
    """What is wrong with one trained row (a paper-table row or an accuracy-map point)."""
    from network.paper_tables import build_neuron, build_synapses
    from network.train import TrainingConfig

    errors = []
    try:
        settings = TrainingConfig(**(network | row.get("network", {})))
        if (row.get("neuron") or {}).get("model") != "surrogate":
            build_neuron(row.get("neuron"), settings.hidden, 0)
        synapse = row.get("synapse") or {}
        if synapse.get("model") == "quadratic":
            build_synapses(synapse)
    except (ValueError, KeyError) as err:
        errors.append(f"{where}: {err}")
    synapse = row.get("synapse") or {}
    missing = [k for k in {"exponential": ("A_p", "A_d", "n_pulses"),
                           "quadratic": ("beta_p", "beta_d", "n_pulses"),
                           "surrogate": ("material",)}.get(synapse.get("model"), ())
               if k not in synapse]
    if missing:
        errors.append(f"{where}: synapse model '{synapse['model']}' needs {missing}")
    elif synapse.get("model") == "surrogate" and synapse.get("device") == "stripe_synapse":
        if synapse["material"] not in TRACKS["stripe_synapse"]["materials"]:
            errors.append(f"{where}: stripe synapse material '{synapse['material']}' is not in "
                          "micromag.stripe_synapse.materials "
                          f"({TRACKS['stripe_synapse']['materials']})")
    elif synapse.get("model") == "surrogate" and synapse["material"] not in DEVICES:
        errors.append(f"{where}: synapse material '{synapse['material']}' is neither simulated "
                      f"nor measured (devices: {DEVICES})")
    neuron = row.get("neuron") or {}
    simulated = SOT["nucleation_neuron"]["materials"]
    if neuron.get("model") == "surrogate" and (neuron.get("device") != "nucleation_neuron"
                                               or neuron.get("material") not in simulated):
        errors.append(f"{where}: a surrogate neuron needs device 'nucleation_neuron' and a "
                      f"material of micromag.nucleation_neuron.materials ({simulated}); got "
                      f"device {neuron.get('device')!r}, material {neuron.get('material')!r}")
    if neuron.get("model") == "surrogate" and "n_grains" in neuron:
        errors.append(f"{where}: neuron field 'n_grains' is for a curve (form); a surrogate "
                      "neuron switches the grains of its simulated films")
    return errors


def _check_inputs():
    """Every material file, the device, the protocol and the network settings, before any job."""
    from micromag.material import MaterialError, MaterialStack
    from micromag.stage import domain_synapse_from_config
    from network import mnist
    from network.train import TrainingConfig
    from surrogate.measured import CurveFileError, read_curve_csv

    errors, stacks = [], []
    for stem in SYNAPSE["materials"]:
        try:
            stacks.append(MaterialStack.from_yaml(material_path(stem)))
        except MaterialError as err:
            errors.append(str(err))
    for stem, row in VARIANTS.items():
        if not Path(material_path(row["base"])).is_file():
            errors.append(f"{config['material_variants']}: base '{row['base']}' has no file "
                          f"{material_path(row['base'])}")
            continue
        try:
            stacks.append(MaterialStack.from_dict(
                variant_values(stem), source=f"{config['material_variants']} row {stem}"))
        except MaterialError as err:
            errors.append(str(err))
    for stack in stacks or [None]:
        try:
            domain_synapse_from_config(SYNAPSE, stack.ferromagnet_thickness_m if stack else 1e-9)
        except ValueError as err:
            errors.append(f"config micromag.synapse: {err}")
            break
    stripe = TRACKS["stripe_synapse"]
    if stripe["materials"]:
        try:
            domain_synapse_from_config(stripe, _stack_thickness(stripe["materials"], errors))
        except ValueError as err:
            errors.append(f"config micromag.stripe_synapse: {err}")
    errors.extend(_neuron_errors())
    errors.extend(_sot_errors())
    errors.extend(_engine_errors())
    try:
        TrainingConfig(**network_settings())
    except ValueError as err:
        errors.append(f"config network: {err}")
    for name, path in config["measured_synapses"].items():
        try:
            read_curve_csv(path, kind="synapse")
        except (CurveFileError, ValueError) as err:
            errors.append(f"config measured_synapses.{name}: {err}")
    surrogate = config["surrogate"]
    choice = surrogate["network_model"]
    needed = "isotonic" if choice == "auto" else choice
    if needed not in surrogate["models"]:
        errors.append(f"config surrogate.network_model: '{choice}' needs '{needed}' in "
                      f"surrogate.models (given: {surrogate['models']})")
    unknown = [t for t in config["tables"] if t not in config["paper_tables"]]
    if unknown:
        errors.append(f"config tables: {unknown} not defined under paper_tables "
                      f"(defined: {sorted(config['paper_tables'])})")
    for stem in config["tables"]:
        table = config["paper_tables"].get(stem, {"rows": []})
        for index, row in enumerate(table["rows"]):
            where = f"config paper_tables.{stem}.rows[{index}] ('{row['row']}')"
            errors.extend(_row_errors(where, table["network"], row))
    unknown = [m for m in config["maps"] if m not in config["accuracy_maps"]]
    if unknown:
        errors.append(f"config maps: {unknown} not defined under accuracy_maps "
                      f"(defined: {sorted(config['accuracy_maps'])})")
    for name in config["maps"]:
        if name not in config["accuracy_maps"]:
            continue
        columns = [path.rsplit(".", 1)[-1] for path in config["accuracy_maps"][name]["axes"]]
        if len(set(columns)) < len(columns):
            errors.append(f"config accuracy_maps.{name}.axes: the last path components "
                          f"{columns} must differ (they name the Paramspace columns)")
            continue
        network = config["accuracy_maps"][name]["network"]
        for point, row in map_points(name).items():
            errors.extend(_row_errors(f"config accuracy_maps.{name} point {point}", network, row))
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


def device_engine(section):
    """The engine a device section runs on: its own ``engine``, else micromag.engine."""
    return section.get("engine") or config["micromag"]["engine"]


# engine options that one engine alone takes, and that engine
ENGINE_ONLY_OPTIONS = {"compile": "batched", "thermal_timestep_s": "oommf"}


def _engine_errors():
    """The batched engine runs at 0 K: a device on it must be at 0 K; only the batched engine
    compiles, only OOMMF takes a thermal time step."""
    micromag = config["micromag"]
    engines = {"micromag.engine": micromag["engine"]} | {
        f"micromag.{name}.engine": section["engine"] for name, section in micromag.items()
        if isinstance(section, dict) and "engine" in section and name != "engine"}
    errors = [f"config {where}.options.{option}: only engine '{owner}' takes it (allowed with "
              f"'{engine['name']}': leave it out)"
              for where, engine in engines.items() for option, owner in ENGINE_ONLY_OPTIONS.items()
              if engine["name"] != owner and option in engine.get("options", {})]
    return errors + [
        f"config micromag.{name}.temperature_K = {section['temperature_K']}: engine 'batched' "
        "runs at 0 K only (allowed: 0); use engine 'magnumnp' or 'oommf' for thermal noise"
        for name, section in micromag.items()
        if name != "engine" and isinstance(section, dict) and section.get("temperature_K", 0) > 0
        and device_engine(section)["name"] == "batched"]


def _stack_thickness(stems, errors):
    """Ferromagnet thickness (m) of the last readable stack in ``stems``; errors go to ``errors``."""
    from micromag.material import MaterialError, MaterialStack

    thickness = 1e-9
    for stem in stems:
        try:
            thickness = MaterialStack.from_yaml(material_path(stem)).ferromagnet_thickness_m
        except MaterialError as err:
            errors.append(str(err))
    return thickness


def _amplitude_error(where, pulses):
    """The message for an amplitude sweep whose range is upside down, else None."""
    low, high = pulses.get("amplitude_min_A_per_m2"), pulses.get("amplitude_max_A_per_m2")
    if low is None or high is None or low < high:
        return None
    return (f"config {where}.protocol: amplitude_min_A_per_m2 = {low:g} must be below "
            f"amplitude_max_A_per_m2 = {high:g}")


def _neuron_errors():
    """What is wrong with the micromag.neuron section: its materials and every operating point."""
    from micromag.stage import domain_neuron_from_config

    errors = []
    thickness = _stack_thickness(NEURON["materials"], errors)
    upside_down = _amplitude_error("micromag.neuron", NEURON["protocol"])
    if upside_down:
        return errors + [upside_down]
    for name, (hx, front) in neuron_points().items():
        try:
            domain_neuron_from_config(NEURON, thickness, hx, front)
        except ValueError as err:
            errors.append(f"config micromag.neuron (operating point {name}): {err}")
    return errors


def _sot_errors():
    """What is wrong with the micromag sections of the film devices."""
    from micromag.stage import sot_film_from_config

    errors = []
    for kind, section in SOT.items():
        thickness = _stack_thickness(section["materials"], errors)
        upside_down = _amplitude_error(f"micromag.{kind}", section["protocol"])
        if upside_down:
            errors.append(upside_down)
            continue
        try:
            sot_film_from_config(SOT_DEVICE[kind], thickness)
        except ValueError as err:
            errors.append(f"config micromag.{kind}: {err}")
    return errors


def neuron_points():
    """Operating point name -> (H_x in A/m, initial wall position in m): the nominal point and
    each knob's sweep values with the other knob nominal."""
    hx0, front0 = NEURON["bias_field_x_A_per_m"], NEURON["domain_front_x_m"]
    pairs = ([(hx0, front0)] + [(hx, front0) for hx in NEURON["sweep"]["bias_field_x_A_per_m"]]
             + [(hx0, front) for front in NEURON["sweep"]["domain_front_x_m"]])
    return {f"Hx{hx:g}_x{front * 1e9:g}nm": (float(hx), float(front)) for hx, front in pairs}


def network_settings():
    """Keyword arguments of network.train.TrainingConfig from the config."""
    net = config["network"]
    keys = ("hidden", "epochs", "batch_size", "learning_rate", "w_max_scale", "threads")
    return {key: net[key] for key in keys} | {"seed": config["seed"]}


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


@functools.cache
def map_points(name):
    """Point name -> row of an accuracy map: a Paramspace over the two axes (built once per
    map; every job's input and params look their point up here)."""
    definition = config["accuracy_maps"][name]
    paths = list(definition["axes"])
    grid = pd.DataFrame(list(itertools.product(*definition["axes"].values())),
                        columns=[path.rsplit(".", 1)[-1] for path in paths])
    space = Paramspace(grid, filename_params="*")
    return {pattern: point_row(definition["row"], dict(zip(paths, values)), pattern)
            for pattern, values in zip(space.instance_patterns, grid.itertuples(index=False))}


def _seed_stream(n, *spawn_key):
    """``n`` device seeds from one stream of the master seed (same config, same devices)."""
    sequence = np.random.SeedSequence(config["seed"], spawn_key=spawn_key)
    return [int(s) for s in sequence.generate_state(n, dtype=np.uint32)]


def disorder_seeds():
    """Seeds of the domain-wall synapse devices: the master seed's own stream."""
    return _seed_stream(SYNAPSE["disorder_seeds"])


def neuron_seeds():
    """Seeds of the neuron devices: their own stream of the master seed."""
    return _seed_stream(NEURON["disorder_seeds"], 1)


def sot_seeds(kind):
    """Seeds of the film devices: one stream of the master seed per kind."""
    key = {"sot_synapse": 2, "sot_neuron": 3, "nucleation_neuron": 4}[kind]
    return _seed_stream(SOT[kind]["disorder_seeds"], key)


def sot_traces(kind, material):
    return expand(f"{RESULTS}/micromag/{material}/{kind}_seed{{seed}}.npz", seed=sot_seeds(kind))


def neuron_traces(material):
    return expand(f"{RESULTS}/micromag/{material}/neuron_{{point}}_seed{{seed}}.npz",
                  point=neuron_points(), seed=neuron_seeds())


def track_seeds(track):
    """Seeds of the domain-wall synapses: the conventional wall's stream, and the stripe's own."""
    if track == "synapse":
        return disorder_seeds()
    return _seed_stream(TRACKS[track]["disorder_seeds"], 5)


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
    _check_inputs()

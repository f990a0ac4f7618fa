"""The workflow's view of a validated config: what it runs, on which files and seeds, and the
domain checks that reject a bad config before any job.

The Snakefile builds one :class:`WorkflowConfig` per workflow (``workflow/rules/common.smk``)
and its rules read paths, device sections, operating points and seeds from it. The same object
checks materials, devices, protocols, engines and network rows (:meth:`WorkflowConfig.check`),
in the process that plans the run (never in a cluster job's re-parse), and the fuzz tests call
:func:`validate` in-process exactly as the workflow does. Physics modules are imported only
inside the checks, so that parsing the workflow imports no torch.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import yaml
from snakemake.utils import Paramspace

from micromag.devices.base import INSTANCE_FIELDS, DeviceSpec

from .yamlfile import YamlFileError, load_yaml, text_number_hint

SCHEMA = Path(__file__).resolve().parents[1] / "workflow" / "schemas" / "config.schema.yaml"


class ConfigError(ValueError):
    """A config, material file, variants table or measured curve the workflow cannot run; the
    message names the file, the field, the value and what is allowed."""


class WorkflowConfig:
    """A schema-validated config (defaults filled in) and everything derived from it."""

    MNIST_FILES = (
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    )

    def __init__(self, config: dict, files: list[str | Path] = ()) -> None:
        self.config = config
        self.files = [Path(f) for f in files]  # the config files, later ones overriding
        self.RESULTS = config["results_dir"]
        sections = config["micromag"]["devices"]
        for section in sections.values():
            if section.get("materials") == "all":
                section["materials"] = sorted(
                    path.stem for path in Path(config["materials_dir"]).glob("*.yaml"))
        try:
            self.SPECS = {name: DeviceSpec.from_config(name, section)
                          for name, section in sections.items()}
        except ValueError as err:
            name = re.search(r"device '(\w+)'", str(err)).group(1)
            raise ConfigError(self._name_file(f"config micromag.devices.{name}: {err}")) from None
        # What one simulation depends on: adding a material, a seed or a sweep point must not
        # rerun the others.
        self.DEVICE_CONFIG = {
            name: {k: v for k, v in section.items()
                   if k not in INSTANCE_FIELDS or k == "engine"}
            for name, section in sections.items()
        }
        # sweep points of each device (point name -> values), built once per workflow
        self.POINTS = {name: spec.points() for name, spec in self.SPECS.items()}
        # run name (file stem before _seed<n>) -> (device, point name, point values)
        self.RUNS = {
            (name if point is None else f"{name}_{point}"): (name, point, values)
            for name, points in self.POINTS.items() for point, values in points.items()
        }
        mapped = [name for name, spec in self.SPECS.items() if spec.variants]
        if len(mapped) > 1:
            raise ConfigError(self._name_file(
                f"config micromag.devices: {mapped} all set variants: true; the material map "
                "has one device (set it on one of them)"))
        # The material map's device: its materials and the variants, each trained on MNIST.
        self.MAP_DEVICE = mapped[0] if mapped else None
        # short names of the variants (the variants table's optional label column)
        self.LABELS: dict[str, str] = {}
        self.VARIANTS = self._variants() if self.MAP_DEVICE else {}
        self.MATERIALS = (list(self.SPECS[self.MAP_DEVICE].materials) + list(self.VARIANTS)
                          if self.MAP_DEVICE else [])
        # A lab's measured devices: fitted and trained like the simulated ones, no micromag.
        self.MEASURED = {
            f"measured~{name}": path for name, path in config["measured_synapses"].items()
        }
        self.DEVICES = self.MATERIALS + list(self.MEASURED)

    def kind(self, device: str):
        """The registry declaration of a configured device."""
        return self.SPECS[device].kind_declaration

    def device_materials(self, device: str) -> list[str]:
        """The materials a device is simulated for (with the variants on the map's device)."""
        extra = list(self.VARIANTS) if device == self.MAP_DEVICE else []
        return list(self.SPECS[device].materials) + extra

    def run(self, run: str) -> dict:
        """What the generic simulate rule passes to micromag.stage.simulate for one run."""
        device, _, values = self.RUNS[run]
        return {"name": device, "kind": self.SPECS[device].kind,
                "config": self.DEVICE_CONFIG[device], "point": values}

    def map_device_points(self, name: str) -> list[str]:
        """The neuron record whose operating points an accuracy map marks (none: [])."""
        points = self.config["accuracy_maps"][name].get("device_points")
        if not points:
            return []
        return [f"{self.RESULTS}/surrogate/{points['material']}/{points['device']}.json"]

    def simulated_devices(self) -> list[tuple[str, str, str, str]]:
        """(device, kind, role, material) of every simulated device and material."""
        return [(device, spec.kind, spec.kind_declaration.role, material)
                for device, spec in self.SPECS.items()
                for material in self.device_materials(device)]

    def searches(self, device: str) -> bool:
        """Whether a device's current is searched (its ``operating_point.search``)."""
        return bool(self.DEVICE_CONFIG[device].get("operating_point", {}).get("search"))

    def operating_point_files(self, material: str, run: str) -> list[str]:
        """The operating-point file a run's simulation reads (none for a fixed current)."""
        device = self.RUNS[run][0]
        if not self.searches(device):
            return []
        return [f"{self.RESULTS}/micromag/{material}/{run}_operating_point.json"]

    def operating_run_files(self, material: str, run: str, seed: str | int) -> list[str]:
        """The search's last simulation, for the seed it searched on (none otherwise): at the
        operating point it is that seed's run, read instead of simulated again."""
        device = self.RUNS[run][0]
        if not self.searches(device) or int(seed) != self.seeds(device)[0]:
            return []
        return [f"{self.RESULTS}/micromag/{material}/{run}_operating_point_run.npz"]

    def run_names(self, device: str) -> list[str]:
        return [run for run, (name, _, _) in self.RUNS.items() if name == device]

    def traces(self, material: str, device: str) -> list[str]:
        """Every trace of one device and material: each sweep point and disorder seed."""
        return [f"{self.RESULTS}/micromag/{material}/{run}_seed{seed}.npz"
                for run in self.run_names(device) for seed in self.seeds(device)]

    def synapse_surrogate(self, material: str) -> str:
        """The surrogate file of a material-map row: a measured device's, or the map device's."""
        return f"{self.RESULTS}/surrogate/{material}/{self.synapse_device(material)}.json"

    def thermal_synapses(self) -> list[tuple[str, str, float]]:
        """(device, material, readout area in m²) of every unswept synapse device run in
        thermal cycles (``thermal_cycles > 1``): the devices with a physical C2C."""
        return [(name, material, spec.kind_declaration.readout_area_m2(spec.fields))
                for name, spec in self.SPECS.items()
                if spec.kind_declaration.role == "synapse" and not spec.sweep
                and spec.fields.get("thermal_cycles", 1) > 1
                for material in spec.materials]

    def thermal_surrogate(self, material: str) -> str | None:
        """The surrogate file of a synapse device that ran ``material`` in thermal cycles
        (its C2C and D2D beside the material map's row), or None."""
        for name, stack, _ in self.thermal_synapses():
            if stack == material:
                return f"{self.RESULTS}/surrogate/{material}/{name}.json"
        return None

    def synapse_device(self, material: str) -> str | None:
        """The device whose surrogate a material's network row reads: a measured curve's own
        (``synapse``), else the material map's device."""
        return "synapse" if material in self.MEASURED else self.MAP_DEVICE

    def resolved_row(self, row: dict) -> dict:
        """A trained row with a surrogate synapse's device named (default: the map's device)."""
        synapse = row.get("synapse") or {}
        if synapse.get("model") != "surrogate" or "device" in synapse:
            return row
        device = self.synapse_device(synapse.get("material"))
        return row | {"synapse": synapse | {"device": device}}

    def row_surrogates(self, row: dict) -> list[str]:
        """Surrogate files a trained row reads (rows with simulated synapses or neurons)."""
        row = self.resolved_row(row)
        return [f"{self.RESULTS}/surrogate/{part['material']}/{part['device']}.json"
                for part in (row.get("synapse") or {}, row.get("neuron") or {})
                if part.get("model") == "surrogate"]

    def _variants(self):
        """Material variants by Paramspace instance name: a base stack and the fields it
        replaces."""
        table = self.config["material_variants"]
        if table is None:
            return {}
        try:
            frame = pd.read_csv(table, sep="\t", comment="#")
        except (OSError, ValueError) as err:
            raise ConfigError(self._name_file(
                f"config material_variants = {table}: cannot read ({err})")) from None
        if "base" not in frame.columns or len(frame.columns) < 2:
            raise ConfigError(
                f"{table}: needs a 'base' column (a material file stem) and at least "
                "one material field column"
            )
        problems = _variant_table_errors(frame, table)
        if problems:
            raise ConfigError("invalid material variants, nothing was run:\n  "
                              + "\n  ".join(problems))
        labels = frame.pop("label") if "label" in frame.columns else None
        space = Paramspace(frame, filename_params="*")
        names = list(space.instance_patterns)
        if labels is not None:
            self.LABELS.update({name: str(label) for name, label in zip(names, labels, strict=True)
                                if isinstance(label, str) and label})
        return dict(zip(names, (dict(row) for _, row in frame.iterrows()), strict=True))

    def label(self, material: str) -> str:
        """A material's short name for tables and figures: a variant's ``label`` column, else
        its name."""
        return self.LABELS.get(material, material)

    def material_path(self, stem):
        """A shipped stack's file, or the file the material_variant rule writes for a variant."""
        if stem in self.VARIANTS:
            return f"{self.RESULTS}/materials/{stem}.yaml"
        return str(Path(self.config["materials_dir"]) / f"{stem}.yaml")

    def variant_values(self, stem):
        """The material mapping of a variant: its base file with the row's fields replaced."""
        row = dict(self.VARIANTS[stem])
        base = row.pop("base")
        values = yaml.safe_load(Path(self.material_path(base)).read_text())
        overrides = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        return values | overrides | {"name": f"{values.get('name', base)} [{stem}]"}

    def _surrogate_errors(self, where: str, part: str, spec: dict, role: str) -> list[str]:
        """What is wrong with a row's surrogate synapse or neuron: the device it names must be
        configured, of the right role, and simulate the material."""
        device, material = spec.get("device"), spec.get("material")
        if part == "synapse" and material in self.MEASURED and device in (None, "synapse"):
            return []
        if device not in self.SPECS:
            return [f"{where}: {part} device {device!r} is not a configured device "
                    f"(micromag.devices: {sorted(self.SPECS)})"]
        kind = self.kind(device)
        if kind.role != role:
            return [f"{where}: {part} device '{device}' is a {kind.role} ({kind.name}), "
                    f"not a {role}"]
        wanted = ("sigmoid", "relu_like") if "gain_A_per_m2" in spec else ("normal_cdf",)
        if part == "neuron" and kind.surrogate not in wanted:
            return [f"{where}: a surrogate neuron " + (
                "with a gain is a sigmoid or relu_like neuron" if len(wanted) == 2
                else "without a gain follows its devices' normal-CDF points")
                + f"; device '{device}' is fitted with '{kind.surrogate}'"]
        if material not in self.device_materials(device):
            return [f"{where}: {part} material {material!r} is not simulated for device "
                    f"'{device}' (micromag.devices.{device}.materials: "
                    f"{self.device_materials(device)}; measured: {list(self.MEASURED)})"]
        return []

    def _row_errors(self, where, network, row):
        """What is wrong with one trained row (a paper-table row or an accuracy-map point):
        its typed spec (:func:`network.specs.row_spec`), its network settings, a curve neuron
        built once, and the devices its surrogate parts name."""
        import torch

        from network.specs import CurveNeuron, SurrogateNeuron, SurrogateSynapse, row_spec
        from network.train import TrainingConfig

        row = self.resolved_row(row)
        neuron = row.get("neuron") or {}
        if neuron.get("model") == "surrogate" and "n_grains" in neuron:
            return [f"{where}: neuron field 'n_grains' is for a curve (form); a surrogate "
                    "neuron switches the grains of its simulated films"]
        try:
            spec = row_spec(row)
            settings = TrainingConfig(**(network | spec.network))
            if isinstance(spec.neuron, CurveNeuron):
                spec.neuron.build(settings.hidden, torch.Generator())
        except (ValueError, KeyError) as err:
            return [f"{where}: {err}"]
        errors = []
        if isinstance(spec.synapse, SurrogateSynapse):
            errors.extend(self._surrogate_errors(where, "synapse", row["synapse"], "synapse"))
        if isinstance(spec.neuron, SurrogateNeuron):
            errors.extend(self._surrogate_errors(where, "neuron", neuron, "neuron"))
        return errors

    def check(self) -> None:
        """Every material file, the devices, their protocols and sweep points, the engines and
        the network settings, before any job; raise :class:`ConfigError` listing every
        problem."""
        from network import mnist
        from network.train import TrainingConfig
        from surrogate.measured import CurveFileError, read_curve_csv

        errors = self._variant_errors()
        for name in self.SPECS:
            errors.extend(self._device_errors(name))
        errors.extend(self._engine_errors())
        try:
            TrainingConfig(**self.network_settings())
        except ValueError as err:
            errors.append(f"config network: {err}")
        for name, path in self.config["measured_synapses"].items():
            try:
                read_curve_csv(path, kind="synapse")
            except (CurveFileError, ValueError) as err:
                errors.append(f"config measured_synapses.{name}: {err}")
        surrogate = self.config["surrogate"]
        choice = surrogate["network_model"]
        needed = "isotonic" if choice == "auto" else choice
        if needed not in surrogate["models"]:
            errors.append(
                f"config surrogate.network_model: '{choice}' needs '{needed}' in "
                f"surrogate.models (given: {surrogate['models']})"
            )
        errors.extend(self._undefined("tables", "paper_tables"))
        for stem in self.config["tables"]:
            table = self.config["paper_tables"].get(stem, {"rows": []})
            for index, row in enumerate(table["rows"]):
                where = f"config paper_tables.{stem}.rows[{index}] ('{row['row']}')"
                errors.extend(self._row_errors(where, table["network"], row))
        errors.extend(self._undefined("maps", "accuracy_maps"))
        for name in self.config["maps"]:
            if name not in self.config["accuracy_maps"]:
                continue
            columns = [
                path.rsplit(".", 1)[-1] for path in self.config["accuracy_maps"][name]["axes"]
            ]
            if len(set(columns)) < len(columns):
                errors.append(
                    f"config accuracy_maps.{name}.axes: the last path components "
                    f"{columns} must differ (they name the Paramspace columns)"
                )
                continue
            network = self.config["accuracy_maps"][name]["network"]
            for point, row in self.map_points(name).items():
                errors.extend(
                    self._row_errors(f"config accuracy_maps.{name} point {point}", network, row)
                )
        if self.config["mnist_dir"] is not None:
            missing = [
                f for f in self.MNIST_FILES if not (Path(self.config["mnist_dir"]) / f).is_file()
            ]
            if missing:
                errors.append(
                    f"config mnist_dir = {self.config['mnist_dir']}: missing {', '.join(missing)}"
                )
            else:
                for name in self.MNIST_FILES:
                    try:
                        mnist.verify(Path(self.config["mnist_dir"]) / name)
                    except mnist.ChecksumError as err:
                        errors.append(f"config mnist_dir: {err}")
        if errors:
            raise ConfigError("invalid input, nothing was run:\n  "
                              + "\n  ".join(self._name_file(e) for e in errors))

    def _variant_errors(self) -> list[str]:
        """Each variant's base file must exist and the variant be a valid material."""
        from micromag.material import MaterialError, MaterialStack

        errors = []
        for stem, row in self.VARIANTS.items():
            if not Path(self.material_path(row["base"])).is_file():
                errors.append(
                    f"{self.config['material_variants']}: base '{row['base']}' has no file "
                    f"{self.material_path(row['base'])}"
                )
                continue
            try:
                MaterialStack.from_dict(self.variant_values(stem),
                                        source=f"{self.config['material_variants']} row {stem}")
            except MaterialError as err:
                errors.append(str(err))
        return errors

    def _device_errors(self, name: str) -> list[str]:
        """What is wrong with one configured device: its material files, and its kind's device
        and protocol at every sweep point (for each film thickness among its stacks)."""
        from micromag.material import MaterialError, MaterialStack
        from micromag.stage import build_device

        errors, thicknesses = [], set()
        for stem in self.SPECS[name].materials:
            try:
                thicknesses.add(MaterialStack.from_yaml(
                    self.material_path(stem)).ferromagnet_thickness_m)
            except MaterialError as err:
                errors.append(self._material_error(err, stem))
        spec = self.SPECS[name]
        for thickness in sorted(thicknesses) or [1e-9]:
            for point, values in self.POINTS[name].items():
                try:
                    build_device(spec.kind, self.DEVICE_CONFIG[name], thickness, values)
                except ValueError as err:
                    at = "" if point is None else f" (sweep point {point})"
                    part = re.match(r"(protocol|film) field", str(err))
                    where = f"micromag.devices.{name}" + (f".{part.group(1)}" if part else "")
                    errors.append(f"config {where}{at}: {err}")
                    return errors
        return errors

    def _undefined(self, listed: str, defined: str) -> list[str]:
        """The error for names in config ``listed`` that config ``defined`` does not define."""
        unknown = [name for name in self.config[listed] if name not in self.config[defined]]
        if not unknown:
            return []
        return [f"config {listed}: {unknown} not defined under {defined} "
                f"(defined: {sorted(self.config[defined])})"]

    def _name_file(self, message: str) -> str:
        """Put the config file that sets the field in place of a message's leading 'config'."""
        match = re.match(r"config ([\w.~-]+)", message)
        if match is None or not self.files:
            return message
        path = tuple(p for p in match.group(1).split(".") if p)
        node = self.config
        for depth, key in enumerate(path):  # the deepest key the config has (no row index)
            if not isinstance(node, dict) or key not in node:
                path = path[:depth]
                break
            node = node[key]
        return f"{_where(path, self.files, node) if path else 'config'}:{message[6:]}"

    def device_engine(self, device: str) -> dict:
        """The engine a device runs on: its own ``engine``, else micromag.engine."""
        return self.SPECS[device].engine or self.config["micromag"]["engine"]

    def _engine_errors(self):
        """Each engine's options as the engine declares them (micromag.engines.options), and
        thermal cycles only above 0 K, at every sweep point."""
        from micromag.engines.options import ENGINES

        micromag = self.config["micromag"]
        engines = {"micromag.engine": micromag["engine"]} | {
            f"micromag.devices.{name}.engine": spec.engine
            for name, spec in self.SPECS.items() if spec.engine
        }
        errors = []
        for where, engine in engines.items():
            declaration, options = ENGINES[engine["name"]], engine.get("options", {})
            unknown = sorted(set(options) - set(declaration.option_names))
            for option in unknown:
                owners = [n for n, d in ENGINES.items() if option in d.option_names]
                errors.append(f"config {where}.options.{option}: engine '{declaration.name}' "
                              f"does not take it (taken by: {', '.join(owners)}; leave it out)")
            if not unknown:
                try:
                    declaration.check(options)
                except ValueError as err:
                    errors.append(f"config {where}.options: {err}")
        for name, spec in self.SPECS.items():
            nominal = spec.fields.get("temperature_K", 0)
            coldest = min([nominal] + [p.get("temperature_K", nominal)
                                       for p in self.POINTS[name].values()])
            cycles = spec.fields.get("thermal_cycles", 1)
            if cycles > 1 and coldest <= 0:
                errors.append(
                    f"config micromag.devices.{name}.thermal_cycles = {cycles}: cycles at "
                    f"temperature_K = {coldest} repeat exactly (allowed: 1 at 0 K); set "
                    "temperature_K > 0 or thermal_cycles: 1")
        return errors

    def _material_error(self, err: Exception, stem: str) -> str:
        """A material file's error; for a missing file, which config setting pointed there."""
        if "material file not found" not in str(err):
            return str(err)
        return (f"{err} (a device lists material '{stem}', looked up in materials_dir "
                f"= {self.config['materials_dir']!r}, set in "
                f"{_where(('materials_dir',), self.files, self.config['materials_dir'])})")

    def accuracy_row(self, material: str | None = None) -> dict:
        """The accuracy table's row of a material's synapse (its map device's surrogate, or a
        measured one), or of software weights; trained like every other row."""
        if material is None:
            return {"row": "software synapse + ReLU"}
        device = self.synapse_device(material)
        network = self.config["network"]
        return {"row": f"{material} synapse + ReLU",
                "synapse": {"model": "surrogate", "material": material, "device": device,
                            "n_pulses": network["device_pulses"],
                            "variation": network["device_variation"]}}

    def network_settings(self):
        """Keyword arguments of network.train.TrainingConfig from the config."""
        net = self.config["network"]
        keys = ("hidden", "epochs", "batch_size", "learning_rate", "w_max_scale", "threads")
        return {key: net[key] for key in keys} | {"seed": self.config["seed"]}

    @functools.cache  # noqa: B019 - one per workflow, alive as long as the workflow
    def map_points(self, name):
        """Point name -> row of an accuracy map: a Paramspace over the two axes (built once per
        map; every job's input and params look their point up here)."""
        definition = self.config["accuracy_maps"][name]
        paths = list(definition["axes"])
        grid = pd.DataFrame(
            list(itertools.product(*definition["axes"].values())),
            columns=[path.rsplit(".", 1)[-1] for path in paths],
        )
        space = Paramspace(grid, filename_params="*")
        return {
            pattern: point_row(definition["row"], dict(zip(paths, values, strict=True)), pattern)
            for pattern, values in zip(
                space.instance_patterns, grid.itertuples(index=False), strict=True
            )
        }

    def seeds(self, device: str) -> list[int]:
        """Disorder seeds of a device: its kind's stream of the master seed (same config,
        same devices; adding a kind or a device does not move the others' seeds)."""
        spec = self.SPECS[device]
        sequence = np.random.SeedSequence(self.config["seed"],
                                          spawn_key=spec.kind_declaration.stream)
        return [int(s) for s in sequence.generate_state(spec.disorder_seeds, dtype=np.uint32)]


def point_row(base: dict, values: dict[str, float], name: str) -> dict:
    """``base`` with each dotted path of ``values`` set (a new dict; the base is not touched)."""
    row = copy.deepcopy(base)
    for path, value in values.items():
        *parents, key = path.split(".")
        node = row
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value
    return row | {"row": name, "paper_percent": None}


def _with_defaults(validator_class):
    """A validator that fills in each property's schema ``default`` as it validates (the
    jsonschema FAQ's recipe, as snakemake.utils.validate does)."""
    validate_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if isinstance(instance, dict):
            for name, subschema in properties.items():
                if "default" in subschema:
                    instance.setdefault(name, copy.deepcopy(subschema["default"]))
        yield from validate_properties(validator, properties, instance, schema)

    return jsonschema.validators.extend(validator_class, {"properties": set_defaults})


def _allowed(schema: dict) -> str:
    """What a schema node allows, in words: its type, range or choices."""
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    kind = schema.get("type", "any value")
    kind = " or ".join(kind) if isinstance(kind, list) else kind
    low = (f"> {schema['exclusiveMinimum']:g}" if "exclusiveMinimum" in schema else
           f">= {schema['minimum']:g}" if "minimum" in schema else "")
    high = (f"< {schema['exclusiveMaximum']:g}" if "exclusiveMaximum" in schema else
            f"<= {schema['maximum']:g}" if "maximum" in schema else "")
    bounds = " and ".join(b for b in (low, high) if b)
    if "pattern" in schema:
        bounds = f"matching {schema['pattern']}" + (f" ({schema['description'].strip()})"
                                                    if "description" in schema else "")
    return f"{kind} {bounds}".strip()


_UNSET = object()


def _agrees(node, value) -> bool:
    """Whether a file's ``node`` is what the merged config holds (every key it sets, its value)."""
    if isinstance(node, dict) and isinstance(value, dict):
        return all(k in value and _agrees(v, value[k]) for k, v in node.items())
    return node == value or (node != node and value != value)  # NaN agrees with NaN


def _parsed(path: Path):
    """A config file parsed strictly, once per content (the error messages look it up often)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return load_yaml(path)  # its error names the file and why it cannot be read
    return _parse_once(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _parse_once(path: str, mtime_ns: int, size: int):
    return load_yaml(path)


def _where(path: tuple, files: list[Path], value=_UNSET) -> str:
    """The last config file that sets ``path`` (later files override earlier ones) to
    ``value`` when given; a value no file set came from --config or a schema default."""
    for source in reversed(files):
        try:
            node = _parsed(source)
            for key in path:
                node = node[key]
        except (YamlFileError, KeyError, IndexError, TypeError):
            continue
        if value is _UNSET or _agrees(node, value):
            return str(source)
    return "the config (--config or a schema default)"


def _describe(error: jsonschema.ValidationError, files: list[Path]) -> str:
    """One line: file, dotted field, value, what is wrong and what is allowed."""
    path = tuple(error.absolute_path)
    field = ".".join(str(p) for p in path) or "<top level>"
    source = _where(path, files, error.instance)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        return (f"{_where(path + (unknown[0],), files)}: unknown key(s) {unknown} in {field}; "
                f"allowed keys: {', '.join(allowed)} (check the spelling)")
    if error.validator == "required":
        return f"{source}: {field}: {error.message}"
    value = repr(error.instance)
    value = value if len(value) <= 80 else value[:77] + "..."
    hint = text_number_hint(error.instance) if error.validator == "type" else ""
    return (f"{source}: field {field} = {value} is not allowed: must be "
            f"{_allowed(error.schema)}{hint}")


def config_schema() -> dict:
    """The config schema: ``workflow/schemas/config.schema.yaml`` with each registry kind's
    fragment (``micromag/devices/<kind>.schema.yaml``) as one branch of a device's schema,
    selected by its ``kind``."""
    from micromag.devices import REGISTRY

    schema = yaml.load(SCHEMA.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    device = schema["$defs"]["device"]
    device["properties"]["kind"]["enum"] = sorted(REGISTRY)
    device["allOf"] = []
    for name, kind in REGISTRY.items():
        fragment = kind.schema()
        for prop in fragment["properties"].values():  # a default is read where it is used
            ref = prop.get("$ref", "").removeprefix("#/$defs/")
            if ref and "default" not in prop and "default" in schema["$defs"].get(ref, {}):
                prop["default"] = schema["$defs"][ref]["default"]
        device["allOf"].append({
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {"description": fragment["description"], "additionalProperties": False,
                     "properties": device["properties"] | fragment["properties"]},
        })
    return schema


@functools.cache
def _schema_validator():
    """The config schema's validator, defaults filling (assembled once per process)."""
    return _with_defaults(jsonschema.Draft202012Validator)(config_schema())


VARIANTS_SCHEMA = SCHEMA.with_name("material_variants.schema.yaml")


def _variant_table_errors(frame: pd.DataFrame, table: str | Path) -> list[str]:
    """Each row of the variants table against its schema: file, row, column, value and what
    is allowed."""
    schema = yaml.safe_load(VARIANTS_SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = []
    for index, row in frame.iterrows():
        record = {k: _cell(v) if k not in ("base", "label") else v for k, v in row.items()}
        record = {k: None if isinstance(v, float) and np.isnan(v) else v
                  for k, v in record.items()}
        for err in validator.iter_errors(record):
            column = err.path[0] if err.path else "base"
            rule = schema["properties"].get(column, schema["additionalProperties"])
            errors.append(f"{table}: row {index + 1} column '{column}' = "
                          f"{record.get(column)!r} is not allowed ({err.message}): "
                          f"{rule['description']}")
    return errors


def _cell(value):
    """A table cell as a number where it reads as one (pandas keeps a column with any text in
    it as text), else as it is."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def validate_schema(config: dict, files: list[str | Path] = ()) -> None:
    """Check ``config`` against the config schema, filling in defaults in place; raise
    :class:`ConfigError` listing every problem, each naming the file (among ``files``, the
    config files in the order given) and the field."""
    files = [Path(f) for f in files]
    for source in files:
        try:
            values = _parsed(source)  # repeated keys, bad bytes: the file as a whole
        except YamlFileError as err:
            raise ConfigError(str(err)) from None
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: a config file must hold a mapping of keys (it holds "
                              f"{'nothing' if values is None else type(values).__name__})")
    validator = _schema_validator()
    errors = sorted(validator.iter_errors(config), key=lambda e: [str(p) for p in e.path])
    lines = [_describe(e, files) for e in errors]
    # JSON Schema's range checks let NaN through (every comparison with NaN is false)
    lines += [f"{_where(path, files, value)}: field {'.'.join(map(str, path))} = {value!r} is not "
              "allowed: must be a finite number" for path, value in _non_finite(config)]
    if lines:
        raise ConfigError("invalid config, nothing was run:\n  "
                          + "\n  ".join(dict.fromkeys(lines)))


def _non_finite(node, path: tuple = ()) -> list[tuple[tuple, float]]:
    """(path, value) of every NaN or infinite number in a parsed config."""
    if isinstance(node, float):
        return [] if np.isfinite(node) else [(path, node)]
    if isinstance(node, dict):
        return [hit for key, value in node.items() for hit in _non_finite(value, path + (key,))]
    if isinstance(node, list):
        return [hit for i, value in enumerate(node) for hit in _non_finite(value, path + (i,))]
    return []


def validate(config: dict, files: list[str | Path] = ()) -> WorkflowConfig:
    """Validate ``config`` exactly as the workflow does before any job: the schema (defaults
    filled in place), then the domain checks; return its :class:`WorkflowConfig` or raise
    :class:`ConfigError`."""
    validate_schema(config, files)
    workflow_config = WorkflowConfig(config, files)
    workflow_config.check()
    return workflow_config

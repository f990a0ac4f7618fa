"""What every device kind declares, and a configured device instance.

A kind is declared once, in its own module of this package, and looked up by name in
:data:`micromag.devices.REGISTRY` everywhere else: the config schema is assembled from the
kinds' schema fragments, the workflow's generic simulate and fit rules ask the kind what to
build, how to read it out, which surrogate family fits it and which figure shows it.

Declarations import no physics at module level (the physics is imported inside
:meth:`DeviceKind.build` and :meth:`DeviceKind.figure`), so that planning a workflow, and the
re-parse in every cluster job, stays light and torch-free.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

ROLES = ("synapse", "neuron")
# How a kind's traces are fitted (surrogate stage): the potentiation / depression curves of a
# synapse, or one activation form of a neuron.
SURROGATES = ("pulse_curves", "sigmoid", "relu_like", "normal_cdf")
# Fields of every device instance; the rest are the kind's own (its schema fragment).
INSTANCE_FIELDS = ("kind", "materials", "disorder_seeds", "engine", "variants", "sweep",
                   "sweep_design")


class DeviceKind:
    """One device kind: its fields (a JSON-Schema fragment beside its module), what it builds
    (an ubermag System and a pulse protocol, both validated frozen dataclasses), its readout
    region, the surrogate family that fits it, its random stream and its figure."""

    name: ClassVar[str]
    role: ClassVar[str]            # "synapse" (R_H against pulse number) or "neuron" (against J)
    surrogate: ClassVar[str]       # one of SURROGATES
    stream: ClassVar[tuple[int, ...]]  # spawn key of its disorder seeds under the master seed
    title: ClassVar[str]           # how figures and the report name it
    citation: ClassVar[str]        # key of spinnet.citations.PAPERS

    @property
    def schema_path(self) -> Path:
        """The kind's JSON-Schema fragment: ``<module>.schema.yaml`` beside its module."""
        return Path(__file__).with_name(f"{self.name}.schema.yaml")

    def schema(self) -> dict:
        """The fragment: the kind's own fields, with units, ranges and defaults."""
        return yaml.safe_load(self.schema_path.read_text())

    def build(self, fields: Mapping[str, Any], thickness_m: float, seed: int) -> tuple:
        """(device, protocol) for the kind's ``fields`` (config values, a sweep point applied)
        on a film of ``thickness_m`` (m); ``seed`` may draw the protocol (a shuffled order).
        The device has ``system(material, J, disorder_seed)`` and ``readout_region()``; both
        validate themselves and raise ValueError naming the field."""
        raise NotImplementedError

    def protocol(self, fields: Mapping[str, Any], seed: int):
        """A synapse's pulse train (N of +J, N of -J) or a neuron's amplitude sweep."""
        from .builders import amplitude_sweep, pulse_train

        if self.role == "synapse":
            return pulse_train(fields["protocol"])
        return amplitude_sweep(fields["protocol"], seed)

    def channel_m(self, fields: Mapping[str, Any]) -> tuple[float, float]:
        """(length, width) in m of the heavy-metal channel the write current flows in."""
        raise NotImplementedError

    def readout_area_m2(self, fields: Mapping[str, Any]) -> float:
        """Area of the Hall readout (m²): what thermal C2C scales with, as 1 / sqrt(area)."""
        raise NotImplementedError

    def condition(self, trace, fields: Mapping[str, Any]) -> dict:
        """The physical condition of a run: ``status`` ``ok``, or what went wrong and
        ``reason`` (a track kind checks that the domain stayed on the track)."""
        return {"status": "ok"}

    def extra(self, device, material, seed: int) -> dict:
        """Kind-specific provenance stored with the trace (e.g. the grain count)."""
        return {}

    def figure(self, path: str | Path, trace, device, title: str) -> None:
        """The m_z snapshots and the Hall signal against pulse number (synapse) or current
        density (neuron)."""
        from .builders import neuron_figure, synapse_figure

        (synapse_figure if self.role == "synapse" else neuron_figure)(path, trace, device, title)


class TrackKind(DeviceKind):
    """A kind on a Hall-cross track with a written domain (:class:`micromag.problem.
    DomainSynapse`)."""

    def build(self, fields, thickness_m, seed):
        from .builders import domain_track

        return domain_track(fields, thickness_m), self.protocol(fields, seed)

    def channel_m(self, fields):
        """The track: its length and width."""
        return fields["geometry"]["track_length_m"], fields["geometry"]["track_width_m"]

    def readout_area_m2(self, fields):
        """The Hall cross: the track's width times the arms' width."""
        return fields["geometry"]["track_width_m"] * fields["geometry"]["hall_arm_width_m"]

    def condition(self, trace, fields):
        """A synapse's: whether the domain front stayed on the track at every readout
        (:func:`micromag.operating.track_condition`); a neuron is erased before each pulse,
        so a wall that runs off the track loses nothing."""
        if self.role != "synapse":
            return super().condition(trace, fields)
        from ..operating import track_condition

        return track_condition(trace.mz_snapshots, fields["geometry"])


class FilmKind(DeviceKind):
    """A kind on a film that is its own Hall cross (:class:`micromag.problem.SOTFilm`); its
    traces record the film's grain count."""

    def build(self, fields, thickness_m, seed):
        from .builders import film

        return film(fields, thickness_m), self.protocol(fields, seed)

    def channel_m(self, fields):
        """The film: its length and width."""
        return fields["film"]["length_m"], fields["film"]["width_m"]

    def readout_area_m2(self, fields):
        """The whole film is the Hall cross."""
        return fields["film"]["length_m"] * fields["film"]["width_m"]

    def extra(self, device, material, seed):
        return {"n_grains": device.n_grains(material, seed)}


def with_point(fields: Mapping[str, Any], point: Mapping[str, Any]) -> dict:
    """``fields`` with each dotted path of ``point`` (a sweep point) set to its value."""
    out = yaml.safe_load(yaml.safe_dump(dict(fields)))  # deep copy of plain data
    for path, value in point.items():
        node = out
        *parents, last = path.split(".")
        for key in parents:
            node = node[key]
        node[last] = value
    return out


def _lookup(fields: Mapping[str, Any], path: str) -> Any:
    node: Any = fields
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            raise KeyError(path)
        node = node[key]
    return node


@dataclass(frozen=True)
class DeviceSpec:
    """One configured device (``micromag.devices.<name>``): a kind, the materials and disorder
    seeds to simulate, its engine, its own fields, and an optional sweep of any of them.

    ``sweep`` maps a dotted field path to values (an empty list: not swept); ``sweep_design``
    'one_at_a_time' runs the nominal point and each value with the other fields nominal,
    'grid' every combination.
    Each point is one Snakemake job per (material, seed), named by Snakemake's Paramspace.
    """

    name: str
    kind: str
    materials: tuple[str, ...]
    disorder_seeds: int
    fields: Mapping[str, Any]
    engine: Mapping[str, Any] | None = None
    variants: bool = False
    sweep: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    sweep_design: str = "one_at_a_time"

    def __post_init__(self) -> None:
        from . import REGISTRY

        where = f"device '{self.name}'"
        if self.kind not in REGISTRY:
            raise ValueError(f"{where}: kind {self.kind!r} is not a device kind (kinds: "
                             f"{', '.join(sorted(REGISTRY))})")
        if self.disorder_seeds < 1:
            raise ValueError(f"{where}: disorder_seeds = {self.disorder_seeds!r} must be >= 1")
        if self.sweep_design not in ("one_at_a_time", "grid"):
            raise ValueError(f"{where}: sweep_design = {self.sweep_design!r} must be "
                             "'one_at_a_time' or 'grid'")
        for path in self.sweep:
            try:
                nominal = _lookup(self.fields, path)
            except KeyError:
                raise ValueError(f"{where}: sweep field '{path}' is not a field of kind "
                                 f"'{self.kind}' (its fields: {', '.join(_paths(self.fields))})"
                                 ) from None
            if isinstance(nominal, bool) or not isinstance(nominal, int | float):
                raise ValueError(f"{where}: sweep field '{path}' = {nominal!r} is not a number; "
                                 "only numeric fields can be swept")
        columns = [path.rsplit(".", 1)[-1] for path in self.sweep]
        if len(set(columns)) < len(columns):
            raise ValueError(f"{where}: sweep fields {list(self.sweep)} must differ in their "
                             "last path component (it names the Paramspace column)")

    @classmethod
    def from_config(cls, name: str, section: Mapping[str, Any]) -> DeviceSpec:
        """The instance of a schema-validated ``micromag.devices.<name>`` section."""
        return cls(name=name, kind=section["kind"], materials=tuple(section["materials"]),
                   disorder_seeds=section["disorder_seeds"],
                   fields={k: v for k, v in section.items() if k not in INSTANCE_FIELDS},
                   engine=section.get("engine"), variants=section.get("variants", False),
                   sweep={k: tuple(v) for k, v in section.get("sweep", {}).items() if v},
                   sweep_design=section.get("sweep_design", "one_at_a_time"))

    @property
    def kind_declaration(self) -> DeviceKind:
        from . import REGISTRY

        return REGISTRY[self.kind]

    def point_table(self) -> list[dict[str, float]]:
        """The sweep points (dotted path -> value); [] when nothing is swept."""
        if not self.sweep:
            return []
        nominal = {path: _lookup(self.fields, path) for path in self.sweep}
        if self.sweep_design == "grid":
            return [dict(zip(self.sweep, values, strict=True))
                    for values in itertools.product(*self.sweep.values())]
        points = [nominal]
        for path, values in self.sweep.items():
            points += [nominal | {path: value} for value in values]
        return list({tuple(p.items()): p for p in points}.values())  # each point once

    def points(self) -> dict[str | None, dict[str, float]]:
        """Point name -> the field values it sets: Snakemake's Paramspace names
        (``<column>~<value>_...``), or ``{None: {}}`` for an unswept device."""
        table = self.point_table()
        if not table:
            return {None: {}}
        import pandas as pd
        from snakemake.utils import Paramspace

        frame = pd.DataFrame([{path.rsplit(".", 1)[-1]: v for path, v in p.items()}
                              for p in table])
        space = Paramspace(frame, filename_params="*")
        return dict(zip(space.instance_patterns, table, strict=True))


def _paths(fields: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Every dotted path to a leaf of ``fields``."""
    out = []
    for key, value in fields.items():
        if isinstance(value, Mapping):
            out += _paths(value, f"{prefix}{key}.")
        else:
            out.append(f"{prefix}{key}")
    return out

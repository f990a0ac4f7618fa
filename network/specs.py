"""Typed network rows: a row of the config (a paper-table row, an accuracy-map point, the
accuracy table's rows) as frozen dataclasses that check themselves at construction.

:func:`row_spec` reads a row mapping of the config; a wrong or missing field raises
ValueError naming the field, the value and what is allowed. The specs build the row's parts:
a neuron (:meth:`CurveNeuron.build`, :meth:`SurrogateNeuron.build`) and a device
configuration for its synapses (:meth:`ExponentialSynapse.device`, ...), which together with
the row's :class:`~network.synapse.UpdateParameters` gives the device array.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

import torch

from .neurons import FORMS, DeviceNeuron, TabulatedNeuron, curve_from_record
from .synapse import ExponentialDevice, PulseCurves, UpdateParameters

SYNAPSE_MODELS = ("exponential", "quadratic", "surrogate")


def _pair(value: float | list[float]) -> tuple[float, float]:
    """(potentiation, depression) from one number for both or a pair."""
    return (float(value), float(value)) if isinstance(value, int | float) else tuple(value)


def _build(cls, mapping: Mapping, what: str, renamed: Mapping[str, str] | None = None,
           **extra: Any):
    """``cls`` from a config mapping (keys ``renamed`` to fields), its required fields present
    and no unknown ones, with ``extra`` fields that are not config keys."""
    renamed = dict(renamed or {})
    names = {f.name for f in fields(cls)} - set(extra)
    keys = {renamed.get(key, key): value for key, value in mapping.items()}
    unknown = sorted(set(keys) - names)
    if unknown:
        raise ValueError(f"{what} has unknown fields {unknown} (allowed: "
                         f"{sorted(renamed.get(n, n) for n in names)})")
    needed = [f.name for f in fields(cls) if f.default is MISSING
              and f.default_factory is MISSING and f.name not in keys]
    inverse = {v: k for k, v in renamed.items()}
    if needed:
        raise ValueError(f"{what} needs {[inverse.get(n, n) for n in needed]}")
    return cls(**keys, **extra)


@dataclass(frozen=True)
class CurveNeuron:
    """A neuron of one curve ``form`` with ``params`` (:data:`network.neurons.FORMS`), C2C
    noise per call and D2D gain spread as fractions of its output range; ``live`` draws
    ``n_grains`` switching grains per call (normal_cdf only)."""

    form: str
    params: Mapping[str, float] = field(default_factory=dict)
    c2c: float = 0.0
    d2d: float = 0.0
    live: bool = False
    n_grains: int = 1
    wear_per_call: float = 0.0

    def __post_init__(self) -> None:
        if self.form not in FORMS:
            raise ValueError(f"neuron form {self.form!r} must be one of {FORMS}")

    def build(self, hidden: int, generator: torch.Generator,
              surrogate_dir: str | Path | None = None) -> DeviceNeuron:
        """The hidden layer's ``hidden`` device neurons."""
        return DeviceNeuron(self.form, dict(self.params), hidden, c2c=self.c2c, d2d=self.d2d,
                            live=self.live, n_grains=self.n_grains, generator=generator,
                            wear_per_call=self.wear_per_call)


@dataclass(frozen=True)
class SurrogateNeuron:
    """The simulated devices of ``<surrogate_dir>/<material>/<device>.json``: each hidden
    neuron one device followed point by point (a normal-CDF record), or, with
    ``gain_A_per_m2``, the fitted curve of a spin-N or SOT ReLU neuron driven by
    J = J_b + gain x z, J_b its own rising point where ``centred``
    (:func:`network.neurons.curve_from_record`)."""

    material: str
    device: str
    model: str = "surrogate"
    c2c: float = 0.0
    live: bool = False
    gain_A_per_m2: float | None = None
    centred: bool = False

    def path(self, surrogate_dir: str | Path) -> Path:
        """The surrogate file the neuron reads."""
        return Path(surrogate_dir) / self.material / f"{self.device}.json"

    def build(self, hidden: int, generator: torch.Generator,
              surrogate_dir: str | Path | None = None) -> TabulatedNeuron:
        """The hidden layer's ``hidden`` device neurons."""
        if self.gain_A_per_m2 is not None:
            form, params = curve_from_record(self.path(surrogate_dir), self.gain_A_per_m2,
                                             self.centred)
            return DeviceNeuron(form, params, hidden, c2c=self.c2c, generator=generator)
        return TabulatedNeuron.from_json(self.path(surrogate_dir), hidden, c2c=self.c2c,
                                         generator=generator, live=self.live)


@dataclass(frozen=True)
class ExponentialSynapse:
    """Synapses of the exponential device of [Cao2023] with published constants."""

    A_p: float
    A_d: float
    n_pulses: int
    model: str = "exponential"
    c2c: float | tuple[float, float] = 0.0
    d2d: float | tuple[float, float] = 0.0
    update: UpdateParameters = UpdateParameters()

    def __post_init__(self) -> None:
        self.device()

    def device(self, surrogate_dir: str | Path | None = None) -> ExponentialDevice:
        """The device configuration."""
        return ExponentialDevice(self.A_p, self.A_d, self.n_pulses, c2c=_pair(self.c2c),
                                 d2d=_pair(self.d2d))


@dataclass(frozen=True)
class QuadraticSynapse:
    """Synapses of 000's quadratic device, g(x) = (1 + beta) x - beta x^2 on x = n / P."""

    beta_p: float
    beta_d: float
    n_pulses: int
    model: str = "quadratic"
    update: UpdateParameters = UpdateParameters()

    def __post_init__(self) -> None:
        self.device()

    def device(self, surrogate_dir: str | Path | None = None) -> PulseCurves:
        """The device's whole-pulse curves."""
        return PulseCurves.quadratic(self.beta_p, self.beta_d, self.n_pulses)


@dataclass(frozen=True)
class SurrogateSynapse:
    """Synapses along the fitted curves of a simulated (or measured) device's surrogate file
    ``<surrogate_dir>/<material>/<device>.json``, resampled to ``n_pulses`` where given, with
    the devices' D2D and C2C where ``variation``."""

    material: str
    device_name: str
    model: str = "surrogate"
    n_pulses: int | None = None
    variation: bool = False
    update: UpdateParameters = UpdateParameters()

    def path(self, surrogate_dir: str | Path | None) -> Path:
        """The surrogate file the synapses follow."""
        return Path(surrogate_dir) / self.material / f"{self.device_name}.json"

    def device(self, surrogate_dir: str | Path | None = None) -> PulseCurves:
        """The curves of the surrogate file (NoDeviceError for a device that did not switch)."""
        return PulseCurves.from_json(self.path(surrogate_dir), n_pulses=self.n_pulses,
                                     variation=self.variation)


Neuron = CurveNeuron | SurrogateNeuron
Synapse = ExponentialSynapse | QuadraticSynapse | SurrogateSynapse


def neuron_spec(mapping: Mapping | None) -> Neuron | None:
    """The typed neuron of a row's ``neuron`` mapping (None: the software activation)."""
    if mapping is None:
        return None
    if mapping.get("model") == "surrogate":
        return _build(SurrogateNeuron, mapping, "neuron model 'surrogate'")
    return _build(CurveNeuron, mapping, "neuron")


def synapse_spec(mapping: Mapping | None) -> Synapse | None:
    """The typed synapse of a row's ``synapse`` mapping (None: software weights); the
    mapping's ``scheme`` and ``rounding`` become its :class:`UpdateParameters`."""
    if mapping is None:
        return None
    model = mapping.get("model")
    classes = {"exponential": ExponentialSynapse, "quadratic": QuadraticSynapse,
               "surrogate": SurrogateSynapse}
    if model not in classes:
        raise ValueError(f"synapse model {model!r} must be one of {SYNAPSE_MODELS}")
    update = UpdateParameters(**{key: mapping[key] for key in ("scheme", "rounding")
                                 if key in mapping})
    rest = {key: value for key, value in mapping.items() if key not in ("scheme", "rounding")}
    return _build(classes[model], rest, f"synapse model '{model}'",
                  {"device": "device_name"} if model == "surrogate" else None, update=update)


@dataclass(frozen=True)
class RowSpec:
    """One trained row: its name, the paper's accuracy where it reproduces one, the network
    settings it overrides, its neuron and its synapses, and the config mapping it came from
    (written to the metrics file as the row's ``spec``)."""

    row: str
    neuron: Neuron | None = None
    synapse: Synapse | None = None
    network: Mapping[str, Any] = field(default_factory=dict)
    paper_percent: float | None = None
    source: Mapping[str, Any] = field(default_factory=dict)


def row_spec(mapping: Mapping) -> RowSpec:
    """The typed row of a config row mapping (``row``, ``paper_percent``, ``note``,
    ``network``, ``neuron``, ``synapse``)."""
    allowed = {"row", "paper_percent", "note", "network", "neuron", "synapse"}
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise ValueError(f"row has unknown fields {unknown} (allowed: {sorted(allowed)})")
    if "row" not in mapping:
        raise ValueError("row needs a name ('row')")
    return RowSpec(row=mapping["row"], neuron=neuron_spec(mapping.get("neuron")),
                   synapse=synapse_spec(mapping.get("synapse")),
                   network=dict(mapping.get("network", {})),
                   paper_percent=mapping.get("paper_percent"), source=dict(mapping))

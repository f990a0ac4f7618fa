"""What each engine takes and can do, declared once: its options as a frozen dataclass that
validates itself, and its capabilities. Light to import: the config check reads these without
loading an engine."""

from __future__ import annotations

from dataclasses import dataclass, fields

FIRST_STEP_S = 1e-15  # the batched engine's first RKF45 step (s); its minimum step lies below


def _check_thermal_timestep(value: float) -> None:
    """The fixed step (s) of a stochastic Heun integration: in (0, 1e-12] s."""
    if not 0 < value <= 1e-12:
        raise ValueError(f"engine option 'thermal_timestep_s' = {value!r} must be in "
                         "(0, 1e-12] s")


@dataclass(frozen=True)
class EngineOptions:
    """Options every engine takes: torch / OOMMF threads and the RKF45 error tolerances."""

    threads: int = 1
    atol: float | None = 1e-5
    rtol: float | None = 1e-5

    def __post_init__(self) -> None:
        if not (isinstance(self.threads, int) and 1 <= self.threads <= 64):
            raise ValueError(f"engine option 'threads' = {self.threads!r} must be an integer "
                             "in [1, 64]")
        for name in ("atol", "rtol"):
            value = getattr(self, name)
            if value is not None and not 0 < value <= 1e-2:
                raise ValueError(f"engine option '{name}' = {value!r} must lie in (0, 1e-2]")


@dataclass(frozen=True)
class MagnumNPOptions(EngineOptions):
    """``pbc_images``: images on each side of a periodic axis in the demag field."""

    pbc_images: int = 16


@dataclass(frozen=True)
class BatchedOptions(EngineOptions):
    """``dtype`` float64 (magnum.np's) or float32; ``demag_every_stage`` evaluates the
    long-range demag at every Runge-Kutta stage; ``compile`` fuses a step with
    ``torch.compile``; ``min_step_s`` (s) is the step below which a run is declared diverged;
    ``thermal_timestep_s`` (s) the fixed step of its stochastic Heun integration at T > 0;
    ``device`` the torch device ('cpu', 'cuda' or 'cuda:N')."""

    dtype: str = "float64"
    demag_every_stage: bool = False
    compile: bool = True
    min_step_s: float = 1e-18
    thermal_timestep_s: float = 1e-14
    device: str = "cpu"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.dtype not in ("float64", "float32"):
            raise ValueError(f"dtype '{self.dtype}' is not allowed; allowed: float64, float32")
        if not 0 < self.min_step_s < FIRST_STEP_S:
            raise ValueError(f"min_step_s = {self.min_step_s:g} s is not allowed; allowed: "
                             f"0 < min_step_s < {FIRST_STEP_S:g} s")
        _check_thermal_timestep(self.thermal_timestep_s)
        if not (self.device == "cpu" or self.device == "cuda"
                or (self.device.startswith("cuda:") and self.device[5:].isdigit())):
            raise ValueError(f"engine option 'device' = {self.device!r} is not allowed; "
                             "allowed: cpu, cuda, cuda:N")


@dataclass(frozen=True)
class OOMMFOptions(EngineOptions):
    """``atol``/``rtol`` bound OOMMF's per-step error (None: OOMMF's defaults);
    ``stages_per_ns`` output stages per nanosecond; ``thermal_timestep_s`` (s) the fixed step
    of its stochastic Heun integration at T > 0."""

    atol: float | None = None
    rtol: float | None = None
    stages_per_ns: int = 2
    thermal_timestep_s: float = 1e-13

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_thermal_timestep(self.thermal_timestep_s)


@dataclass(frozen=True)
class EngineDeclaration:
    """An engine: where it lives, its options and what it can do."""

    name: str
    target: str              # "module:class"
    options: type[EngineOptions]
    nonuniform_fields: bool  # per-cell material parameters (grains, vacuum)
    gpu: bool                # runs on a CUDA device where torch sees one

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self.options))

    def check(self, options: dict) -> EngineOptions:
        """The validated options; ValueError naming an option the engine does not take."""
        unknown = sorted(set(options) - set(self.option_names))
        if unknown:
            raise ValueError(f"engine '{self.name}' takes no option {unknown} (its options: "
                             f"{', '.join(self.option_names)})")
        return self.options(**options)


ENGINES = {engine.name: engine for engine in (
    EngineDeclaration("magnumnp", "micromag.engines.magnumnp:MagnumNPEngine", MagnumNPOptions,
                      nonuniform_fields=True, gpu=True),
    EngineDeclaration("batched", "micromag.engines.batched:BatchedEngine", BatchedOptions,
                      nonuniform_fields=True, gpu=True),
    EngineDeclaration("oommf", "micromag.engines.oommf:OOMMFEngine", OOMMFOptions,
                      nonuniform_fields=True, gpu=False),
)}

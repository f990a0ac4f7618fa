"""Material stacks: one YAML file per ferromagnet / heavy-metal stack, validated on load."""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from spinnet.yamlfile import YamlFileError, parse_yaml, text_number_hint

MU0 = 4e-7 * math.pi  # vacuum permeability (T m / A)

_SCHEMA = yaml.safe_load(resources.files(__package__).joinpath("material.schema.yaml").read_text())


class MaterialError(ValueError):
    """A material file that cannot describe a device; the message names file, field and range."""


def _allowed_range(schema: dict) -> str:
    """Human-readable allowed range of one schema property."""
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    if schema.get("type") != "number":
        return f"a {schema.get('type', 'value')}"
    low = schema.get("minimum", schema.get("exclusiveMinimum", "-inf"))
    high = schema.get("maximum", schema.get("exclusiveMaximum", "inf"))
    left = "(" if "exclusiveMinimum" in schema else "["
    right = ")" if "exclusiveMaximum" in schema else "]"
    return f"a number in {left}{low}, {high}{right}"


@dataclass(frozen=True)
class MaterialStack:
    """Magnetic and transport parameters of one stack, SI units throughout.

    Construct with :meth:`from_yaml`, which validates types, ranges and physics
    (perpendicular devices need K_eff = Ku - mu0 Ms^2 / 2 > 0).
    """

    name: str
    Ms_A_per_m: float
    A_J_per_m: float
    Ku_J_per_m3: float
    D_J_per_m2: float
    alpha: float
    spin_hall_angle: float
    field_like_ratio: float
    ferromagnet_thickness_m: float
    heavy_metal_thickness_m: float
    heavy_metal_resistivity_ohm_m: float
    anomalous_hall_resistance_ohm: float
    grain_size_m: float
    Ku_dispersion: float
    spin_polarisation_z: float = 0.0
    heavy_metal_heat_capacity_J_per_m3_K: float | None = None
    ferromagnet_heat_capacity_J_per_m3_K: float | None = None
    max_temperature_K: float | None = None
    magnetisation: str = "perpendicular"
    references: tuple[str, ...] = ()
    source: str = "<memory>"
    sha256: str = ""

    @property
    def K_eff_J_per_m3(self) -> float:
        """Effective anisotropy with thin-film shape anisotropy, Ku - mu0 Ms^2 / 2 (J/m^3)."""
        return self.Ku_J_per_m3 - 0.5 * MU0 * self.Ms_A_per_m**2

    @property
    def wall_width_m(self) -> float:
        """Bloch-wall width parameter Delta = sqrt(A / K_eff) (m)."""
        return math.sqrt(self.A_J_per_m / self.K_eff_J_per_m3)

    @property
    def critical_dmi_J_per_m2(self) -> float:
        """DMI above which domain walls have negative energy, D_c = 4 sqrt(A K_eff) / pi (J/m^2)."""
        return 4.0 * math.sqrt(self.A_J_per_m * self.K_eff_J_per_m3) / math.pi

    @classmethod
    def from_dict(cls, values: dict, source: str = "<memory>", sha256: str = "") -> MaterialStack:
        """Validate a mapping against the material schema and the physics, then build."""
        if not isinstance(values, dict):
            raise MaterialError(f"{source}: a material file must hold a mapping of fields")
        validator = jsonschema.Draft202012Validator(_SCHEMA)
        errors = sorted(validator.iter_errors(values), key=lambda e: list(e.path))
        if errors:
            raise MaterialError("\n".join(_describe(err, source) for err in errors))
        # JSON Schema's range checks let NaN through (every comparison with NaN is false)
        broken = [k for k, v in values.items() if isinstance(v, float) and not math.isfinite(v)]
        if broken:
            raise MaterialError("\n".join(
                f"{source}: field '{k}' = {values[k]!r} is invalid: must be a finite number, "
                f"{_allowed_range(_SCHEMA['properties'].get(k, {}))}" for k in broken))
        fields = dict(values)
        fields["references"] = tuple(fields.get("references", ()))
        stack = cls(**fields, source=source, sha256=sha256)
        if stack.magnetisation == "perpendicular" and stack.K_eff_J_per_m3 <= 0:
            raise MaterialError(
                f"{source}: field 'Ku_J_per_m3' = {stack.Ku_J_per_m3:g} gives "
                f"K_eff = Ku - mu0 Ms^2/2 = {stack.K_eff_J_per_m3:g} J/m^3; a perpendicular "
                f"device needs Ku_J_per_m3 > {0.5 * MU0 * stack.Ms_A_per_m**2:g} "
                f"(mu0 Ms^2/2 for Ms_A_per_m = {stack.Ms_A_per_m:g})"
            )
        return stack

    @classmethod
    def from_yaml(cls, path: str | Path) -> MaterialStack:
        """Load and validate one material file."""
        path = Path(path)
        if not path.is_file():
            raise MaterialError(f"{path}: material file not found")
        raw = path.read_bytes()
        try:
            values = parse_yaml(raw, str(path))
        except YamlFileError as err:
            raise MaterialError(str(err)) from None
        return cls.from_dict(values, source=str(path), sha256=hashlib.sha256(raw).hexdigest())

    def to_dict(self) -> dict:
        """Plain mapping of all fields (for provenance records)."""
        out = asdict(self)
        out["references"] = list(self.references)
        return out


def _describe(error: jsonschema.ValidationError, source: str) -> str:
    """One line naming file, field, offending value and allowed range."""
    if error.validator == "required":
        missing = error.message.split("'")[1]
        prop = _SCHEMA["properties"].get(missing, {})
        return (f"{source}: missing field '{missing}' ({prop.get('description', '')} "
                f"must be {_allowed_range(prop)})")
    if error.validator == "additionalProperties":
        return f"{source}: {error.message}; allowed fields: {', '.join(_SCHEMA['properties'])}"
    field = ".".join(str(p) for p in error.path) or "<root>"
    prop = _SCHEMA["properties"].get(str(error.path[0]) if error.path else "", {})
    hint = text_number_hint(error.instance) if error.validator == "type" else ""
    return (f"{source}: field '{field}' = {error.instance!r} is invalid: must be "
            f"{_allowed_range(prop)} ({prop.get('description', '')}){hint}")

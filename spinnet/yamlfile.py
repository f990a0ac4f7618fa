"""YAML input files (config, materials): read strictly, with errors that name the file.

PyYAML accepts a mapping with a repeated key and silently keeps the last value; a config that
sets ``n_pulses`` twice would run with whichever came last. Every YAML file the pipeline reads
goes through :func:`load_yaml`, which refuses repeated keys, text that is not UTF-8 and YAML
errors (tabs, broken indentation) with the file, line and what to change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class YamlFileError(ValueError):
    """An input YAML file that cannot be read as written; the message says where and why."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader that refuses a key repeated within one mapping (merge keys ``<<`` aside)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.setdefault(key, line)
            except TypeError:  # an unhashable key: SafeLoader's own error follows
                continue
            if first != line:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice (lines {first} and {line}); PyYAML "
                    "would silently keep the last: remove one", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(raw: bytes, source: str) -> Any:
    """Parse ``raw`` (the bytes of file ``source``) strictly; raise :class:`YamlFileError`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise YamlFileError(f"{source}: not UTF-8 text (byte 0x{raw[err.start]:02x} at offset "
                            f"{err.start}); save the file as UTF-8") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a (C)SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        hint = "; YAML does not allow tabs for indentation: use spaces" if "\t" in line else ""
        raise YamlFileError(f"{source}: not valid YAML{where}: {problem}{hint}") from None


def load_yaml(path: str | Path) -> Any:
    """Read and parse the YAML file ``path`` strictly (see :func:`parse_yaml`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise YamlFileError(f"{path}: cannot read ({err.strerror})") from None
    return parse_yaml(raw, str(path))


def text_number_hint(value: Any) -> str:
    """A note for a number that YAML read as text, else ''. PyYAML (YAML 1.1) reads ``1.1e6``
    and ``4e11`` as strings: a float needs a dot in the mantissa and a sign in the exponent."""
    if not isinstance(value, str):
        return ""
    try:
        float(value.strip())
    except ValueError:
        return ""
    text = value.strip().lower()
    if "e" not in text:
        return f"; YAML read {value!r} as text: write it without quotes"
    mantissa, exponent = text.split("e", 1)
    mantissa = mantissa if "." in mantissa else f"{mantissa}.0"
    exponent = exponent if exponent[:1] in "+-" else f"+{exponent}"
    return (f"; YAML read {value!r} as text, not a number: write {mantissa}e{exponent} (a dot "
            "in the mantissa and a sign in the exponent)")

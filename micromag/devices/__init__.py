"""Device kinds, each declared once in its own module; :data:`REGISTRY` maps kind names to
their declarations (:class:`~micromag.devices.base.DeviceKind`).

A kind is a module of this package with its schema fragment beside it (``<kind>.schema.yaml``)
and a ``KIND`` declaration named after it: a new kind is those two files, found here without
editing any list. Only kind modules are imported (the shared builders import the physics).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import DeviceKind, DeviceSpec


def _discover() -> dict[str, DeviceKind]:
    """Kind name -> declaration, for every ``<kind>.schema.yaml`` of the package."""
    kinds: dict[str, DeviceKind] = {}
    for fragment in sorted(Path(__file__).parent.glob("*.schema.yaml")):
        stem = fragment.name.removesuffix(".schema.yaml")
        kind = getattr(importlib.import_module(f"{__name__}.{stem}"), "KIND", None)
        if kind is None or kind.name != stem:
            raise ImportError(f"micromag/devices/{stem}.py must declare KIND, a DeviceKind "
                              f"named {stem!r} (its schema fragment is {fragment.name})")
        kinds[stem] = kind
    return kinds


REGISTRY: dict[str, DeviceKind] = _discover()

__all__ = ["REGISTRY", "DeviceKind", "DeviceSpec"]

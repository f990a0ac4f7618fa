"""Device kinds, each declared once in its own module; :data:`REGISTRY` maps kind names to
their declarations (:class:`~micromag.devices.base.DeviceKind`).

Every module of this package that defines ``KIND`` is a kind: a new kind is one new module
(and its schema fragment beside it), found here without editing any list.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import DeviceKind, DeviceSpec


def _discover() -> dict[str, DeviceKind]:
    """Kind name -> declaration, for every module of the package that defines ``KIND``."""
    kinds: dict[str, DeviceKind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        kind = getattr(importlib.import_module(f"{__name__}.{info.name}"), "KIND", None)
        if kind is None:
            continue
        if kind.name != info.name:
            raise ImportError(f"micromag/devices/{info.name}.py declares kind {kind.name!r}; "
                              "a kind's module must carry the kind's name")
        kinds[kind.name] = kind
    return kinds


REGISTRY: dict[str, DeviceKind] = _discover()

__all__ = ["REGISTRY", "DeviceKind", "DeviceSpec"]

"""Engines turn an ubermag System plus a protocol into a trace; one module per engine, each
declared (options, capabilities) in :mod:`micromag.engines.options`."""

from __future__ import annotations

from importlib import import_module

from .base import Engine, SimulationDiverged, Trace
from .options import ENGINES


def get_engine(name: str, **options) -> Engine:
    """The engine called ``name`` (a key of :data:`ENGINES`) with its validated options."""
    if name not in ENGINES:
        raise ValueError(f"engine '{name}' is unknown; allowed: {', '.join(ENGINES)}")
    module, cls = ENGINES[name].target.split(":")
    return getattr(import_module(module), cls)(**options)


__all__ = ["ENGINES", "Engine", "SimulationDiverged", "Trace", "get_engine"]

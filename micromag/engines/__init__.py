"""Engines turn an ubermag System plus a protocol into a trace; one module per engine."""

from __future__ import annotations

from .base import Engine, SimulationDiverged, Trace


def get_engine(name: str, **options) -> Engine:
    """The engine called ``name`` ('magnumnp', 'batched' or 'oommf')."""
    if name == "magnumnp":
        from .magnumnp import MagnumNPEngine

        return MagnumNPEngine(**options)
    if name == "batched":
        from .batched import BatchedEngine

        return BatchedEngine(**options)
    if name == "oommf":
        from .oommf import OOMMFEngine

        return OOMMFEngine(**options)
    raise ValueError(f"engine '{name}' is unknown; allowed: magnumnp, batched, oommf")


__all__ = ["Engine", "SimulationDiverged", "Trace", "get_engine"]

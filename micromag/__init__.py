"""Micromagnetic stage: spin-orbit-torque devices as ubermag Systems, run on an engine.

The names below load on first use (PEP 562), so that the workflow can read the device
registry (``micromag.devices``) at parse time without importing ubermag or torch.
"""

from importlib import import_module

_EXPORTS = {"HallCrossTrack": "geometry", "MaterialError": "material",
            "MaterialStack": "material", "DomainSynapse": "problem",
            "PotentiationDepression": "protocol", "hall_signal": "readout"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'micromag' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)

"""Micromagnetic stage: spin-orbit-torque devices as ubermag Systems, run on an engine."""

from .geometry import HallCrossTrack
from .material import MaterialError, MaterialStack
from .problem import DomainSynapse
from .protocol import PotentiationDepression
from .readout import hall_signal

__all__ = ["HallCrossTrack", "MaterialError", "MaterialStack", "PotentiationDepression",
           "DomainSynapse", "hall_signal"]

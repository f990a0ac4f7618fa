"""Domain-wall sigmoid neuron (spin-N) of [SpinSN]: the Hall signal after one pulse against
its amplitude, erased before each pulse; H_x and the written wall position are its knobs
(000 Fig. 3), fitted with the sigmoid of 000 Eq. 2."""

from __future__ import annotations

from .base import TrackKind


class DomainWallNeuron(TrackKind):
    name = "domain_wall_neuron"
    role = "neuron"
    surrogate = "sigmoid"
    stream = (1,)
    title = "domain-wall neuron"
    citation = "SpinSN"


KIND = DomainWallNeuron()

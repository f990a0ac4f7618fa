"""ReLU-like SOT neuron of [Cao2023]: the same film, one pulse per amplitude from the -z state;
R_H against the current density is its activation (threshold, slope, saturation)."""

from __future__ import annotations

from .base import FilmKind


class SOTReLUNeuron(FilmKind):
    name = "sot_relu_neuron"
    role = "neuron"
    surrogate = "relu_like"
    stream = (3,)
    title = "SOT ReLU-like neuron"
    citation = "Cao2023"


KIND = SOTReLUNeuron()

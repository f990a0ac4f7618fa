"""Nucleation sigmoid neuron of [Zhou2021]: a granular film whose grains are exchange-
decoupled nucleation sites, switched without H_x by the stack's out-of-plane spin polarisation;
one pulse per amplitude with its SET/RESET protocol, fitted with a normal CDF."""

from __future__ import annotations

from .base import FilmKind


class GranularNucleationNeuron(FilmKind):
    name = "granular_nucleation_neuron"
    role = "neuron"
    surrogate = "normal_cdf"
    stream = (4,)
    title = "nucleation neuron"
    citation = "Zhou2021"


KIND = GranularNucleationNeuron()

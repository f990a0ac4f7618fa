"""Multi-state SOT synapse of [Cao2023]: a perpendicular film (the Hall cross) along -z under
H_x, reversed part by part by N pulses of +J (nucleation at the edges, then wall motion) and
back by N of -J; R_H after each."""

from __future__ import annotations

from .base import FilmKind


class SOTMultistateSynapse(FilmKind):
    name = "sot_multistate_synapse"
    role = "synapse"
    surrogate = "pulse_curves"
    stream = (2,)
    title = "SOT multi-state synapse"
    citation = "Cao2023"


KIND = SOTMultistateSynapse()

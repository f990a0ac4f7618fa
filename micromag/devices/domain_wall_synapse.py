"""Conventional domain-wall synapse of [SpinSN]: a full-width reversed domain whose Neel wall
SOT pulses push through a Hall cross; N pulses of +J then N of -J, R_H after each."""

from __future__ import annotations

from .base import TrackKind


class DomainWallSynapse(TrackKind):
    name = "domain_wall_synapse"
    role = "synapse"
    surrogate = "pulse_curves"
    stream = ()  # the master seed's own stream
    title = "domain-wall synapse"
    citation = "SpinSN"


KIND = DomainWallSynapse()

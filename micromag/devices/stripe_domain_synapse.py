"""Stripe-domain synapse (spin-S) of [SpinSN]: a reversed domain narrower than the track,
whose side walls (moments along y) feel no damping-like torque, so SOT pulses lengthen or
shorten the stripe through the Hall cross; N pulses of +J then N of -J, R_H after each."""

from __future__ import annotations

from .base import TrackKind


class StripeDomainSynapse(TrackKind):
    name = "stripe_domain_synapse"
    role = "synapse"
    surrogate = "pulse_curves"
    stream = (5,)
    title = "stripe-domain synapse"
    citation = "SpinSN"

    def build(self, fields, thickness_m, seed):
        track, protocol = super().build(fields, thickness_m, seed)
        if not track.domain_width_m < track.geometry.track_width_m:
            raise ValueError(f"device field 'domain_width_m' = {track.domain_width_m:g} must be "
                             f"below track_width_m = {track.geometry.track_width_m:g} m for a "
                             "stripe (the full width is the conventional domain-wall synapse)")
        return track, protocol


KIND = StripeDomainSynapse()

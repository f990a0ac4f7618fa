"""Device kinds, each declared once in its own module; :data:`REGISTRY` maps kind names to
their declarations (:class:`~micromag.devices.base.DeviceKind`)."""

from __future__ import annotations

from . import (
    domain_wall_neuron,
    domain_wall_synapse,
    granular_nucleation_neuron,
    sot_multistate_synapse,
    sot_relu_neuron,
    stripe_domain_synapse,
)
from .base import DeviceKind, DeviceSpec

REGISTRY: dict[str, DeviceKind] = {module.KIND.name: module.KIND for module in (
    domain_wall_synapse, stripe_domain_synapse, domain_wall_neuron, sot_multistate_synapse,
    sot_relu_neuron, granular_nucleation_neuron)}

__all__ = ["REGISTRY", "DeviceKind", "DeviceSpec"]

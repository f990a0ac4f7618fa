"""Network stage: MNIST MLPs whose synapses are pulse-programmed devices.

The names below load on first use (PEP 562), so that importing a torch-free module of the
package (``network.mnist``), as the workflow does at parse time, does not
import torch.
"""

from importlib import import_module

_EXPORTS = {"PulseCurves": "synapse", "PulsedWeights": "synapse", "MLP": "train",
            "TrainingConfig": "train", "train": "train"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'network' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)

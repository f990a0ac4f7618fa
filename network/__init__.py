"""Network stage: MNIST MLPs whose synapses are pulse-programmed devices."""

from .synapse import PulseCurves, PulsedWeights
from .train import MLP, TrainingConfig, train

__all__ = ["MLP", "PulseCurves", "PulsedWeights", "TrainingConfig", "train"]

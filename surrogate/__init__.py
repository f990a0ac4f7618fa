"""Surrogate stage: scikit-learn estimators fitted to device traces, saved as JSON."""

from .activations import BoltzmannSigmoid, NormalCDFActivation, ReLULikeActivation
from .curves import ExponentialPDCurve, QuadraticBetaCurve

__all__ = ["BoltzmannSigmoid", "ExponentialPDCurve", "NormalCDFActivation",
           "QuadraticBetaCurve", "ReLULikeActivation"]

"""Surrogate stage: scikit-learn estimators fitted to device traces, saved as JSON."""

from .curves import ExponentialPDCurve, QuadraticBetaCurve

__all__ = ["ExponentialPDCurve", "QuadraticBetaCurve"]

"""A fitted synapse handed to the analog-AI tools: aihwkit and NeuroSim.

**aihwkit** ``PiecewiseStepDevice`` (a :class:`PulsedDevice`): a pulse moves the weight by
``dw_min`` times a step scale interpolated linearly between nodes evenly spaced over
[w_min, w_max], ``piecewise_up`` for potentiation and ``piecewise_down`` for depression, times
(1 + dw_min_std xi). We map the normalised conductance g in [0, 1] onto w = w_min + g (w_max -
w_min), set dw_min to the mean step (w_max - w_min) / P of the P-pulse curve and each node to
the local step of the fitted curve at that weight over dw_min. C2C: our spread is sigma per
pulse in units of the range, aihwkit's is relative to the step, so dw_min_std = sigma P (exact
where the step is dw_min, approximate where the curve is steep or flat). D2D: the relative
spread of the devices' ranges becomes dw_min_dtod.

**NeuroSim** (Chen et al., IEEE TCAD 37, 3067 (2018)): its nonlinear device is
G_LTP(x) = B (1 - e^{-x/A}) + G_min on the pulse axis x in [0, P], with the LTD curve the same
form read backwards with a negative A. Our exponential model is the same curve: its A_p is
NeuroSim's ``paramALTP`` and minus its A_d is ``paramALTD`` (both in pulses, NeuroSim's
``maxNumLevelLTP/LTD`` = P). NeuroSim's nonlinearity labels (NL_LTP, NL_LTD) index a table of
A / P that NeuroSim ships; we export A itself, which its device code takes. The whole-pulse
curve also goes out as NeuroSim's measured-device arrays (``dataConductanceLTP/LTD`` on the
increasing pulse axis), and sigmaCtoC / sigmaDtoD from the surrogate's variation.
"""

from __future__ import annotations

import numpy as np


def normalised_curve(record) -> tuple[np.ndarray, np.ndarray]:
    """The record's whole-pulse potentiation (from g = 0) and depression (from g = 1) tables
    on g in [0, 1], made monotone."""
    if record.get("status") != "ok":
        raise ValueError(f"a '{record.get('status')}' device has no curve to export "
                         f"({record.get('reason', '')})")
    curve = record["curve"]
    low, high = curve["potentiation"][0], curve["depression"][0]
    rise = (np.asarray(curve["potentiation"], dtype=float) - low) / (high - low)
    fall = (np.asarray(curve["depression"], dtype=float) - low) / (high - low)
    return (np.maximum.accumulate(np.clip(rise, 0, 1)),
            np.minimum.accumulate(np.clip(fall, 0, 1)))


def _local_step(table: np.ndarray, g: np.ndarray) -> np.ndarray:
    """The step per pulse of an increasing whole-pulse table at levels g (its segment's)."""
    segment = np.clip(np.searchsorted(table, g, side="right") - 1, 0, len(table) - 2)
    return table[segment + 1] - table[segment]


def to_aihwkit(record, nodes: int = 63, w_min: float = -1.0, w_max: float = 1.0) -> dict:
    """Keyword arguments of aihwkit's ``PiecewiseStepDevice`` for a surrogate synapse record
    (``nodes`` below 64, aihwkit's GPU limit)."""
    if not 2 <= nodes < 64:
        raise ValueError(f"nodes = {nodes!r} must lie in [2, 63] (aihwkit's GPU limit is 64)")
    rise, fall = normalised_curve(record)
    pulses = len(rise) - 1
    g = np.linspace(0.0, 1.0, nodes)
    up = _local_step(rise, g) * pulses
    down = _local_step(fall[::-1], g) * pulses
    variation = record.get("variation") or {}
    c2c = variation.get("c2c") or {}
    d2d = variation.get("d2d") or {}
    sigma = float(np.mean([c2c.get("potentiation") or 0.0, c2c.get("depression") or 0.0]))
    return {"piecewise_up": up.tolist(), "piecewise_down": down.tolist(),
            "dw_min": (w_max - w_min) / pulses, "w_min": w_min, "w_max": w_max,
            "dw_min_std": sigma * pulses, "dw_min_dtod": float(d2d.get("G_range") or 0.0),
            "w_min_dtod": 0.0, "w_max_dtod": 0.0, "up_down": 0.0, "up_down_dtod": 0.0}


def to_neurosim(record) -> dict:
    """NeuroSim's device parameters for a surrogate synapse record: the exponential fit's A as
    paramALTP / paramALTD (pulses), the levels, C2C and D2D, and the measured-device arrays."""
    rise, fall = normalised_curve(record)
    pulses = len(rise) - 1
    fit = (record.get("models") or {}).get("exponential")
    variation = record.get("variation") or {}
    c2c = variation.get("c2c") or {}
    d2d = variation.get("d2d") or {}
    out = {"maxNumLevelLTP": pulses, "maxNumLevelLTD": pulses,
           "sigmaCtoC": float(np.mean([c2c.get("potentiation") or 0.0,
                                       c2c.get("depression") or 0.0])),
           "sigmaDtoD": float(np.mean([d2d.get("A_p") or 0.0, d2d.get("A_d") or 0.0])),
           "dataConductanceLTP": rise.tolist(),
           # NeuroSim's LTD data run on the increasing pulse axis: x = P - n
           "dataConductanceLTD": fall[::-1].tolist(),
           "minConductance": 0.0, "maxConductance": 1.0}
    if fit is not None:
        out |= {"paramALTP": fit["A_p"], "paramALTD": -fit["A_d"],
                "exponential_fit_r2": fit["r2"]}
    return out

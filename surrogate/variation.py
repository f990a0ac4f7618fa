"""Device-to-device and cycle-to-cycle spreads estimated from the traces of several devices.

Both are given in the convention of [Cao2023], which the network's
:class:`network.synapse.ExponentialSynapses` applies: D2D is the relative spread of each
device's nonlinearity A (sigma / |mean| over devices); C2C is the spread of a single pulse's
conductance step, as a fraction of the device's range. Where a device ran several thermal
cycles (the same device and disorder, other thermal seeds) C2C is that spread across its
cycles, pulse by pulse, as [Cao2023] measured it over repeated cycles; otherwise it is the
scatter of each step about the device's own mean curve. With C2C present, the D2D spread of A
also holds each fit's own scatter: it is an upper bound.
"""

from __future__ import annotations

import math

import numpy as np

from .curves import ExponentialPDCurve

D2D_ESTIMATOR = ("relative sample standard deviation (ddof = 1) over devices of A_p, A_d and "
                 "G_max - G_min of per-device ExponentialPDCurve fits")
CYCLE_C2C_ESTIMATOR = ("root mean square over pulses and devices of the sample standard "
                       "deviation (ddof = 1) across a device's thermal cycles of each pulse's "
                       "step, divided by the device's fitted range; per branch")
C2C_ESTIMATOR = ("sample standard deviation (ddof = 1), pooled over devices, of each measured "
                 "pulse step minus the step of that device's own ExponentialPDCurve fit, "
                 "divided by its fitted range; per branch")


def _relative_spread(values: list[float]) -> float | None:
    values = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(values)) or values.mean() == 0:
        return None
    return float(values.std(ddof=1) / abs(values.mean()))


def cycle_c2c(cycles: list[list[tuple[np.ndarray, np.ndarray]]],
              spans: list[float]) -> dict[str, float | None]:
    """C2C per branch from each device's thermal ``cycles`` (one ``(X, y)`` per cycle) and its
    fitted range ``spans``: :data:`CYCLE_C2C_ESTIMATOR`."""
    variances = {1: [], -1: []}
    for runs, span in zip(cycles, spans, strict=True):
        if len(runs) < 2:
            continue
        for sign, pooled in variances.items():
            steps = []
            for X, y in runs:
                on = X[:, 1] == sign
                steps.append(np.diff(y[on][np.argsort(X[on, 0])]))
            pooled.extend(np.var(np.array(steps), axis=0, ddof=1) / span ** 2)
    return {name: float(np.sqrt(np.mean(variances[sign]))) if variances[sign] else None
            for name, sign in (("potentiation", 1), ("depression", -1))}


def estimate_variation(devices: list[tuple[np.ndarray, np.ndarray]], noisy: bool = True,
                       cycles: list[list[tuple[np.ndarray, np.ndarray]]] | None = None) -> dict:
    """C2C and D2D of the exponential model from ``devices``, one ``(X, y)`` per device.

    D2D needs at least two devices (it is ``None`` with the reason otherwise). ``noisy``
    says whether a repeated cycle of one device would differ (a measurement, or a simulation
    with thermal noise); without noise C2C is 0 and the step scatter, which is then the
    model's misfit, is reported as ``step_scatter`` only. ``cycles`` holds each device's
    thermal cycles (``devices`` are their means); where any device has two or more, C2C is
    :func:`cycle_c2c`. A device whose trace the model cannot fit raises, as the fit does.
    """
    fits = [ExponentialPDCurve().fit(X, y) for X, y in devices]
    steps = {1: [], -1: []}
    for (X, y), fit in zip(devices, fits, strict=True):
        span = fit.G_max_ - fit.G_min_
        for sign in steps:
            on = X[:, 1] == sign
            order = np.argsort(X[on, 0])
            measured = np.diff(y[on][order])
            modelled = np.diff(fit.predict(X[on][order]))
            steps[sign].extend((measured - modelled) / span)
    scatter = {name: float(np.std(steps[sign], ddof=1)) if len(steps[sign]) > 1 else None
               for name, sign in (("potentiation", 1), ("depression", -1))}
    n_cycles = [len(runs) for runs in cycles] if cycles else [1] * len(fits)
    if noisy and max(n_cycles) > 1:
        c2c = cycle_c2c(cycles, [f.G_max_ - f.G_min_ for f in fits])
        estimator = CYCLE_C2C_ESTIMATOR
    elif noisy:
        c2c, estimator = scatter, C2C_ESTIMATOR
    else:
        c2c = {"potentiation": 0.0, "depression": 0.0}
        estimator = ("none: noise-free traces (T = 0 K) repeat exactly, so C2C is 0; "
                     "step_scatter is the exponential model's misfit")
    record = {"n_devices": len(fits), "n_cycles": n_cycles, "c2c": c2c,
              "step_scatter": scatter, "c2c_estimator": estimator,
              "d2d_estimator": D2D_ESTIMATOR,
              "per_device": [{"A_p": f.A_p_, "A_d": f.A_d_, "G_range": f.G_max_ - f.G_min_}
                             for f in fits]}
    if len(fits) < 2:
        record["d2d"] = None
        record["d2d_reason"] = "one device: D2D needs at least two disorder seeds"
        return record
    finite = [f for f in fits if math.isfinite(f.A_p_) and math.isfinite(f.A_d_)]
    record["d2d"] = {
        "A_p": _relative_spread([f.A_p_ for f in finite]) if len(finite) > 1 else None,
        "A_d": _relative_spread([f.A_d_ for f in finite]) if len(finite) > 1 else None,
        "G_range": _relative_spread([f.G_max_ - f.G_min_ for f in fits]),
    }
    return record

"""Device-to-device and cycle-to-cycle spreads estimated from the traces of several devices.

Both are given in the convention of [Cao2023], which the network's
:class:`network.synapse.ExponentialSynapses` applies: D2D is the relative spread of each
device's nonlinearity A (sigma / |mean| over devices); C2C is the spread of a single pulse's
conductance step about the device's own mean curve, as a fraction of its range. With C2C
present, the D2D spread of A also holds each fit's own scatter: it is an upper bound.
"""

from __future__ import annotations

import math

import numpy as np

from .curves import ExponentialPDCurve

D2D_ESTIMATOR = ("relative sample standard deviation (ddof = 1) over devices of A_p, A_d and "
                 "G_max - G_min of per-device ExponentialPDCurve fits")
C2C_ESTIMATOR = ("sample standard deviation (ddof = 1), pooled over devices, of each measured "
                 "pulse step minus the step of that device's own ExponentialPDCurve fit, "
                 "divided by its fitted range; per branch")


def _relative_spread(values: list[float]) -> float | None:
    values = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(values)) or values.mean() == 0:
        return None
    return float(values.std(ddof=1) / abs(values.mean()))


def estimate_variation(devices: list[tuple[np.ndarray, np.ndarray]],
                       noisy: bool = True) -> dict:
    """C2C and D2D of the exponential model from ``devices``, one ``(X, y)`` per device.

    D2D needs at least two devices (it is ``None`` with the reason otherwise). ``noisy``
    says whether a repeated cycle of one device would differ (a measurement, or a simulation
    with thermal noise); without noise C2C is 0 and the step scatter, which is then the
    model's misfit, is reported as ``step_scatter`` only. A device whose trace the model
    cannot fit raises, as the fit does.
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
    c2c = scatter if noisy else {"potentiation": 0.0, "depression": 0.0}
    record = {"n_devices": len(fits), "c2c": c2c, "step_scatter": scatter,
              "c2c_estimator": C2C_ESTIMATOR if noisy else (
                  "none: noise-free traces (T = 0 K) repeat exactly, so C2C is 0; "
                  "step_scatter is the exponential model's misfit"),
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

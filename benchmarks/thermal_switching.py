"""Thermally assisted switching against pulse width: a neuron device of config/config.yaml
swept in current at several pulse widths, at 300 K and at 0 K, printed as JSON.

Each amplitude starts from the erased (-z) state (rising order, reset before every pulse), so
the sweep is the switched fraction against J. For each width the script gives J_50 and
[Zhou2021]'s ΔI (the narrowest current range holding 99 % of the Hall change), at the
device's temperature and at 0 K: the 0 K curves carry the pulse-width dependence of the
dynamics alone (a short pulse needs more torque to finish the reversal), the difference is
thermal activation. Sharrock's law J_c(τ) = J_c0 [1 - (k_B T / E_b) ln(τ f0)] is fitted to
the 300 K J_50 and set beside K_eff V_grain / k_B T, and extrapolated to [Zhou2021]'s 5 µs.

    python benchmarks/thermal_switching.py --device nucleation_neuron --out results/studies
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import yaml

from micromag.description import K_B
from micromag.engines import get_engine
from micromag.engines.base import derived_seed
from micromag.material import MaterialStack
from micromag.stage import build_device
from spinnet.figures import save_png, subplots
from spinnet.provenance import write_atomic
from surrogate.switching import current_range, fifty_percent_current, fit_sharrock

REPO = Path(__file__).resolve().parents[1]
ZHOU_PULSE_S, ZHOU_JC_A_PER_M2 = 5e-6, 6e11  # [Zhou2021]: 5 µs pulses switch at ≈ 6e11 A/m²


def sweep(section: dict, material: MaterialStack, width_s: float, temperature_K: float,
          amplitudes: tuple[float, float, int], engine: dict, seed: int, threads: int) -> dict:
    """One rising, reset-before-every-pulse sweep of ``section``'s device at ``width_s`` (s)."""
    fields = {k: v for k, v in section.items()
              if k not in ("kind", "materials", "disorder_seeds", "engine", "sweep")}
    fields["temperature_K"] = temperature_K
    fields["protocol"] = dict(fields["protocol"], pulse_duration_s=width_s, order="rising",
                              reset="always", amplitude_min_A_per_m2=amplitudes[0],
                              amplitude_max_A_per_m2=amplitudes[1], n_amplitudes=amplitudes[2])
    device, protocol = build_device(section["kind"], fields, material.ferromagnet_thickness_m,
                                    seed=seed)
    runner = get_engine(engine["name"], **(engine.get("options", {}) | {"threads": threads}))
    started = time.perf_counter()
    trace = runner.run(device.system(material, protocol.current_density_A_per_m2, seed), protocol,
                       device.readout_region(), seed=derived_seed(seed, round(1e12 * width_s)),
                       progress=False)
    current = np.abs(trace.pulse_current_A_per_m2[1:])
    hall = trace.hall_signal[1:]
    low, high = current_range(current, hall)
    return {"pulse_width_s": width_s, "temperature_K": temperature_K,
            "current_A_per_m2": current.tolist(), "hall_signal": hall.tolist(),
            "j50_A_per_m2": fifty_percent_current(current, hall),
            "delta_j_A_per_m2": high - low, "delta_j_window_A_per_m2": [low, high],
            "wall_s": time.perf_counter() - started}


def figure(path: Path, results: list[dict], title: str, fit) -> None:
    """Switching curves per width (300 K solid, 0 K dashed), J_50 and ΔJ against width."""
    fig, (curves, j50_axes, width_axes) = subplots(1, 3, figsize=(16, 5),
                                                   constrained_layout=True)
    widths = sorted({r["pulse_width_s"] for r in results})
    colours = dict(zip(widths, ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple",
                                "tab:brown"], strict=False))
    for r in results:
        hot = r["temperature_K"] > 0
        curves.plot(np.array(r["current_A_per_m2"]) / 1e12,
                    (np.array(r["hall_signal"]) + 1) / 2, "-o" if hot else "--", ms=3,
                    color=colours[r["pulse_width_s"]],
                    label=f"{1e9 * r['pulse_width_s']:g} ns, {r['temperature_K']:g} K")
    curves.set_xlabel("pulse current density J (10¹² A/m²)")
    curves.set_ylabel("switched fraction (R_H/R_AHE + 1)/2")
    curves.legend(fontsize=7, ncol=2)
    curves.set_title("switching curves", fontsize=10)
    for hot, marker in ((True, "o"), (False, "s")):
        rows = [r for r in results if (r["temperature_K"] > 0) == hot]
        tau = 1e9 * np.array([r["pulse_width_s"] for r in rows])
        label = f"{rows[0]['temperature_K']:g} K"
        j50_axes.plot(tau, np.array([r["j50_A_per_m2"] for r in rows]) / 1e12, marker,
                      label=label)
        width_axes.plot(tau, np.array([r["delta_j_A_per_m2"] for r in rows]) / 1e12,
                        marker + "-", label=label)
    if fit is not None:
        tau = np.geomspace(min(widths), max(widths), 50)
        j50_axes.plot(1e9 * tau, fit.critical_current(tau) / 1e12, "k-",
                      label=f"Sharrock fit at 300 K, E_b = {fit.barrier_kT:.2g} k_B T")
    for axes in (j50_axes, width_axes):
        axes.set_xscale("log")
        axes.set_xticks([1e9 * w for w in widths], [f"{1e9 * w:g}" for w in widths])
        axes.minorticks_off()
        axes.set_xlabel("pulse width τ (ns)")
        axes.legend(fontsize=7)
    j50_axes.set_ylabel("J_50 (10¹² A/m²)")
    j50_axes.set_title("50 % switching current", fontsize=10)
    width_axes.set_ylabel("ΔJ (10¹² A/m²)")
    width_axes.set_title("current range holding 99 % of the change", fontsize=10)
    fig.suptitle(title, fontsize=11)
    save_png(fig, path, dpi=130)


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="nucleation_neuron")
    parser.add_argument("--material", help="default: the device's first material")
    parser.add_argument("--widths-ns", default="0.5,1,2,5")
    parser.add_argument("--temperature-k", type=float, default=300.0)
    parser.add_argument("--amplitudes", default="",
                        help="min,max,n in A/m² (default: the device's own range, 13 points)")
    parser.add_argument("--thermal-step-s", type=float, default=1e-13)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "studies")
    args = parser.parse_args()
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    section = config["micromag"]["devices"][args.device]
    name = args.material or section["materials"][0]
    material = MaterialStack.from_yaml(REPO / config["materials_dir"] / f"{name}.yaml")
    protocol = section["protocol"]
    if args.amplitudes:
        low, high, n = args.amplitudes.split(",")
        amplitudes = (float(low), float(high), int(n))
    else:
        amplitudes = (protocol["amplitude_min_A_per_m2"], protocol["amplitude_max_A_per_m2"], 13)
    # the batched engine at both temperatures (its thermal field; at 0 K it matches magnum.np,
    # tests/physics/test_batched_engine.py), with the device's own tolerances where it names them
    engine = dict(section.get("engine") or config["micromag"]["engine"])
    engine = {"name": "batched", "options": {k: v for k, v in engine.get("options", {}).items()
                                             if k in ("threads", "atol", "rtol", "compile")}}
    hot_engine = {"name": "batched", "options": dict(engine.get("options", {}),
                                                     thermal_timestep_s=args.thermal_step_s)}
    widths = [float(w) * 1e-9 for w in args.widths_ns.split(",")]
    results = []
    for temperature in (args.temperature_k, 0.0):
        for width in widths:
            results.append(sweep(section, material, width, temperature, amplitudes,
                                 hot_engine if temperature > 0 else engine, args.seed,
                                 args.threads))
    hot = [r for r in results if r["temperature_K"] > 0]
    cold = [r for r in results if r["temperature_K"] == 0]
    try:
        fit = fit_sharrock([r["pulse_width_s"] for r in hot], [r["j50_A_per_m2"] for r in hot])
    except (ValueError, RuntimeError) as err:
        fit, fit_error = None, str(err)
    grain_volume = material.grain_size_m**2 * material.ferromagnet_thickness_m
    summary = {
        "device": args.device, "kind": section["kind"], "material": material.name,
        "seed": args.seed, "temperature_K": args.temperature_k,
        "thermal_step_s": args.thermal_step_s,
        "table": [{"pulse_width_ns": 1e9 * h["pulse_width_s"],
                   "j50_A_per_m2": h["j50_A_per_m2"], "j50_0K_A_per_m2": c["j50_A_per_m2"],
                   "thermal_lowering": 1 - h["j50_A_per_m2"] / c["j50_A_per_m2"],
                   "delta_j_A_per_m2": h["delta_j_A_per_m2"],
                   "delta_j_0K_A_per_m2": c["delta_j_A_per_m2"]}
                  for h, c in zip(hot, cold, strict=True)],
        "grain_barrier_kT": material.K_eff_J_per_m3 * grain_volume / (K_B * args.temperature_k),
        "wall_s": sum(r["wall_s"] for r in results),
    }
    if fit is not None:
        summary["sharrock"] = {
            "jc0_A_per_m2": fit.jc0_A_per_m2, "barrier_kT": fit.barrier_kT,
            "jc0_error_A_per_m2": fit.jc0_error_A_per_m2,
            "barrier_error_kT": fit.barrier_error_kT,
            "jc_at_5us_A_per_m2": float(fit.critical_current(ZHOU_PULSE_S)),
            "zhou2021_jc_at_5us_A_per_m2": ZHOU_JC_A_PER_M2}
    else:
        summary["sharrock"] = {"error": fit_error}
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"thermal_switching_{args.device}_{name}_seed{args.seed}"
    payload = json.dumps({"summary": summary, "runs": results}, indent=1)
    title = (f"{material.name}, {section['kind'].replace('_', ' ')} '{args.device}', "
             f"seed {args.seed}: {args.temperature_k:g} K and 0 K")
    figure(args.out / f"{stem}.png", results, title, fit)
    # the JSON last, each file atomically: a killed study leaves nothing that looks finished
    write_atomic(args.out / f"{stem}.json", lambda tmp: tmp.write_text(payload))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

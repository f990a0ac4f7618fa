"""OOMMF engine: runs the ubermag System through oommfc, one OOMMF call per protocol segment.

ubermag's terms mean what OOMMF computes, so the System goes over unchanged: interfacial DMI is
``Oxs_DMI_Cnv_z`` (OOMMF's DMI extension), the spin-orbit torque ``Oxs_SpinXferEvolve`` with the
Slonczewski parameters of the System (its free-layer thickness is the mesh's), at the segment's
current. At T > 0 the evolver is ``Xf_ThermSpinXferEvolve`` (the thermal spin-transfer
extension that conda-forge's OOMMF carries): the same torque plus a Langevin field, integrated
by stochastic Heun at a fixed time step, its random stream seeded per segment from the run's
seed. OOMMF is found through ``OOMMFTCL`` (the path to ``oommf.tcl``) or an ``oommf``
executable on ``PATH`` (conda-forge's package). It refuses to run as root, which is checked
before anything starts; its helper calls (host server, clean-up) run without a display and
with a time limit, so a batch job cannot hang on them.
"""

from __future__ import annotations

import os
import shutil
import subprocess as sp
import tempfile

import micromagneticmodel as mm
import numpy as np
from tqdm.auto import tqdm

from ..protocol import AmplitudeSweep, PotentiationDepression
from .base import Readouts, Trace, drive, readout_currents
from .options import ENGINES

HELPER_TIMEOUT_S = 60


def find_oommf() -> list[str] | None:
    """The command that starts OOMMF (``tclsh oommf.tcl`` or ``oommf``), or None if absent."""
    tcl = os.environ.get("OOMMFTCL")
    if tcl and os.path.isfile(tcl):
        return ["tclsh", tcl]
    exe = shutil.which("oommf")
    return [exe] if exe else None


def oommf_unavailable() -> str | None:
    """Why OOMMF cannot run here (absent, or this process is root), or None if it can."""
    if find_oommf() is None:
        return "OOMMF not found: set OOMMFTCL to oommf.tcl or put an 'oommf' executable on PATH"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return "OOMMF refuses to run as root: run the engine as a regular user"
    return None


def _runner(command: list[str]):
    """An oommfc runner for ``command`` whose helper calls have no display and a time limit.

    Its ``random_seed``, when set, goes into each MIF file as ``RandomSeed``: oommfc writes
    none, and without it two thermal runs with the same evolver ``uniform_seed`` differ (OOMMF
    seeds from the clock).
    """
    import oommfc as oc

    base = oc.oommf.oommf.NativeOOMMFRunner

    class BatchRunner(base):
        def __init__(self) -> None:
            self.oommf = list(command)
            self.random_seed: int | None = None
            super().__init__()

        def _call(self, argstr, need_stderr=False, n_threads=None, dry_run=False):
            if self.random_seed is not None and str(argstr).endswith(".mif"):
                with open(argstr) as handle:
                    header, rest = handle.read().split("\n", 1)
                with open(argstr, "w") as handle:
                    handle.write(f"{header}\nRandomSeed {self.random_seed}\n{rest}")
            return super()._call(argstr, need_stderr=need_stderr, n_threads=n_threads,
                                 dry_run=dry_run)

        def _helper(self, args: list[str], env: dict | None = None) -> sp.CompletedProcess:
            # stderr not piped: the host server it may start keeps it open after we return
            env = {k: v for k, v in (env or os.environ).items() if k != "DISPLAY"}
            return sp.run([*self.oommf, *args], stdout=sp.PIPE, stderr=sp.DEVNULL,
                          stdin=sp.DEVNULL, env=env, timeout=HELPER_TIMEOUT_S)

        def _launchhost(self, dry_run: bool = False) -> str:
            return self._helper(["launchhost", "0"]).stdout.decode("utf-8", "replace").strip()

        def _kill(self, targets=("all",), dry_run: bool = False) -> None:
            try:
                self._helper(["killoommf", "-q", *targets], env=getattr(self, "env", None))
            except sp.TimeoutExpired:
                pass

        def errors(self) -> str:
            log = os.path.join(os.path.dirname(self.oommf[-1]), "boxsi.errors")
            if os.path.isfile(log):
                with open(log) as handle:
                    return handle.read()[-4000:]
            return "OOMMF's boxsi.errors log was not found beside oommf.tcl"

        def __repr__(self) -> str:
            return f"BatchRunner({' '.join(self.oommf)})"

    return BatchRunner()


class OOMMFEngine:
    """Run ubermag Systems with OOMMF (through oommfc), with thermal noise where T > 0.

    Parameters
    ----------
    threads : int
        OOMMF's thread count.
    atol, rtol : float, optional
        The per-step error bound of magnum.np's RKF45 on the unit magnetisation, atol + rtol |m|
        = atol + rtol, given to ``Oxs_SpinXferEvolve`` as its ``absolute_step_error`` (in
        degrees); its two other controls (``error_rate``, ``relative_step_error``) keep OOMMF's
        defaults and can only shorten a step further. Without them OOMMF's defaults hold
        throughout. The fixed-step thermal evolver does not use them.
    stages_per_ns : int
        Output stages per nanosecond of a segment (OOMMF's adaptive RK45 step is independent
        of them); only the last state of a segment is read.
    thermal_timestep_s : float
        Fixed time step (s) of the stochastic Heun integration at T > 0 (the extension's own
        default, 1 fs, is far below what LLG at these fields needs).
    """

    name = "oommf"

    def __init__(self, **options) -> None:
        self.options = ENGINES[self.name].check(options)

    def _driver(self, thermal_seed: int | None):
        """An oommfc TimeDriver for one segment: the thermal evolver seeded with
        ``thermal_seed`` (T > 0), else the spin-transfer evolver, bounded by atol + rtol where
        given."""
        import oommfc as oc

        if thermal_seed is not None:
            return oc.TimeDriver(evolver=oc.Xf_ThermSpinXferEvolver(
                min_timestep=self.options.thermal_timestep_s, uniform_seed=thermal_seed))
        if self.options.atol is None and self.options.rtol is None:
            return oc.TimeDriver()
        bound = (self.options.atol or 0.0) + (self.options.rtol or 0.0)
        return oc.TimeDriver(evolver=oc.SpinXferEvolver(
            absolute_step_error=float(np.degrees(bound))))

    def run(self, system: mm.System, protocol: PotentiationDepression | AmplitudeSweep,
            readout: np.ndarray, seed: int, progress: bool = True) -> Trace:
        """Apply ``protocol`` to ``system``; read mean m_z over the magnetic cells of
        ``readout`` after each pulse. ``seed`` seeds the thermal field (one draw per segment)."""
        reason = oommf_unavailable()
        if reason:
            raise RuntimeError(reason)
        segment_seeds = np.random.default_rng(seed)
        runner = _runner(find_oommf())
        (torque,) = [t for t in system.dynamics if isinstance(t, mm.Slonczewski)]
        others = [t for t in system.dynamics if not isinstance(t, mm.Slonczewski)]
        record = Readouts(readout, np.asarray(system.m.norm.array)[..., 0] > 0)
        bar = tqdm(total=sum(seg.read for seg in protocol.segments()), unit="readout",
                   desc=f"{system.name} (OOMMF)", disable=not progress)
        clock = {"t": 0.0, "steps": 0}

        def advance(seg) -> None:
            if seg.duration_s <= 0:
                return
            _set_dynamics(system, others, mm.Slonczewski(
                J=seg.current_scale * float(torque.J), mp=torque.mp, P=torque.P,
                Lambda=torque.Lambda, eps_prime=torque.eps_prime))
            n = max(1, round(seg.duration_s * 1e9 * self.options.stages_per_ns))
            if system.T > 0:
                runner.random_seed = int(segment_seeds.integers(1, 2**31 - 1))
            self._driver(runner.random_seed).drive(
                system, t=seg.duration_s, n=n, dirname=workdir, append=True, runner=runner,
                verbose=0, n_threads=self.options.threads)
            clock["steps"] += int(np.asarray(system.table.data["iteration"])[-1])
            clock["t"] += seg.duration_s

        def restore(written: np.ndarray) -> None:
            system.m.array = written.copy()

        def read() -> None:
            record.add(np.asarray(system.m.orientation.array, dtype=float), clock["t"])
            bar.update()

        try:
            with tempfile.TemporaryDirectory(prefix="oommf-") as workdir:
                drive(protocol, advance, lambda: np.array(system.m.array), restore, read)
        finally:
            _set_dynamics(system, others, torque)
            bar.close()
        return record.trace(readout_currents(protocol, float(torque.J)), clock["steps"],
                            self.name, _version(runner),
                            np.asarray(system.m.orientation.array, dtype=float))


def _set_dynamics(system: mm.System, terms: list, torque: mm.Slonczewski) -> None:
    """Give ``system`` the dynamics ``terms`` plus ``torque``."""
    system.dynamics = mm.Dynamics()
    for term in [*terms, torque]:
        system.dynamics += term


def _version(runner) -> str:
    """OOMMF's version string, or 'unknown'."""
    try:
        return str(runner.version)
    except Exception:  # noqa: BLE001 - the version is provenance, not a requirement
        return "unknown"

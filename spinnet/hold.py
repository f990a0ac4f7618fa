"""Fault-test hook: hold one chosen simulation job at a known point until it is released.

A fault test (a kill, a cancelled cluster job) must strike a job at a known point, not at a
moment guessed from a clock. With ``SPINNET_HOLD`` set to a JSON object
``{"output": <trace path>, "folder": <folder>}``, the simulation that writes that trace stops
after its first readout (the relaxed written state, before the first pulse), writes
``<folder>/held`` (JSON: its process id and, in a Slurm job, its Slurm job id) and waits until
``<folder>/release`` exists. It holds once: a retry of the same job, which finds ``held``
already there, passes through. Every other job, and every run without the variable, passes
straight through.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "SPINNET_HOLD"
POLL_S = 0.2

_armed: Path | None = None


def _target() -> tuple[Path, Path] | None:
    spec = os.environ.get(ENV)
    if not spec:
        return None
    values = json.loads(spec)
    return Path(values["output"]).resolve(), Path(values["folder"])


@contextmanager
def job(output: str | Path) -> Iterator[None]:
    """Mark the code inside as the job that writes ``output``; :func:`point` holds it if it is
    the chosen one."""
    global _armed
    target = _target()
    chosen = target is not None and Path(output).resolve() == target[0]
    _armed = target[1] if chosen else None
    try:
        yield
    finally:
        _armed = None


def point() -> None:
    """Block here while this is the chosen job and ``release`` does not exist (the first
    attempt only)."""
    global _armed
    if _armed is None:
        return
    folder, _armed = _armed, None
    if (folder / "held").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".held").write_text(json.dumps({"pid": os.getpid(),
                                              "slurm_job_id": os.environ.get("SLURM_JOB_ID")}))
    os.replace(folder / ".held", folder / "held")
    parent = os.getppid()
    while not (folder / "release").exists():
        if os.getppid() != parent:
            # the job around it was cancelled; a scheduler that tracks processes by parent
            # (Slurm's proctrack/linuxproc) no longer sees this one, so it ends itself
            raise SystemExit(f"held simulation {os.getpid()}: its job ended before release")
        time.sleep(POLL_S)

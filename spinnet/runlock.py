"""One run per results tree: an advisory lock in ``results_dir`` itself.

Snakemake's own lock lives in the ``.snakemake`` folder of the checkout it runs from, so two
checkouts (or two users) that share one ``results_dir`` would both write into it. This lock is
a file in the results tree, locked with ``flock``: the kernel drops it when the run's process
ends, however it ends (no stale locks after a kill), and it holds across the nodes of a cluster
on file systems that support it (NFSv4, Lustre, GPFS). Dry runs and reports do not take it.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from pathlib import Path
from typing import IO

LOCK_NAME = ".spinnet-run.lock"

_held: dict[Path, IO[str]] = {}


class ResultsInUse(RuntimeError):
    """Another run holds the results tree; the message names it."""


def acquire(results_dir: str | Path, checkout: str | Path) -> None:
    """Take the results tree's lock for this process, or raise :class:`ResultsInUse`."""
    path = Path(results_dir).resolve() / LOCK_NAME
    if path in _held:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held open for the whole run
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "a process that did not say who it is"
        handle.close()
        raise ResultsInUse(
            f"results_dir {results_dir} is in use by another run ({holder}); nothing was run. "
            "Wait for that run to finish, or give this one its own results_dir") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} on {socket.gethostname()}, started "
                 f"{time.strftime('%Y-%m-%d %H:%M:%S')}, from {Path(checkout).resolve()}\n")
    handle.flush()
    _held[path] = handle


def release(results_dir: str | Path) -> None:
    """Give the lock back (the end of a run; a killed run's lock goes with its process)."""
    handle = _held.pop(Path(results_dir).resolve() / LOCK_NAME, None)
    if handle is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()

"""A real single-node Slurm cluster on this machine, for the executor test.

Installs Debian's ``slurm-wlm`` and ``munge`` when they are missing and the test runs as root,
writes ``/etc/slurm/slurm.conf`` with state, spool and logs in a temporary folder (no
accounting database, own ports; refused if the machine already has a config), starts
munged, slurmctld and ``slurmd -N localhost``, and stops all three by PID at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PACKAGES = ("slurm-wlm", "munge")
DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue")

SYSTEM_CONF = Path("/etc/slurm/slurm.conf")
MARKER = "# written by spinnet's tests/slurm_cluster.py; removed when the test cluster stops\n"
SLURM_CONF = MARKER + """\
ClusterName=spinnet
SlurmctldHost=localhost
AuthType=auth/munge
AuthInfo=socket={root}/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/slurmctld.pid
SlurmdPidFile={root}/slurmd.pid
SlurmctldLogFile={root}/slurmctld.log
SlurmdLogFile={root}/slurmd.log
SlurmctldPort={port}
SlurmdPort={port_d}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge={min_job_age}
NodeName=localhost CPUs={cpus} RealMemory={memory_mb} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
"""


class SlurmUnavailable(RuntimeError):
    """Slurm cannot be installed or started here; the reason is the message."""


def ensure_installed() -> None:
    """Install slurm-wlm and munge from Debian when a daemon is missing (root only)."""
    if all(shutil.which(name) for name in DAEMONS):
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SlurmUnavailable("slurm-wlm/munge are not installed and this is not a root "
                               "Debian machine that could install them")
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES]):
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SlurmUnavailable(f"{' '.join(command)} failed: {done.stderr[-500:]}")
    missing = [name for name in DAEMONS if shutil.which(name) is None]
    if missing:
        raise SlurmUnavailable(f"after installing {PACKAGES}, still missing: {missing}")


def _munge_key() -> None:
    key = Path("/etc/munge/munge.key")
    if not key.exists():
        subprocess.run(["mungekey", "--create", "--keyfile", str(key)], check=True)
        shutil.chown(key, "munge", "munge")
        key.chmod(0o600)


def _pid(path: Path, daemon: str) -> int:
    """Process id ``daemon`` writes to ``path`` once it runs; an error as soon as no process of
    that name is left to write it (a hang is pytest-timeout's to catch)."""
    while not (path.exists() and path.read_text().strip()):
        alive = subprocess.run(["pgrep", "-x", daemon], capture_output=True).returncode == 0
        if not alive and not (path.exists() and path.read_text().strip()):
            raise SlurmUnavailable(f"{daemon} exited without writing {path}")
        time.sleep(0.2)
    return int(path.read_text())


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@contextmanager
def single_node_slurm(root: Path, min_job_age_s: int = 60, port: int = 6917) -> Iterator[dict]:
    """Start munged, slurmctld and slurmd; yield the environment that reaches them."""
    ensure_installed()
    _munge_key()
    for folder in ("state", "spool", "munge"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    # Job steps (srun inside a batch job) drop SLURM_CONF, as on real clusters, and read the
    # system path; a config there that the test did not write means a real cluster: leave it.
    conf = SYSTEM_CONF
    if conf.exists() and not conf.read_text().startswith(MARKER):
        raise SlurmUnavailable(f"{conf} exists: this machine has its own Slurm, not touched")
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(SLURM_CONF.format(root=root, port=port, port_d=port + 1,
                                      min_job_age=min_job_age_s, cpus=os.cpu_count() or 1,
                                      memory_mb=16000))
    socket = root / "munge" / "munge.socket"
    env = os.environ | {"SLURM_CONF": str(conf)}
    pids: list[int] = []
    try:
        subprocess.run(["munged", "--force", f"--socket={socket}",
                        f"--pid-file={root / 'munged.pid'}", f"--log-file={root / 'munged.log'}",
                        f"--seed-file={root / 'munged.seed'}"], check=True, env=env)
        pids.append(_pid(root / "munged.pid", "munged"))
        subprocess.run(["slurmctld", "-f", str(conf)], check=True, env=env)
        pids.append(_pid(root / "slurmctld.pid", "slurmctld"))
        subprocess.run(["slurmd", "-f", str(conf), "-N", "localhost"], check=True, env=env)
        pids.append(_pid(root / "slurmd.pid", "slurmd"))
        _wait_idle(env)
        yield env
    except subprocess.CalledProcessError as error:
        raise SlurmUnavailable(f"{error.cmd[0]} did not start: {error}") from error
    finally:
        for pid in reversed(pids):
            _stop(pid)
        _stop_job_leftovers()
        conf.unlink(missing_ok=True)


def _stop_job_leftovers() -> None:
    """Stop what the test cluster's jobs left running: proctrack/linuxproc loses processes
    that were reparented (a cancelled job's Snakemake job step was seen alive an hour later).
    A job process carries SLURM_JOB_ID; this process's own job, if it runs in one, is kept."""
    own = os.environ.get("SLURM_JOB_ID")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            variables = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        job = next((v.split(b"=", 1)[1].decode() for v in variables
                    if v.startswith(b"SLURM_JOB_ID=")), None)
        if job is not None and job != own:
            _stop(int(proc.name))


def _wait_idle(env: dict) -> None:
    """Wait until the node is idle; an error at once if it is down, drained or failed."""
    while True:
        done = subprocess.run(["sinfo", "-h", "-o", "%T"], env=env, capture_output=True,
                              text=True)
        state = done.stdout.strip().rstrip("*~#$@")
        if state == "idle":
            return
        if state.startswith(("down", "drain", "fail", "inval")):
            raise SlurmUnavailable(f"node localhost is {state!r}")
        time.sleep(0.5)

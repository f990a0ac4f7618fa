"""Provenance and atomic writing, shared by every stage's outputs."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

PACKAGES = ("spinnet", "magnumnp", "micromagneticmodel", "discretisedfield", "numpy", "scipy",
            "scikit-learn", "torch", "snakemake")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the numbers."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def sha256_of(path: str | Path) -> str:
    """SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def config_hash(values: dict) -> str:
    """SHA-256 of a mapping in canonical JSON form."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


@contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    A killed or failed writer leaves at most a hidden temporary file, never a file with the
    final name that looks finished.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(path: str | Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp_path)`` and move the result onto ``path`` atomically."""
    with atomic_path(path) as tmp:
        writer(tmp)


CHECKSUM_KEY = "content_sha256"


class CorruptFileError(ValueError):
    """A stage output that is truncated or altered; the reader has removed it (the message
    names the file and what is wrong), so that the next run regenerates it."""


def reject(path: str | Path, problem: str) -> CorruptFileError:
    """Remove the corrupt file ``path`` and return the error that says so.

    Snakemake reruns a job whose output is missing, but not one whose output is merely newer
    than its inputs: removing the file is what makes the rerun regenerate it.
    """
    Path(path).unlink(missing_ok=True)
    return CorruptFileError(f"{path}: {problem}; removed it, so that the next run of the "
                            "workflow regenerates it")


def write_json(path: str | Path, values: dict) -> None:
    """Write a JSON file atomically, with the SHA-256 of its content (``content_sha256``) so that
    :func:`read_json` detects a truncated or altered file."""
    record = {k: v for k, v in values.items() if k != CHECKSUM_KEY}
    record[CHECKSUM_KEY] = config_hash(record)
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(record, indent=2, sort_keys=True)))


def read_json(path: str | Path) -> dict:
    """Read a JSON file written by :func:`write_json`, checking that it is whole and unaltered.

    Raises :class:`CorruptFileError` (after removing the file) if it is not JSON, not an
    object, has no checksum or its content does not match it.
    """
    try:
        record = json.loads(Path(path).read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise reject(path, f"not whole JSON (truncated or overwritten?): {err}") from None
    if not isinstance(record, dict):
        raise reject(path, f"holds a JSON {type(record).__name__}, not an object")
    stored = record.pop(CHECKSUM_KEY, None)
    if stored is None:
        raise reject(path, f"has no '{CHECKSUM_KEY}' (not written by this pipeline, or cut)")
    if config_hash(record) != stored:
        raise reject(path, "its content does not match its content_sha256 (altered after it "
                           "was written)")
    return record

"""Provenance and atomic writing, shared by every stage's outputs."""

from __future__ import annotations

import csv
import hashlib
import io
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


def write_csv(path: str | Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Write rows (mappings over ``columns``) as a CSV table atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, lambda tmp: tmp.write_text(buffer.getvalue()))


def write_json(path: str | Path, values: dict) -> None:
    """Write a JSON file atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(values, indent=2, sort_keys=True)))

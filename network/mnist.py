"""MNIST: the four original IDX files, checksum-verified, from a local folder or a public mirror."""

from __future__ import annotations

import gzip
import shutil
import urllib.request
from pathlib import Path

import numpy as np

from spinnet.provenance import atomic_path, sha256_of

SHA256 = {  # the published SHA-256 of the original files
    "train-images-idx3-ubyte.gz":
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz":
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz":
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz":
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)


class ChecksumError(ValueError):
    """A data file whose SHA-256 is not the published one."""


def verify(path: str | Path) -> None:
    """Raise :class:`ChecksumError` unless ``path`` has the published SHA-256 of its name."""
    path = Path(path)
    if path.name not in SHA256:
        raise ChecksumError(f"{path}: not one of the MNIST files {sorted(SHA256)}")
    _verify_as(path, path.name)


def fetch(name: str, dest: str | Path, source_dir: str | Path | None = None,
          mirrors: tuple[str, ...] = MIRRORS) -> Path:
    """Copy ``name`` from ``source_dir`` (if given) or download it; verify before keeping it."""
    dest = Path(dest)
    with atomic_path(dest) as tmp:
        if source_dir is not None:
            source = Path(source_dir) / name
            if not source.is_file():
                raise FileNotFoundError(f"{source}: MNIST file missing from the configured "
                                        f"mnist_dir {source_dir}")
            shutil.copyfile(source, tmp)
        else:
            errors = []
            for mirror in mirrors:
                try:
                    with urllib.request.urlopen(mirror + name, timeout=60) as response:
                        tmp.write_bytes(response.read())
                    break
                except OSError as err:
                    errors.append(f"{mirror}: {err}")
            else:
                raise ConnectionError(f"could not download {name}: " + "; ".join(errors))
        _verify_as(tmp, name)
    return dest


def _verify_as(path: Path, name: str) -> None:
    """Check the file at ``path`` against the published SHA-256 of MNIST file ``name``."""
    expected = SHA256[name]
    actual = sha256_of(path)
    if actual != expected:
        raise ChecksumError(f"{name} ({path}): SHA-256 {actual} does not match the published "
                            f"{expected}; the file is corrupted or not the original MNIST")


def read_idx(path: str | Path) -> np.ndarray:
    """Array stored in a gzip-compressed IDX file (big-endian header, uint8 data)."""
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    magic = int.from_bytes(raw[:4], "big")
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: IDX magic {magic:#x} is not unsigned-byte data")
    ndim = magic & 0xFF
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {data.size} bytes of data for shape {shape}")
    return data.reshape(shape)


def load(folder: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Verified MNIST as float32 images in [0, 1] (flattened to 784) and int64 labels."""
    folder = Path(folder)
    for name in SHA256:
        verify(folder / name)
    x_train = read_idx(folder / "train-images-idx3-ubyte.gz").reshape(-1, 784) / np.float32(255)
    y_train = read_idx(folder / "train-labels-idx1-ubyte.gz").astype(np.int64)
    x_test = read_idx(folder / "t10k-images-idx3-ubyte.gz").reshape(-1, 784) / np.float32(255)
    y_test = read_idx(folder / "t10k-labels-idx1-ubyte.gz").astype(np.int64)
    return x_train.astype(np.float32), y_train, x_test.astype(np.float32), y_test

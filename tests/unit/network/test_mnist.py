"""MNIST files are used only when their SHA-256 is the published one."""

import shutil

import numpy as np
import pytest

from network import mnist


def test_labels_are_the_original_mnist(mnist_dir):
    train_labels = mnist.read_idx(mnist_dir / "train-labels-idx1-ubyte.gz")
    test_labels = mnist.read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")
    assert train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert test_labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(test_labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028,
                                                 974, 1009]


def test_load_gives_normalised_images(mnist_dir):
    x_train, y_train, x_test, y_test = mnist.load(mnist_dir)
    assert x_train.shape == (60000, 784) and x_test.shape == (10000, 784)
    assert x_train.dtype == np.float32 and 0.0 == x_train.min() and x_train.max() == 1.0
    assert len(y_train) == 60000 and len(y_test) == 10000


def test_changed_byte_is_a_checksum_error(mnist_dir, tmp_path):
    name = "t10k-labels-idx1-ubyte.gz"
    corrupted = tmp_path / "source" / name
    corrupted.parent.mkdir()
    shutil.copyfile(mnist_dir / name, corrupted)
    data = bytearray(corrupted.read_bytes())
    data[100] ^= 0x01
    corrupted.write_bytes(bytes(data))
    with pytest.raises(mnist.ChecksumError, match="does not match the published"):
        mnist.verify(corrupted)
    dest = tmp_path / "dest" / name
    with pytest.raises(mnist.ChecksumError, match=name):
        mnist.fetch(name, dest, source_dir=corrupted.parent)
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []


def test_missing_file_in_configured_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.gz"):
        mnist.fetch("train-images-idx3-ubyte.gz", tmp_path / "out.gz", source_dir=tmp_path)

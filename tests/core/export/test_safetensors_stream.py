"""Reads at an offset from kept-open files (``safetensors_stream.PositionalReads``)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from dpo_desktop.core.export.safetensors_stream import PositionalReads


def _file(tmp_path: Path) -> tuple[Path, bytes]:
    data = np.random.default_rng(0).integers(0, 256, 3 * 2**20 + 17, dtype=np.uint8).tobytes()
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    return path, data


def _read(reads: PositionalReads, path: Path, offset: int, count: int) -> bytes:
    out = np.empty(count, np.uint8)
    reads.read_into(path, offset, out)
    return out.tobytes()


def test_many_threads_read_the_right_bytes(tmp_path: Path) -> None:
    """One descriptor serves every thread: each read names its own offset."""
    path, data = _file(tmp_path)
    reads = PositionalReads()
    spans = [(int(o), int(n)) for o, n in zip(
        np.random.default_rng(1).integers(0, len(data) - 70_000, 400),
        np.random.default_rng(2).integers(1, 70_000, 400))]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda span: _read(reads, path, *span), spans))
    assert got == [data[o:o + n] for o, n in spans]
    reads.close()
    assert _read(reads, path, len(data) - 5, 5) == data[-5:]  # opened again after close
    reads.close()


def test_a_file_that_ends_early_is_an_error(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    reads = PositionalReads()
    with pytest.raises(ValueError, match="ends early"):
        _read(reads, path, len(data) - 10, 20)
    reads.close()


def test_without_preadv_each_read_opens_the_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no ``os.preadv``: the same bytes come from an open, a seek and a read."""
    path, data = _file(tmp_path)
    monkeypatch.delattr(os, "preadv", raising=False)
    reads = PositionalReads()
    assert _read(reads, path, 1234, 100_000) == data[1234:101_234]
    assert not reads._fds  # nothing kept open


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "float32", "int64", "bool"])
def test_tensor_bits_are_the_tensors_bytes(dtype: str) -> None:
    """The bytes the shard writer stores and the Q8_0 loop reads: a view where the tensor
    is contiguous, the values in row order where it is not."""
    import torch

    from dpo_desktop.core.export.safetensors_stream import tensor_bits

    values = torch.randn(6, 10).to(getattr(torch, dtype))
    for block in (values, values.T, values[:, 2:7]):
        bits = tensor_bits(block)
        assert bits.dtype.kind == "u" and bits.ndim == 1
        want = block.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        assert bits.tobytes() == want
    assert np.shares_memory(tensor_bits(values), values.view(torch.uint8).numpy())

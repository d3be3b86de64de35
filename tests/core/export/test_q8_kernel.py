"""The compiled Q8_0 loop: loaded once (in the background when warmed up), and a machine
where numba cannot compile still encodes, through the torch fallback, the same bytes.
(Its bytes are checked against gguf-py in test_fast_quant.py.)"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from gguf import GGMLQuantizationType

from dpo_desktop.core.export import q8_kernel
from dpo_desktop.core.export.fast_quant import encode_tensor


def test_warm_up_loads_the_loops_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(q8_kernel, "_kernels", None)
    q8_kernel.warm_up()
    with q8_kernel._lock:  # the warm-up thread holds it while it loads
        pass
    assert q8_kernel.available() and q8_kernel._kernels is not None
    x = torch.randn(8, 64).to(torch.bfloat16)
    got = q8_kernel.encode(x)
    assert got is not None and got.shape == (8 * 64 // 32 * 34,)


def test_a_failed_compile_falls_back_to_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    x = (torch.randn(16, 96) * 0.02).to(torch.bfloat16)
    compiled = encode_tensor(x, GGMLQuantizationType.Q8_0)

    def broken() -> None:
        raise RuntimeError("no LLVM on this machine")

    monkeypatch.setattr(q8_kernel, "_kernels", None)
    monkeypatch.setattr(q8_kernel, "_failed", False)
    monkeypatch.setattr(q8_kernel, "_compile", broken)
    assert not q8_kernel.available()
    assert q8_kernel.encode(x) is None
    assert np.array_equal(encode_tensor(x, GGMLQuantizationType.Q8_0), compiled)


def test_non_contiguous_and_f16_blocks() -> None:
    x = torch.randn(64, 96)
    for block in (x.t(), x.to(torch.float16), x.to(torch.bfloat16).t()):
        got = q8_kernel.encode(block)
        assert got is not None
        assert np.array_equal(got, q8_kernel.encode(block.contiguous().float()))


def test_chunks_encoded_while_the_loops_load_go_through_torch(
        monkeypatch: pytest.MonkeyPatch) -> None:
    x = (torch.randn(16, 96) * 0.02).to(torch.bfloat16)
    compiled = encode_tensor(x, GGMLQuantizationType.Q8_0)
    monkeypatch.setattr(q8_kernel, "_kernels", None)
    with q8_kernel._lock:  # as while warm_up's thread loads them
        assert q8_kernel.encode(x) is None  # no waiting
        assert np.array_equal(encode_tensor(x, GGMLQuantizationType.Q8_0), compiled)
    assert q8_kernel.encode(x) is not None  # loaded on the next call


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float32, torch.float16])
def test_every_block_count_matches_gguf_py(dtype: torch.dtype) -> None:
    """The loops find each block's maximum in pairwise passes over the whole chunk
    (``q8_loops.block_maxima``): chunks of any number of blocks, odd ones included, and
    the largest value at every position of a block."""
    from gguf.quants import quantize

    generator = torch.Generator().manual_seed(7)
    for blocks in (1, 2, 3, 5, 7, 8, 9, 33):
        x = torch.randn(blocks, 32, generator=generator) * 0.02
        for position in range(32):  # one outlier per block, at every position in turn
            x[position % blocks, position] = 3.0 * (-1) ** position
        block = x.to(dtype)
        got = q8_kernel.encode(block.reshape(-1))
        assert got is not None
        want = quantize(block.float().numpy(), GGMLQuantizationType.Q8_0).reshape(-1)
        assert np.array_equal(got, want), (dtype, blocks)

"""The K-quant encoders: byte layout sizes, round trips through gguf-py's own decoders,
and the chunking/threading/progress machinery."""

from __future__ import annotations

import numpy as np
import pytest
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType
from gguf.quants import dequantize
from gguf.quants import quantize as gguf_quantize

from dpo_desktop.core.export import kquants

Q = GGMLQuantizationType
K_TYPES = (Q.Q4_K, Q.Q5_K, Q.Q6_K)

# Relative RMS error bounds for Gaussian weights: about what the bits allow (each extra bit
# halves the error), measured 0.071 / 0.036 / 0.018 with llama.cpp's own quantizer.
RMS_BOUND = {Q.Q4_K: 0.075, Q.Q5_K: 0.038, Q.Q6_K: 0.019}
# The legacy type each K type must beat on the same weights.
LEGACY = {Q.Q4_K: Q.Q4_0, Q.Q5_K: Q.Q5_0, Q.Q6_K: Q.Q5_1}


def _weights(rows: int, cols: int, seed: int = 0, outliers: bool = True) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, cols)).astype(np.float32) * 0.02
    if outliers:
        x[:, ::61] *= 8  # a few outliers per row, as real weight matrices have
    return x


def _rel_rms(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sqrt(((x - y) ** 2).mean() / (x ** 2).mean()))


@pytest.mark.parametrize(("qtype", "size"), [(Q.Q4_K, 144), (Q.Q5_K, 176), (Q.Q6_K, 210)])
def test_block_bytes_have_the_documented_sizes(qtype: GGMLQuantizationType, size: int) -> None:
    assert kquants.BLOCK_BYTES[qtype] == size == GGML_QUANT_SIZES[qtype][1]
    assert GGML_QUANT_SIZES[qtype][0] == kquants.QK_K == 256
    out = kquants.quantize(_weights(3, 768), qtype)
    assert out.dtype == np.uint8 and out.shape == (3, 3 * size)
    stacked = kquants.quantize(_weights(6, 512).reshape(2, 3, 512), qtype)
    assert stacked.shape == (2, 3, 2 * size)


@pytest.mark.parametrize("qtype", K_TYPES)
def test_round_trip_through_gguf_py_is_within_the_bound(qtype: GGMLQuantizationType) -> None:
    gaussian = _weights(64, 1024, outliers=False)
    error = _rel_rms(gaussian, dequantize(kquants.quantize(gaussian, qtype),
                                          qtype).reshape(gaussian.shape))
    x = _weights(64, 1024)
    y = dequantize(kquants.quantize(x, qtype), qtype).reshape(x.shape)
    legacy = LEGACY[qtype]
    legacy_y = dequantize(gguf_quantize(x, legacy), legacy).reshape(x.shape)
    print(f"{qtype.name}: relative RMS error {error:.4f} on Gaussian weights (bound "
          f"{RMS_BOUND[qtype]}); with outliers {_rel_rms(x, y):.4f}, {legacy.name} "
          f"{_rel_rms(x, legacy_y):.4f}")
    assert error < RMS_BOUND[qtype]
    assert _rel_rms(x, y) < _rel_rms(x, legacy_y)
    # No weight is off by more than one level step of its super-block's whole range.
    steps = {Q.Q4_K: 15, Q.Q5_K: 31, Q.Q6_K: 63}[qtype]
    spans = np.ptp(x.reshape(-1, 256), axis=1, keepdims=True)
    assert np.all(np.abs(x - y).reshape(-1, 256) <= spans / steps)


@pytest.mark.parametrize("qtype", K_TYPES)
def test_special_blocks_decode_exactly_or_closely(qtype: GGMLQuantizationType) -> None:
    zeros = np.zeros((2, 512), np.float32)
    assert not dequantize(kquants.quantize(zeros, qtype), qtype).any()
    assert not kquants.quantize(zeros, qtype).any()  # all-zero blocks are zero bytes
    const = np.full((2, 256), -0.25, np.float32)
    decoded = dequantize(kquants.quantize(const, qtype), qtype)
    assert np.allclose(decoded, -0.25, atol=2e-3)
    mixed = _weights(4, 512, seed=3)
    mixed[:, :32] = 0  # a zero sub-block inside a non-zero super-block
    decoded = dequantize(kquants.quantize(mixed, qtype), qtype).reshape(mixed.shape)
    assert not decoded[:, :32].any()
    assert np.isfinite(decoded).all()


@pytest.mark.parametrize("qtype", K_TYPES)
def test_chunks_threads_and_input_dtype_do_not_change_the_bytes(
        qtype: GGMLQuantizationType, monkeypatch: pytest.MonkeyPatch) -> None:
    x = _weights(40, 512, seed=5).astype(np.float16)
    whole = kquants.quantize(x.astype(np.float32), qtype, threads=1)
    monkeypatch.setattr(kquants, "CHUNK_BLOCKS", 7)  # chunks that split rows unevenly
    assert np.array_equal(kquants.quantize(x, qtype, threads=1), whole)
    assert np.array_equal(kquants.quantize(x, qtype, threads=3), whole)


def test_progress_is_reported_in_order_and_can_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kquants, "CHUNK_BLOCKS", 4)
    x = _weights(10, 512)  # 20 super-blocks: 5 chunks
    for threads in (1, 2):
        seen: list[int] = []
        kquants.quantize(x, Q.Q4_K, on_progress=seen.append, threads=threads)
        assert seen == [1024, 2048, 3072, 4096, 5120]

    class Stop(Exception):
        pass

    calls: list[int] = []

    def stop_after_two(done: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise Stop

    with pytest.raises(Stop):
        kquants.quantize(x, Q.Q6_K, on_progress=stop_after_two, threads=2)
    assert calls == [1024, 2048]


def test_rows_must_be_whole_super_blocks() -> None:
    with pytest.raises(ValueError, match="multiple of the Q4_K super-block size 256"):
        kquants.quantize(np.zeros((2, 576), np.float32), Q.Q4_K)
    with pytest.raises(ValueError, match="not a K-quant"):
        kquants.quantize(np.zeros((2, 256), np.float32), Q.Q8_0)

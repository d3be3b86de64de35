"""The fast encoders write exactly gguf-py's bytes (issue 16: the export's speed must not
change one byte of the GGUF): random weights in bf16 and fp32, zero blocks, exact ties
(which Q8_0 rounds away from zero), values just either side of a tie, tiny and huge
scales (including one whose f16 scale overflows), mixed signs and negative zero. Q8_0 has
two fast encoders, the compiled loop (``q8_kernel``) and the torch fallback; every test
runs with each."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from gguf import GGMLQuantizationType
from gguf.quants import quantize as gguf_quantize

from dpo_desktop.core.export import q8_kernel
from dpo_desktop.core.export.fast_quant import FAST_TYPES, encode_tensor

Q = GGMLQuantizationType


@pytest.fixture(params=["compiled", "torch"], autouse=True)
def encoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with the compiled Q8_0 loop, then with the torch fallback."""
    if request.param == "compiled":
        assert q8_kernel.available(), "numba is a dependency: the compiled loop must run"
    else:
        monkeypatch.setattr(q8_kernel, "_get", lambda: None)
    return str(request.param)


def _reference(x: torch.Tensor, qtype: GGMLQuantizationType) -> np.ndarray:
    data = np.ascontiguousarray(x.to(torch.float32).numpy())
    with np.errstate(all="ignore"):
        out = gguf_quantize(data, qtype)
    return np.ascontiguousarray(out).reshape(-1).view(np.uint8)


def _edge_blocks() -> torch.Tensor:
    """Rows of 64 values (two Q8_0 blocks each) built to hit every rounding corner."""
    rows = []
    rows.append(torch.zeros(64))  # d = 0: all zero, inv = 0
    rows.append(torch.tensor([-0.0, 0.0] * 32))
    ties = torch.arange(-63.5, 64.5, 2.0)  # max |x| = 127 gives d = 1: x·inv is x exactly
    ties = torch.cat([ties, torch.tensor([127.0])])[:64]
    rows.append(ties)
    rows.append(-ties)
    halfway = torch.tensor([0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 126.5, -126.5])
    near = torch.cat([torch.nextafter(halfway, torch.zeros(8)),
                      torch.nextafter(halfway, torch.full((8,), 200.0)), halfway,
                      torch.tensor([0.49999997, -0.49999997, 0.5000001, 127.0])])
    rows.append(torch.cat([near, torch.full((64 - near.numel() - 1,), 3.0),
                           torch.tensor([-127.0])]))
    rows.append(torch.linspace(-1e-30, 1e-30, 64))  # tiny: the f16 scale is 0
    rows.append(torch.linspace(-3e38, 3e38, 64))  # huge: the f16 scale is inf
    rows.append(torch.linspace(-65504.0 * 127, 65504.0 * 127, 64))  # f16 scale at its max
    rows.append(torch.full((64,), 1e-3).index_fill_(0, torch.tensor([5, 40]), -7.0))
    return torch.stack(rows).to(torch.float32)


@pytest.mark.parametrize("qtype", sorted(FAST_TYPES, key=int))
@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float32, torch.float16])
def test_random_weights_byte_for_byte(qtype: GGMLQuantizationType, dtype: torch.dtype) -> None:
    generator = torch.Generator().manual_seed(int(qtype) * 7 + 1)
    x = (torch.randn(96, 512, generator=generator) * 0.02)
    x[:, ::37] *= 20  # outliers, as real weight matrices have
    x[3, :64] = 0.0  # two zero blocks
    x = x.to(dtype)
    got = encode_tensor(x, qtype)
    assert got.dtype == np.uint8
    assert np.array_equal(got, _reference(x, qtype))


@pytest.mark.parametrize("qtype", sorted(FAST_TYPES, key=int))
def test_edge_blocks_byte_for_byte(qtype: GGMLQuantizationType) -> None:
    x = _edge_blocks()
    if qtype == Q.BF16:  # gguf-py rounds f32 -> bf16 itself; torch must agree (finite)
        x = x[torch.isfinite(x.to(torch.bfloat16).float()).all(1)]
    assert np.array_equal(encode_tensor(x, qtype), _reference(x, qtype))
    for scale in (1e-20, 1e-5, 0.37, 3.0, 1e5, 1e30):  # the same blocks at other scales
        scaled = x * scale
        scaled = scaled[torch.isfinite(scaled).all(1)]
        assert np.array_equal(encode_tensor(scaled, qtype), _reference(scaled, qtype))


def test_q8_0_rounds_every_tie_away_from_zero() -> None:
    """Each k + 0.5 (and its negative), and the floats next to it, for k = 0..126, with a
    block maximum of 127 so that x · (1 / d) is x exactly."""
    halves = torch.arange(0.5, 127.0, 1.0)
    values = torch.cat([halves, -halves, torch.nextafter(halves, torch.zeros_like(halves)),
                        torch.nextafter(halves, halves + 1)])
    flat = torch.cat([values, torch.zeros((-values.numel()) % 31)]).reshape(-1, 31)
    blocks = torch.cat([flat, torch.full((flat.shape[0], 1), 127.0)], dim=1)
    got = encode_tensor(blocks, Q.Q8_0).reshape(-1, 34)
    assert np.array_equal(got, _reference(blocks, Q.Q8_0).reshape(-1, 34))
    q = got[:, 2:].view(np.int8)[:, :31].astype(np.int64).reshape(-1)[:halves.numel()]
    assert q.tolist() == [int(k) + 1 for k in halves.floor().tolist()]


def test_other_types_fall_back_to_gguf_py() -> None:
    x = torch.randn(4, 256)
    for qtype in (Q.Q4_0, Q.Q5_1, Q.Q6_K):
        assert qtype not in FAST_TYPES
        got = encode_tensor(x, qtype)
        assert got.dtype == np.uint8 and got.size > 0
    assert np.array_equal(encode_tensor(x, Q.Q4_0), _reference(x, Q.Q4_0))


def test_q8_0_scales_in_every_binade_round_as_numpy() -> None:
    """The f16 scale is rounded by hand in the compiled loop: blocks whose largest value
    is spread over every fp32 exponent (so the scale lands on f16 subnormals, normals,
    ties and overflow) encode as gguf-py encodes them, bf16 and fp32 alike."""
    generator = np.random.default_rng(16)
    blocks = 20_000
    exponents = generator.integers(1, 255, blocks, dtype=np.uint32)  # finite, not zero
    mantissas = generator.integers(0, 1 << 23, blocks, dtype=np.uint32)
    mantissas[::7] &= ~np.uint32(0x1FFF)  # mantissa tails that tie in f16
    mantissas[1::7] = (mantissas[1::7] & ~np.uint32(0x1FFF)) | 0x1000
    with np.errstate(over="ignore"):
        largest = ((exponents << 23) | mantissas).view(np.float32) * 127
    largest = np.where(np.isfinite(largest), largest, np.float32(3e38))
    ratio = generator.uniform(-1, 1, (blocks, 32)).astype(np.float32)
    values = (ratio * largest[:, None]).astype(np.float32)
    values[:, 5] = largest
    values = values[np.abs(values).max(1) > 1e-36]  # below, 1 / d overflows in gguf-py
    for dtype in (torch.float32, torch.bfloat16, torch.float16):
        x = torch.from_numpy(values.copy()).to(dtype)
        x = x[torch.isfinite(x.float()).all(1) & (x.float().abs().amax(1) > 1e-36)]
        assert np.array_equal(encode_tensor(x, Q.Q8_0), _reference(x, Q.Q8_0)), dtype

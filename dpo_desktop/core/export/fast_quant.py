"""The GGUF encodings the export writes most (F32, F16, BF16, Q8_0) in vectorised torch.

gguf-py's own quantizer is numpy and takes about 18 ns per value for Q8_0, 21 seconds for
a 1.1B model, several times the cost of reading and writing the model; these take about
1 ns (Q8_0 runs as a compiled loop, ``q8_kernel``, at about 0.3 ns where numba is
installed, and falls back to the torch one here). They must write exactly gguf-py's
bytes, so each follows its arithmetic step by step in fp32
(tests/core/export/test_fast_quant.py compares them on random, zero, tie and extreme
blocks, and the export's ``file`` check re-encodes a sample of every tensor with gguf-py
itself):

* Q8_0, per block of 32 values: ``d = max|x| / 127``, ``inv = 1 / d`` (0 when d is 0),
  ``q = round(x · inv)`` rounding halves away from zero, stored as ``d`` in f16 then the
  32 ``q`` as int8. The rounding is ``sign(x) · trunc(|x| · inv + 0.49999997)``: for
  |v| < 2**23 it equals gguf-py's ``sign(v) · (floor(|v|) + floor(2(|v| - floor(|v|))))``
  (adding 0.5 itself would round 0.49999997 up to 1), the int8 conversion doing the
  truncation. The product and the sum are separate roundings, as in numpy (no fused
  multiply-add).
  A block whose values are all below about 4e-37 but not all zero makes ``1 / d``
  overflow in gguf-py too; real weights never have such blocks.
* F16 / BF16 / F32: a plain IEEE round-to-nearest-even cast, as numpy's and gguf-py's.

Anything else goes to ``gguf_types.encode`` (gguf-py, or our K-quant encoder).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gguf import GGMLQuantizationType

from dpo_desktop.core.export import gguf_types, kquants, q8_kernel
from dpo_desktop.core.export.safetensors_stream import tensor_bits

FAST_TYPES = frozenset({GGMLQuantizationType.F32, GGMLQuantizationType.F16,
                        GGMLQuantizationType.BF16, GGMLQuantizationType.Q8_0})
_BELOW_HALF = 0.49999997  # the float32 just below 0.5


def _q8_0(block: Any) -> Any:
    """Q8_0 blocks of ``block`` (any float dtype, values a multiple of 32) as uint8 (n, 34).
    ``block`` itself is never written to (the shard writer holds a view of it)."""
    import torch

    rows = block.reshape(-1, 32)
    magnitude = rows.to(torch.float32).abs()  # always a new tensor
    d = magnitude.amax(1, keepdim=True).div_(127)
    inv = (1 / d).masked_fill_(d == 0, 0.0)
    # |x · inv| is |x| · inv exactly (rounding is symmetric), so the magnitude is rounded
    # (the int8 conversion truncates; it is at most 127) and the sign put on last, as
    # integers read off the input's own sign bit: with m = -1 where x is negative and 0
    # elsewhere, (r ^ m) - m is -r or r. That is cheaper than a float sign and multiply;
    # the scales and values are joined by one concatenation, not two strided copies.
    rounded = magnitude.mul_(inv).add_(_BELOW_HALF).to(torch.int8)
    bits = rows.view({2: torch.int16, 4: torch.int32, 8: torch.int64}[rows.element_size()])
    negative = bits.bitwise_right_shift(8 * rows.element_size() - 1).to(torch.int8)
    signed = rounded.bitwise_xor_(negative).sub_(negative)
    return torch.cat((d.to(torch.float16).view(torch.uint8), signed.view(torch.uint8)), 1)


def encode_tensor(block: Any, qtype: GGMLQuantizationType) -> np.ndarray:
    """The bytes ``qtype`` stores for the rows ``block`` (a torch tensor, any float dtype),
    flat uint8, exactly as gguf-py (or our K-quant encoder) writes them."""
    import torch

    if qtype not in FAST_TYPES:
        data = block.to(torch.float32).numpy()
        if qtype in kquants.K_TYPES:  # the export's workers already fill the cores
            encoded = kquants.quantize(data, qtype, threads=1)
        else:
            encoded = gguf_types.encode(data, qtype)
        return np.ascontiguousarray(encoded).reshape(-1).view(np.uint8)
    if qtype == GGMLQuantizationType.Q8_0:
        compiled = q8_kernel.encode(block)
        if compiled is not None:
            return compiled
        result: np.ndarray = _q8_0(block.contiguous()).reshape(-1).numpy()
        return result
    dtype = {GGMLQuantizationType.F32: torch.float32, GGMLQuantizationType.F16:
             torch.float16, GGMLQuantizationType.BF16: torch.bfloat16}[qtype]
    cast = block if block.dtype == dtype else block.to(dtype)
    stored: np.ndarray = tensor_bits(cast).view(np.uint8)
    return stored

"""The compiled loops of ``q8_kernel`` (see there for what they compute and why).

This module imports numba (the loops compile on first call); only ``q8_kernel`` imports it,
lazily, so a machine without numba never gets here. The loops are module-level functions so
that numba's on-disk cache finds them again in the next process (functions made inside a
function are compiled anew in every process).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

jit = njit(nogil=True, cache=True, error_model="numpy", boundscheck=False)


@jit
def half_bits(value: Any) -> Any:  # pragma: no cover
    """fp32 -> f16 bits, rounding to nearest even, as numpy's ``astype(float16)``
    (numba has no f16): subnormals, overflow to inf, NaN kept a NaN."""
    bits = np.float32(value).view(np.uint32)
    sign = np.uint16((bits >> np.uint32(16)) & np.uint32(0x8000))
    magnitude = bits & np.uint32(0x7FFFFFFF)
    if magnitude >= np.uint32(0x47800000):  # inf, NaN, or beyond f16's range
        if magnitude > np.uint32(0x7F800000):
            payload = np.uint16(0x7C00 + ((magnitude & np.uint32(0x7FFFFF)) >> 13))
            if payload == np.uint16(0x7C00):  # a NaN whose payload was cut off
                payload = np.uint16(0x7C01)
            return np.uint16(sign | payload)
        return np.uint16(sign | np.uint16(0x7C00))
    if magnitude < np.uint32(0x38800000):  # an f16 subnormal (or zero): units of 2**-24
        units = np.rint(abs(value) * np.float32(16777216.0))  # exact, then ties to even
        return np.uint16(sign | np.uint16(units))
    mantissa = magnitude & np.uint32(0x7FFFFF)
    result = ((magnitude >> np.uint32(23)) - np.uint32(112)) << np.uint32(10)
    result |= mantissa >> np.uint32(13)
    rest = mantissa & np.uint32(0x1FFF)
    if rest > np.uint32(0x1000) or (rest == np.uint32(0x1000) and result & np.uint32(1)):
        result += np.uint32(1)  # a carry into the exponent is right, up to inf
    return np.uint16(sign | np.uint16(result))

@jit
def store_scale(out: Any, at: int, d: Any) -> None:  # pragma: no cover
    bits = half_bits(d)
    out[at] = np.uint8(bits & np.uint16(0xFF))
    out[at + 1] = np.uint8(bits >> np.uint16(8))

@jit
def pair_max(source: Any, target: Any, count: int, mask: Any) -> None:  # pragma: no cover
    """``target[j]`` = the larger of ``source[2j] & mask`` and ``source[2j + 1] & mask``."""
    for j in range(count):
        target[j] = max(source[2 * j] & mask, source[2 * j + 1] & mask)


@jit
def block_maxima(values: Any, mask: Any, work: Any) -> Any:  # pragma: no cover
    """The largest ``bits & mask`` of every 32 values, as a view into ``work`` (at least
    3/4 as long as ``values``). Five passes of pairwise maxima between neighbours: each is
    a plain loop that LLVM vectorises (numba leaves its SLP vectoriser off, so a maximum
    over one block's 32 values would run as 32 dependent scalar steps, about half of
    the encoding's time)."""
    half = values.shape[0] // 2
    pair_max(values, work, half, mask)  # the mask again below is a no-op, not a branch
    source, spare = work[:half], work[half:]
    count = half // 2
    for _ in range(4):  # 16, 8, 4, 2 values per block -> 1; the halves never overlap
        target = spare[:count]
        pair_max(source, target, count, mask)
        spare, source = source, target
        count //= 2
    return source


@jit
def from_fp32(values: Any, out: Any, work: Any) -> None:  # pragma: no cover
    """values: fp32 (n,) viewed as uint32; out: uint8 (n / 32 * 34,); work: uint32
    scratch, at least 3n/4 (see block_maxima)."""
    half, k127, one, zero = (np.float32(0.49999997), np.float32(127.0),
                             np.float32(1.0), np.float32(0.0))
    largest = block_maxima(values, np.uint32(0x7FFFFFFF), work)
    for block in range(values.shape[0] // 32):
        first = block * 32
        d = np.uint32(largest[block]).view(np.float32) / k127
        inv = one / d if d != zero else zero
        at = block * 34
        store_scale(out, at, d)
        for i in range(32):
            bits = values[first + i]
            magnitude = np.uint32(bits & np.uint32(0x7FFFFFFF)).view(np.float32)
            rounded = np.int32(magnitude * inv + half)
            negative = np.int32(bits >> np.uint32(31))  # 1 or 0
            out[at + 2 + i] = np.uint8(((rounded ^ -negative) + negative) & 0xFF)


@jit
def from_bf16(values: Any, out: Any, work: Any) -> None:  # pragma: no cover
    """values: bf16 (n,) viewed as uint16 (a bf16 is the top half of an fp32, so
    widening is a shift); out: uint8 (n / 32 * 34,); work: uint16 scratch, at least
    3n/4 (see block_maxima)."""
    half, k127, one, zero = (np.float32(0.49999997), np.float32(127.0),
                             np.float32(1.0), np.float32(0.0))
    largest = block_maxima(values, np.uint16(0x7FFF), work)
    for block in range(values.shape[0] // 32):
        first = block * 32
        d = np.uint32(np.uint32(largest[block]) << np.uint32(16)).view(np.float32) / k127
        inv = one / d if d != zero else zero
        at = block * 34
        store_scale(out, at, d)
        for i in range(32):
            bits = values[first + i]
            wide = np.uint32(np.uint32(bits & np.uint16(0x7FFF)) << np.uint32(16))
            rounded = np.int32(wide.view(np.float32) * inv + half)
            negative = np.int32(bits >> np.uint16(15))  # 1 or 0
            out[at + 2 + i] = np.uint8(((rounded ^ -negative) + negative) & 0xFF)

"""Q8_0 encoding as one compiled loop per block (numba), for the export's hot path.

The torch encoder in ``fast_quant`` runs about ten tensor operations per chunk, each a
pass over memory plus a dispatch that holds the GIL; on a 1.1B model that is well over a
second of the export's time on two cores. This loop reads each value twice (once for the
block's maximum, once to round it) and writes its byte straight into the block's place in
the file layout, with the GIL released, so the workers really run side by side.

It follows gguf-py's arithmetic exactly, as the torch encoder does (see ``fast_quant`` for
the derivation): ``d = max|x| / 127`` in fp32, ``inv = 1 / d`` (0 when d is 0), and
``trunc(|x| · inv + 0.49999997)`` with the sign put back, each product and sum rounded
separately (numba emits no fused multiply-add without fast-math, which this does not ask
for). The block maximum is taken over the values' bit patterns with the sign bit cleared:
for floats that are not NaN these order exactly as the magnitudes do, and an integer
maximum vectorises where a float one would not. bf16 input is widened inside the loop (a
bf16 is the top half of an fp32); f16 is widened by torch first. numba has no f16 type, so
the scale is rounded to f16 by hand, to nearest even as numpy (and so gguf-py) rounds,
subnormals and overflow included.

numba is a dependency, but a platform without it (or where it fails to compile) still
exports, through the torch encoder; :func:`available` says which one runs. The compiled
loops are cached on disk by numba, so only the first export after an install compiles
them (a few seconds); later processes load them (about a second, in the background:
:func:`warm_up`).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

_lock = threading.Lock()
_kernels: Any = None
_failed = False
_local = threading.local()


def _compile() -> Any:
    from numba import njit

    jit = njit(nogil=True, cache=True, error_model="numpy", boundscheck=False)

    # Compiled code from here to the end of _compile: coverage cannot see inside.
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
    def from_fp32(values: Any, out: Any) -> None:  # pragma: no cover
        """values: fp32 (n,) viewed as uint32; out: uint8 (n / 32 * 34,)."""
        half, k127, one, zero = (np.float32(0.49999997), np.float32(127.0),
                                 np.float32(1.0), np.float32(0.0))
        for block in range(values.shape[0] // 32):
            first = block * 32
            largest = np.uint32(0)
            for i in range(32):
                largest = max(largest, values[first + i] & np.uint32(0x7FFFFFFF))
            d = np.uint32(largest).view(np.float32) / k127
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
    def from_bf16(values: Any, out: Any) -> None:  # pragma: no cover
        """values: bf16 (n,) viewed as uint16 (a bf16 is the top half of an fp32, so
        widening is a shift); out: uint8 (n / 32 * 34,)."""
        half, k127, one, zero = (np.float32(0.49999997), np.float32(127.0),
                                 np.float32(1.0), np.float32(0.0))
        for block in range(values.shape[0] // 32):
            first = block * 32
            largest = np.uint16(0)
            for i in range(32):
                largest = max(largest, values[first + i] & np.uint16(0x7FFF))
            d = np.uint32(np.uint32(largest) << np.uint32(16)).view(np.float32) / k127
            inv = one / d if d != zero else zero
            at = block * 34
            store_scale(out, at, d)
            for i in range(32):
                bits = values[first + i]
                wide = np.uint32(np.uint32(bits & np.uint16(0x7FFF)) << np.uint32(16))
                rounded = np.int32(wide.view(np.float32) * inv + half)
                negative = np.int32(bits >> np.uint16(15))  # 1 or 0
                out[at + 2 + i] = np.uint8(((rounded ^ -negative) + negative) & 0xFF)

    return from_fp32, from_bf16


def _get() -> Any:
    """The compiled loops, compiled (or loaded from numba's cache) on first use; None
    when numba is missing or cannot compile here."""
    global _kernels, _failed
    if _kernels is None and not _failed:
        with _lock:
            if _kernels is None and not _failed:
                try:
                    kernels = _compile()
                    for kernel, dtype in zip(kernels, (np.uint32, np.uint16)):
                        kernel(np.zeros(32, dtype), np.empty(34, np.uint8))  # compile now
                    _kernels = kernels
                except Exception:  # any failure means: use the torch encoder
                    _failed = True
    return _kernels


def warm_up() -> None:
    """Start loading the compiled loops in the background (about a second in a new
    process even from numba's cache: mostly LLVM linking, which runs without the GIL), so
    that the export's pass finds them ready; :func:`encode` waits for it if it must."""
    if _kernels is None and not _failed:
        threading.Thread(target=_get, name="q8-kernel-warm-up", daemon=True).start()


def available() -> bool:
    """Whether the compiled encoder runs on this machine (compiling it on first call)."""
    return _get() is not None


def _scratch(count: int) -> np.ndarray:
    """A reusable fp32 buffer of this thread (a fresh one per chunk would be page faults)."""
    buffer: np.ndarray | None = getattr(_local, "buffer", None)
    if buffer is None or buffer.size < count:
        buffer = np.empty(count, np.float32)
        _local.buffer = buffer
    return buffer[:count]


def encode(block: Any) -> np.ndarray | None:
    """Q8_0 bytes of ``block`` (a torch tensor, any float dtype, values a multiple of 32)
    as flat uint8, or None when the compiled encoder is not available."""
    import torch

    kernels = _get()
    if kernels is None:
        return None
    from_fp32, from_bf16 = kernels
    flat = block.reshape(-1)
    if not flat.is_contiguous():
        flat = flat.contiguous()
    out = np.empty(flat.numel() // 32 * 34, np.uint8)
    if flat.dtype == torch.bfloat16:
        from_bf16(flat.view(torch.int16).numpy().view(np.uint16), out)
    elif flat.dtype == torch.float32:
        from_fp32(flat.numpy().view(np.uint32), out)
    else:  # f16 and the rest: widened to fp32 (exact) in this thread's buffer
        values = _scratch(flat.numel())
        torch.from_numpy(values).copy_(flat)
        from_fp32(values.view(np.uint32), out)
    return out

"""Q8_0 encoding as compiled loops (numba), for the export's hot path.

The torch encoder in ``fast_quant`` runs about ten tensor operations per chunk, each a
pass over memory plus a dispatch that holds the GIL; on a 1.1B model that is well over a
second of the export's time on two cores. These loops read each value twice (once for
the blocks' maxima, in vectorised passes over the whole chunk, once to round it) and
write its byte straight into the block's place in the file layout, with the GIL
released, so the workers really run side by side: about 0.3 ns a value (0.65 ns when
each block's maximum was a loop of its own; see ``q8_loops.block_maxima``).

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
them (one to two seconds); later processes load them (about half a second, in the
background: :func:`warm_up`).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from dpo_desktop.core.export.safetensors_stream import tensor_bits

_lock = threading.Lock()
_kernels: Any = None
_failed = False
_local = threading.local()


def _compile() -> Any:
    from dpo_desktop.core.export import q8_loops

    return q8_loops.from_fp32, q8_loops.from_bf16


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
                        kernel(np.zeros(32, dtype), np.empty(34, np.uint8),  # compile now
                               np.empty(24, dtype))
                    _kernels = kernels
                except Exception:  # any failure means: use the torch encoder
                    _failed = True
    return _kernels


def warm_up() -> None:
    """Start loading the compiled loops in the background (about half a second in a new
    process even from numba's cache: importing numba, then LLVM linking), so that the
    export's pass finds them ready. Chunks the pass encodes before then go through the
    torch encoder (the same bytes) rather than wait: on two cores the load, mostly Python
    under the GIL, would otherwise hold up the whole pass for a few tenths of a second."""
    if _kernels is None and not _failed:
        threading.Thread(target=_get, name="q8-kernel-warm-up", daemon=True).start()


def available() -> bool:
    """Whether the compiled encoder runs on this machine (compiling it on first call)."""
    return _get() is not None


def _scratch(slot: str, count: int, dtype: Any) -> np.ndarray:
    """A reusable buffer of this thread (a fresh one per chunk would be page faults):
    ``values`` for f16 widened to fp32, ``work`` for the loops' block maxima."""
    nbytes = count * np.dtype(dtype).itemsize
    buffer: np.ndarray | None = getattr(_local, slot, None)
    if buffer is None or buffer.size < nbytes:
        buffer = np.empty(nbytes, np.uint8)
        setattr(_local, slot, buffer)
    return buffer[:nbytes].view(dtype)


def encode(block: Any) -> np.ndarray | None:
    """Q8_0 bytes of ``block`` (a torch tensor, any float dtype, values a multiple of 32)
    as flat uint8, or None when the compiled encoder is not available (or still loading
    in the background)."""
    import torch

    kernels = _kernels
    if kernels is None:
        if _lock.locked():  # still loading (warm_up): this chunk goes through torch
            return None
        kernels = _get()
        if kernels is None:
            return None
    from_fp32, from_bf16 = kernels
    count = block.numel()
    out = np.empty(count // 32 * 34, np.uint8)
    if block.dtype in (torch.bfloat16, torch.float32):  # their bits, with one torch call
        bits = tensor_bits(block)
        kernel = from_bf16 if block.dtype == torch.bfloat16 else from_fp32
        kernel(bits, out, _scratch("work", count * 3 // 4, bits.dtype))
    else:  # f16 and the rest: widened to fp32 (exact) in this thread's buffer
        values = _scratch("values", count, np.float32)
        torch.from_numpy(values).view(block.shape).copy_(block)
        from_fp32(values.view(np.uint32), out, _scratch("work", count * 3 // 4, np.uint32))
    return out

"""gguf-py's writer with its metadata arrays packed in one go (the same bytes).

gguf-py packs a metadata array one value at a time, each through a generic dispatch and
a type check of every item: for a 49k-token vocabulary (tokens, types, scores and 49k
merges) that is about 150,000 packs and a quarter of a second before the first tensor
byte can be written, on the export's critical path. :class:`KVWriter` packs the arrays
the vocabulary uses (strings and simple numbers) as whole buffers instead. Anything else,
and any array gguf-py would refuse or pack differently (mixed item types, a number out
of its type's range, NaN), goes to gguf-py's own code unchanged, so the file and the
errors stay exactly gguf-py's.
"""

from __future__ import annotations

import math
import struct
from typing import Any

import numpy as np
from gguf import GGUFEndian, GGUFValueType, GGUFWriter

# numpy's little-endian dtype for each simple GGUF type (gguf-py's struct formats).
_NUMPY = {
    GGUFValueType.UINT8: "<u1", GGUFValueType.INT8: "<i1", GGUFValueType.UINT16: "<u2",
    GGUFValueType.INT16: "<i2", GGUFValueType.UINT32: "<u4", GGUFValueType.INT32: "<i4",
    GGUFValueType.FLOAT32: "<f4", GGUFValueType.UINT64: "<u8", GGUFValueType.INT64: "<i8",
    GGUFValueType.FLOAT64: "<f8", GGUFValueType.BOOL: "?",
}
_FLOATS = (GGUFValueType.FLOAT32, GGUFValueType.FLOAT64)
_LENGTH = struct.Struct("<Q").pack


def item_type(values: list[Any] | tuple[Any, ...]) -> GGUFValueType | None:
    """The one GGUF type of every item, as gguf-py decides it per item; None when the
    items differ (or one has no GGUF type). gguf-py's rule depends on an item's class
    only, so one item of each class is enough."""
    samples = dict(zip(map(type, values), values)).values()
    try:
        types = {GGUFValueType.get_type(sample) for sample in samples}
    except ValueError:
        return None
    return types.pop() if len(types) == 1 else None


def pack_array(values: list[Any] | tuple[Any, ...], ltype: GGUFValueType) -> bytes | None:
    """The items of a GGUF array as gguf-py writes them (little-endian), or None where
    this cannot promise gguf-py's bytes."""
    if ltype == GGUFValueType.STRING:
        parts: list[bytes] = []
        append = parts.append
        for value in values:
            if not isinstance(value, (str, bytes, bytearray)):
                return None
            data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
            append(_LENGTH(len(data)))
            append(data)
        return b"".join(parts)
    dtype = _NUMPY.get(ltype)
    kinds = (int, float) if ltype in _FLOATS else int  # what struct and numpy treat alike
    if dtype is None or not all(isinstance(value, kinds) for value in values):
        return None
    try:
        if ltype in _FLOATS and not all(map(math.isfinite, values)):
            return None  # NaN payloads and infinities: let struct decide
        with np.errstate(over="raise"):
            array = np.array(values, dtype=dtype)
    except (OverflowError, FloatingPointError, ValueError, TypeError):
        return None  # out of range: gguf-py raises its own error
    if ltype in _FLOATS and not np.isfinite(array).all():
        return None
    return array.tobytes()


class KVWriter(GGUFWriter):
    """gguf-py's :class:`GGUFWriter`, arrays packed whole (see the module docstring)."""

    def _pack_val(self, val: Any, vtype: GGUFValueType, add_vtype: bool,
                  sub_type: GGUFValueType | None = None) -> bytes:
        if vtype == GGUFValueType.ARRAY and isinstance(val, (list, tuple)) and val \
                and self.endianess == GGUFEndian.LITTLE:
            ltype = sub_type if sub_type is not None else item_type(val)
            body = pack_array(val, ltype) if ltype is not None else None
            if body is not None:
                head = struct.pack("<I", vtype) if add_vtype else b""
                return head + struct.pack("<IQ", ltype, len(val)) + body
        packed: bytes = super()._pack_val(val, vtype, add_vtype, sub_type)
        return packed

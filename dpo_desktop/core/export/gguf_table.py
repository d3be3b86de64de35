"""A GGUF file's tensor table, read fast: the check needs only names, types, shapes and
offsets, and gguf-py's ``GGUFReader`` also decodes every metadata value (a 49,152-token
vocabulary and its merges take it seconds). Metadata values are skipped here, not
decoded. tests/core/export/test_gguf_table.py compares the result with GGUFReader's."""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from gguf import GGMLQuantizationType

# Bytes of each fixed-size metadata value type (8 is a string, 9 an array).
_WIDTH = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9
DEFAULT_ALIGNMENT = 32
_LENGTH = struct.Struct("<Q").unpack_from

Table = dict[str, tuple[GGMLQuantizationType, tuple[int, ...], int, int]]


def _skip_value(blob: mmap.mmap, pos: int, kind: int) -> int:
    if kind in _WIDTH:
        return pos + _WIDTH[kind]
    if kind == _STRING:
        (length,) = struct.unpack_from("<Q", blob, pos)
        return pos + 8 + int(length)
    if kind == _ARRAY:
        item, count = struct.unpack_from("<IQ", blob, pos)
        pos += 12
        if item in _WIDTH:
            return pos + int(count) * _WIDTH[item]
        if item == _STRING:  # a vocabulary: 100,000 strings or more, skipped in one loop
            for _ in range(count):
                pos += 8 + _LENGTH(blob, pos)[0]
            return pos
        for _ in range(count):
            pos = _skip_value(blob, pos, item)
        return pos
    raise ValueError(f"unknown GGUF metadata type {kind}")


def _string(blob: mmap.mmap, pos: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("<Q", blob, pos)
    return blob[pos + 8:pos + 8 + length].decode("utf-8"), pos + 8 + length


def read_table(path: Path) -> Table:
    """name → (type, numpy-order shape, absolute offset of the data, bytes)."""
    from dpo_desktop.core.export.gguf_types import stored_nbytes

    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0,
                                               access=mmap.ACCESS_READ) as blob:
        if blob[:4] != b"GGUF":
            raise ValueError(f"{path.name} is not a GGUF file")
        _, tensors, values = struct.unpack_from("<IQQ", blob, 4)
        pos = 24
        alignment = DEFAULT_ALIGNMENT
        for _ in range(values):
            key, pos = _string(blob, pos)
            (kind,) = struct.unpack_from("<I", blob, pos)
            if key == "general.alignment" and kind == 4:
                (alignment,) = struct.unpack_from("<I", blob, pos + 4)
            pos = _skip_value(blob, pos + 4, kind)
        entries = []
        for _ in range(tensors):
            name, pos = _string(blob, pos)
            (dims,) = struct.unpack_from("<I", blob, pos)
            shape = struct.unpack_from(f"<{dims}Q", blob, pos + 4)
            qtype, offset = struct.unpack_from("<IQ", blob, pos + 4 + 8 * dims)
            pos += 4 + 8 * dims + 12
            entries.append((name, tuple(int(d) for d in reversed(shape)),
                            GGMLQuantizationType(qtype), int(offset)))
    start = -(-pos // alignment) * alignment
    return {name: (qtype, shape, start + offset, stored_nbytes(shape, qtype))
            for name, shape, qtype, offset in entries}

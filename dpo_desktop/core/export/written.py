"""What the export pass wrote, chunk by chunk, so the check can read it back cheaply.

Each writer records, for every chunk it appends, where it went (the tensor, as named in
that file, and the byte range within the tensor's data) and a 64-bit xxHash (XXH3) of the
bytes it meant to write. The ``file`` check then reads every range back from the files on
disk, at the offsets the files' own headers give, and compares digests: the stored bytes
are proved to be exactly the bytes computed from the merged tensors, without holding
them or encoding anything again. XXH3 runs at many GB/s and catches any corruption with
odds of 2**-64 against; it is not meant to resist tampering.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


def digest(data: Any) -> int:
    """XXH3-64 of a bytes-like object (a contiguous numpy array)."""
    import xxhash

    return int(xxhash.xxh3_64_intdigest(memoryview(data).cast("B")))


@dataclass(frozen=True)
class Chunk:
    tensor: str  # the tensor's name in its file
    path: Path
    offset: int  # from the start of the tensor's data
    length: int
    digest: int


@dataclass
class WrittenFiles:
    """The chunks of the merged shards and of the GGUF, in the order they were written."""

    shards: list[Chunk]
    gguf: list[Chunk]

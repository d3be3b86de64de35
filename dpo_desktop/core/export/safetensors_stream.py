"""Reading and writing safetensors one tensor (or one block of rows) at a time.

The export never holds a whole model: it reads the base's tensors lazily and writes the
merged shards as a stream. The reader opens the file with ``safetensors.safe_open`` for
each read and closes it again, because the library memory-maps the file and the pages it
touched count as this process's memory until the map is closed. The writer needs every
tensor's name, dtype and shape up front: it writes a shard's header first and then appends
the tensors' bytes in the order of the header, so no shard is ever assembled in memory.
"""

from __future__ import annotations

import json
import os
import struct
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.export.written import Chunk, digest
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

# safetensors' dtype codes <-> torch dtype names, and bytes per value.
_DTYPES: dict[str, tuple[str, int]] = {
    "BF16": ("bfloat16", 2), "F16": ("float16", 2), "F32": ("float32", 4),
    "F64": ("float64", 8), "I64": ("int64", 8), "I32": ("int32", 4), "I16": ("int16", 2),
    "I8": ("int8", 1), "U8": ("uint8", 1), "BOOL": ("bool", 1),
}
_CODE_OF = {name: code for code, (name, _) in _DTYPES.items()}
INDEX_NAME = "model.safetensors.index.json"
SINGLE_NAME = "model.safetensors"
MAX_SHARD_BYTES = 2 * 10**9  # what save_pretrained(max_shard_size="2GB") used


def dtype_size(dtype: str) -> int:
    """Bytes per value of a torch dtype name ("bfloat16", ...)."""
    return _DTYPES[_CODE_OF[dtype]][1]


@dataclass(frozen=True)
class TensorInfo:
    name: str
    file: Path
    dtype: str  # torch dtype name
    shape: tuple[int, ...]
    offset: int = -1  # where the tensor's bytes start in the file (-1: not known)

    @property
    def numel(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count

    @property
    def nbytes(self) -> int:
        return self.numel * dtype_size(self.dtype)


_BITS = {1: "uint8", 2: "uint16", 4: "uint32", 8: "uint64"}
# The dtypes that numpy and torch share (bfloat16 is read as int16 and viewed).
_NUMPY = {name: name for name in ("float16", "float32", "float64", "int64", "int32", "int16",
                                  "int8", "uint8", "bool")}


def tensor_bits(block: Any) -> Any:
    """A flat numpy view of a torch tensor's values as unsigned integers of their width
    (a copy only when ``block`` is not contiguous).

    The export's workers turn every chunk into bytes this way with at most one torch call
    (a bf16 tensor has no numpy dtype, so it is viewed as int16 first): each torch call
    hands the GIL over, and with the export's threads waiting on each other every
    hand-over is a sleep and a wake-up; numpy's views are taken with the GIL held."""
    import torch

    if not block.is_contiguous():
        block = block.contiguous()
    values = block.view(torch.int16).numpy() if block.dtype == torch.bfloat16 else \
        block.numpy()
    return values.reshape(-1).view(_BITS[values.itemsize])


def _read_header(path: Path) -> tuple[dict[str, Any], int]:
    """The file's JSON header and where its data starts."""
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        if size > 100 * 2**20:
            raise ValueError(f"{path.name}: header of {size} bytes is not plausible")
        header: dict[str, Any] = json.loads(handle.read(size))
    return header, 8 + size


def read_exactly(path: Path, offset: int, out: Any) -> None:
    """Fill the writable buffer ``out`` with the file's bytes from ``offset``, with plain
    reads (no memory map, whose pages would count as this process's memory)."""
    view = memoryview(out).cast("B")
    with open(path, "rb", buffering=0) as handle:
        handle.seek(offset)
        done = 0
        while done < len(view):
            count = handle.readinto(view[done:])
            if not count:
                raise ValueError(f"{path.name} ends early")
            done += count


class PositionalReads:
    """Reads at an offset from files kept open, safe from several threads at once.

    Where the platform has ``os.preadv`` (Linux, macOS) one descriptor per file serves
    every thread, and a read is one system call that releases the GIL once; opening,
    seeking, reading and closing the file for every chunk released and took it back four
    times, and with the export's threads waiting on each other every hand-over is a
    sleep and a wake-up (about 25,000 of them in the 1.1B model's pass). Elsewhere
    (Windows) each read opens the file as :func:`read_exactly` does. :meth:`close` closes
    what is open; a later read opens the file again."""

    def __init__(self) -> None:
        self._fds: dict[Path, int] = {}
        self._lock = threading.Lock()

    def read_into(self, path: Path, offset: int, out: Any) -> None:
        """Fill the writable buffer ``out`` with ``path``'s bytes from ``offset``."""
        if not hasattr(os, "preadv"):
            read_exactly(path, offset, out)
            return
        fd = self._fds.get(path)
        if fd is None:
            with self._lock:
                fd = self._fds.get(path)
                if fd is None:
                    fd = self._fds[path] = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        view = memoryview(out).cast("B")
        done = 0
        while done < len(view):
            count = os.preadv(fd, [view[done:]], offset + done)
            if not count:
                raise ValueError(f"{path.name} ends early")
            done += count

    def close(self) -> None:
        with self._lock:
            fds, self._fds = self._fds, {}
        for fd in fds.values():
            os.close(fd)


def model_files(model_dir: Path) -> list[Path]:
    """The safetensors files of a model folder, sharded (with an index) or single."""
    index = model_dir / INDEX_NAME
    if index.is_file():
        names = json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()
        return [model_dir / name for name in sorted(set(names))]
    single = model_dir / SINGLE_NAME
    if single.is_file():
        return [single]
    found = sorted(model_dir.glob("*.safetensors"))
    if found:
        return found
    raise UserError.of(
        "export_no_safetensors",
        QT_TRANSLATE_NOOP("messages", "{folder} holds no safetensors weights."),
        QT_TRANSLATE_NOOP("messages", "The export reads the model's .safetensors files; convert "
                                      "the model to safetensors first."), folder=str(model_dir))


class SafetensorsFolder:
    """The tensors of a model folder, by name, read lazily (see the module docstring)."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self.tensors: dict[str, TensorInfo] = {}
        self._reads = PositionalReads()
        for path in model_files(model_dir):
            header, data_start = _read_header(path)
            for name, entry in header.items():
                if name == "__metadata__":
                    continue
                dtype = _DTYPES.get(str(entry["dtype"]), (str(entry["dtype"]), 1))[0]
                info = TensorInfo(name, path, dtype, tuple(int(d) for d in entry["shape"]))
                first, last = (int(x) for x in entry.get("data_offsets", (0, -1)))
                if str(entry["dtype"]) in _DTYPES and last - first == info.nbytes:
                    info = TensorInfo(name, path, dtype, info.shape, data_start + first)
                self.tensors[name] = info

    def __contains__(self, name: object) -> bool:
        return name in self.tensors

    def close(self) -> None:
        """Close the files :meth:`read` keeps open (it opens them again when needed)."""
        self._reads.close()

    def stored_dtype(self) -> str:
        """The floating dtype most of the weights are stored in (by bytes)."""
        totals: dict[str, int] = {}
        for info in self.tensors.values():
            if info.dtype in ("bfloat16", "float16", "float32"):
                totals[info.dtype] = totals.get(info.dtype, 0) + info.nbytes
        return max(totals, key=lambda k: totals[k]) if totals else "float32"

    def read(self, name: str, start: int | None = None, stop: int | None = None) -> Any:
        """The tensor ``name`` (rows ``start:stop`` of it when given) as a torch tensor."""
        import torch
        from safetensors import safe_open

        info = self.tensors[name]
        if info.offset >= 0:  # a dtype we know and a consistent header: plain reads
            rows = info.shape[0] if info.shape else 1
            first = 0 if start is None else start
            last = rows if stop is None else min(stop, rows)
            row_bytes = info.nbytes // max(rows, 1)
            out = np.empty((last - first) * row_bytes, dtype=np.uint8)
            self._reads.read_into(info.file, info.offset + first * row_bytes, out)
            shape = info.shape if start is None and stop is None else \
                (last - first, *info.shape[1:])
            # numpy's views (the GIL held), and a torch call only for bf16 (see tensor_bits)
            values = torch.from_numpy(out.view(_NUMPY.get(info.dtype, "int16")).reshape(shape))
            return values if info.dtype in _NUMPY else values.view(torch.bfloat16)
        with safe_open(str(info.file), framework="pt") as handle:
            if start is None and stop is None:
                return handle.get_tensor(name)
            return handle.get_slice(name)[start:stop].clone()


@dataclass(frozen=True)
class _Encoded:
    dtype: str
    raw: Any  # flat uint8 numpy array
    digest: int


@dataclass(frozen=True)
class OutTensor:
    """One tensor of the merged model as it will be written."""

    name: str
    dtype: str
    shape: tuple[int, ...]

    @property
    def nbytes(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count * dtype_size(self.dtype)


def plan_shards(tensors: Sequence[OutTensor],
                max_bytes: int = MAX_SHARD_BYTES) -> list[list[OutTensor]]:
    """Split the tensors, in order, into shards of at most ``max_bytes`` (a bigger tensor
    gets a shard of its own), as transformers' save_pretrained does."""
    shards: list[list[OutTensor]] = [[]]
    size = 0
    for tensor in tensors:
        if shards[-1] and size + tensor.nbytes > max_bytes:
            shards.append([])
            size = 0
        shards[-1].append(tensor)
        size += tensor.nbytes
    return shards


def shard_names(count: int) -> list[str]:
    if count == 1:
        return [SINGLE_NAME]
    return [f"model-{i:05d}-of-{count:05d}.safetensors" for i in range(1, count + 1)]


def _header_bytes(tensors: Iterable[OutTensor]) -> bytes:
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for tensor in tensors:
        header[tensor.name] = {"dtype": _CODE_OF[tensor.dtype], "shape": list(tensor.shape),
                               "data_offsets": [offset, offset + tensor.nbytes]}
        offset += tensor.nbytes
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # the data starts 8-byte aligned
    return struct.pack("<Q", len(raw)) + raw


def planned_bytes(tensors: Sequence[OutTensor], max_bytes: int = MAX_SHARD_BYTES) -> int:
    """The exact size on disk of the shards (and index) the writer will produce."""
    shards = plan_shards(tensors, max_bytes)
    total = sum(len(_header_bytes(shard)) + sum(t.nbytes for t in shard) for shard in shards)
    index = sum(len(t.name) + 48 for t in tensors) + 256  # the index file, generously
    return total + (index if len(shards) > 1 else 0)


class ShardWriter:
    """Writes a planned list of tensors as safetensors shards, bytes appended in order.

    Call :meth:`write` with each tensor's data (a torch tensor of the planned dtype), in the
    planned order, possibly in several row blocks; :meth:`close` checks that everything
    arrived and writes the index for a sharded model. As a sink of the export pass
    (``blockpass``), :meth:`encode` runs in a worker and :meth:`write` takes its result;
    with ``record=True`` every chunk's digest is kept in :attr:`chunks` for the check.
    """

    def __init__(self, out_dir: Path, tensors: Sequence[OutTensor],
                 max_bytes: int = MAX_SHARD_BYTES, *, record: bool = False) -> None:
        self.out_dir = out_dir
        self.shards = plan_shards(tensors, max_bytes)
        self.names = shard_names(len(self.shards))
        self._queue: Iterator[tuple[int, OutTensor]] = iter(
            [(i, t) for i, shard in enumerate(self.shards) for t in shard])
        self._shard = -1
        self._handle: IO[bytes] | None = None
        self._path = out_dir  # the open shard (set with its handle)
        self._current: OutTensor | None = None
        self._left = 0
        self.record = record
        self.chunks: list[Chunk] = []

    def _next_tensor(self, name: str) -> None:
        index, tensor = next(self._queue, (-1, None))
        if tensor is None or tensor.name != name:
            raise RuntimeError(f"merged tensor {name} arrived out of the planned order")
        if index != self._shard:
            self._close_handle()
            self._shard = index
            self._path = self.out_dir / self.names[index]  # each chunk's record names it
            self._handle = self._path.open("wb")
            self._handle.write(_header_bytes(self.shards[index]))
        self._current = tensor
        self._left = tensor.nbytes

    def row_multiple(self, name: str) -> int:
        return 1

    def encode(self, name: str, start: int, data: Any) -> _Encoded:
        """The chunk's bytes (and their digest when recording); thread-safe."""
        raw = tensor_bits(data).view(np.uint8)
        return _Encoded(str(data.dtype).replace("torch.", ""), raw,
                        digest(raw) if self.record else 0)

    def write(self, name: str, start: int, data: Any) -> None:
        """Append ``data`` (a torch tensor: the whole tensor, or its rows from ``start``;
        or what :meth:`encode` made of it)."""
        encoded = data if isinstance(data, _Encoded) else self.encode(name, start, data)
        if self._current is None or self._left == 0:
            if start != 0:
                raise RuntimeError(f"{name}: rows from {start} arrived before row 0")
            self._next_tensor(name)
        assert self._current is not None and self._handle is not None
        if self._current.name != name or encoded.dtype != self._current.dtype:
            raise RuntimeError(f"{name}: got {encoded.dtype}, planned {self._current.dtype}")
        raw = encoded.raw
        if raw.nbytes > self._left:
            raise RuntimeError(f"{name}: more data than its planned shape")
        self._handle.write(memoryview(raw))
        if self.record:
            self.chunks.append(Chunk(name, self._path,
                                     self._current.nbytes - self._left, raw.nbytes,
                                     encoded.digest))
        self._left -= raw.nbytes

    def _close_handle(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def close(self) -> None:
        self._close_handle()
        missing = self._left or next(self._queue, None) is not None
        if missing:
            raise RuntimeError("the merged model was not written completely")
        if len(self.shards) > 1:
            weight_map = {t.name: self.names[i] for i, shard in enumerate(self.shards)
                          for t in shard}
            total = sum(t.nbytes for shard in self.shards for t in shard)
            (self.out_dir / INDEX_NAME).write_text(json.dumps(
                {"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2) + "\n",
                encoding="utf-8")

    def abort(self) -> None:
        self._close_handle()

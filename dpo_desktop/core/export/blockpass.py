"""The one pass over a model that the export makes: read, merge, encode, write, in parallel.

Each tensor of a :class:`~dpo_desktop.core.export.merge.MergePlan` is cut into chunks of
rows of about :data:`CHUNK_VALUES` values, small enough that a chunk's fp32 temporaries
stay in the CPU's cache. Worker threads (torch releases the GIL in its kernels, and so do
file reads) each take a chunk: read its base rows, add the LoRA delta, and let every sink
*encode* it (the safetensors bytes, the GGUF bytes). The calling thread takes the results
back in order and lets every sink *write* them, so the files are written front to back,
exactly as a single thread would, and progress and cancel are only ever handled there.
Torch runs one thread per worker meanwhile (restored afterwards), so the workers do not
fight over the cores.

PEFT computes a layer's delta ``B @ A`` as one matrix product, and a BLAS library may sum
the rank dimension in another order for another number of rows (MKL does for row counts
that are not a multiple of 4). So before the pass, each distinct LoRA shape is *probed*:
its first tensor's delta is computed whole (as PEFT does) and chunk by chunk (as the pass
would), and only where the two are equal bit for bit is the tensor merged chunk by chunk;
otherwise its delta is computed whole, once per tensor. The merge therefore equals PEFT's
on this machine whatever the BLAS does.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from dpo_desktop.core import gcpause
from dpo_desktop.core.errors import JobControl

if TYPE_CHECKING:
    from dpo_desktop.core.export.lora import Adapter, LoraPair
    from dpo_desktop.core.export.safetensors_stream import OutTensor, SafetensorsFolder

CHUNK_VALUES = 1 << 18  # values per chunk: 1 MB in fp32, within a core's L2 cache
MAX_WORKERS = 4
# Chunks a worker takes at a time (of one tensor, one after the other): each task is a
# future handed between threads, and every hand-over is a sleep and a wake-up while
# the threads share the GIL.
TASK_CHUNKS = 4
# Chunks in flight (read, merged, encoded, not yet written): the workers keep computing
# while a write waits on the disk. 48 chunks are about 40 MB of results at bf16 + Q8_0.
AHEAD = 48


class MergePlan(Protocol):
    """What the pass reads of a :class:`~dpo_desktop.core.export.merge.MergePlan`: a
    protocol, so this module need not import ``merge`` (which imports it)."""

    @property
    def folder(self) -> SafetensorsFolder: ...

    @property
    def adapter(self) -> Adapter | None: ...

    @property
    def tensors(self) -> Sequence[OutTensor]: ...


class RowRule(Protocol):
    """Where the chunks of a tensor may start (what :func:`plan_tasks` needs of a sink)."""

    def row_multiple(self, name: str) -> int:
        """Chunks of ``name`` must start at a multiple of this many rows (1: anywhere)."""


class BlockSink(RowRule, Protocol):
    """Something the pass feeds every merged chunk to (the shard writer, the GGUF)."""

    def encode(self, name: str, start: int, block: Any) -> Any:
        """Turn rows ``start:`` of ``name`` into what :meth:`write` takes. Runs in a worker
        thread, several at once: it must not touch shared state."""

    def write(self, name: str, start: int, encoded: Any) -> None:
        """Store an encoded chunk. Called in the caller's thread, in the plan's order."""


@dataclass(frozen=True)
class _Task:
    tensor: OutTensor
    ranges: tuple[tuple[int, int], ...]
    whole_delta: bool  # compute the LoRA delta for the whole tensor first (see the docstring)


# Chunks hold a multiple of this many rows where they can: BLAS libraries keep the order
# of a product's sums for row counts that are multiples of 4 or 8 (MKL changes it for
# others), and a chunked LoRA delta that differs from the whole one costs the pass a
# delta of the whole tensor (see the module docstring).
ROW_ALIGN = 8


def row_ranges(shape: tuple[int, ...], multiple: int = 1,
               chunk_values: int | None = None) -> list[tuple[int, int]]:
    """The chunks of rows of a tensor, each starting at a multiple of ``multiple`` (and
    of :data:`ROW_ALIGN` when a chunk holds that many rows)."""
    chunk_values = chunk_values or CHUNK_VALUES
    if len(shape) < 2:
        return [(0, shape[0] if shape else 1)]
    rows, per_row = shape[0], max(1, _numel(shape) // max(shape[0], 1))
    aligned = _lcm(multiple, ROW_ALIGN)
    step = chunk_values // per_row // aligned * aligned or \
        max(multiple, chunk_values // per_row // multiple * multiple)
    return [(start, min(rows, start + step)) for start in range(0, rows, step)] or [(0, 0)]


def _numel(shape: tuple[int, ...]) -> int:
    count = 1
    for dim in shape:
        count *= dim
    return count


@contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run torch with ``count`` intra-op threads inside the block (process-wide)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _chunked_delta_is_exact(pair: LoraPair, ranges: tuple[tuple[int, int], ...]) -> bool:
    import torch

    whole = pair.full_delta()  # with the process's threads, as PEFT runs
    with torch_threads(1):  # chunk by chunk against the whole, up to the first difference
        return all(torch.equal(whole[start:stop], pair.delta_rows(start, stop))
                   for start, stop in ranges)


def plan_tasks(plan: MergePlan, sinks: Sequence[RowRule],
               chunk_values: int | None = None) -> list[_Task]:
    """Every chunk of every tensor, in order, grouped into the tasks workers run. The
    probes make this a few tenths of a second of BLAS work for a 1B model, which the
    export runs in a thread of its own while it writes the metadata and the GGUF header
    (``tasks`` of :func:`run_pass`)."""
    chunk_values = chunk_values or CHUNK_VALUES
    tasks: list[_Task] = []
    probed: dict[tuple[Any, ...], bool] = {}
    for tensor in plan.tensors:
        multiple = 1
        for sink in sinks:
            multiple = _lcm(multiple, sink.row_multiple(tensor.name))
        ranges = tuple(row_ranges(tensor.shape, multiple, chunk_values))
        pair = plan.adapter.pairs.get(tensor.name) if plan.adapter is not None else None
        whole = False
        if pair is not None and len(ranges) > 1:
            key = (tuple(pair.a.shape), tuple(pair.b.shape), pair.embedding, pair.scale, ranges)
            if key not in probed:
                probed[key] = _chunked_delta_is_exact(pair, ranges)
            whole = not probed[key]
        if whole:
            tasks.append(_Task(tensor, ranges, True))
        else:
            tasks.extend(_Task(tensor, ranges[at:at + TASK_CHUNKS], False)
                         for at in range(0, len(ranges), TASK_CHUNKS))
    return tasks


def _lcm(a: int, b: int) -> int:
    from math import gcd

    return a * b // gcd(a, b)


def _run_task(plan: MergePlan, task: _Task, sinks: list[BlockSink],
              stop: threading.Event) -> list[tuple[int, list[Any], int]]:
    """Read, merge and encode the chunks of one task (in a worker thread)."""
    import torch

    tensor = task.tensor
    source = plan.folder.tensors[tensor.name]
    adapter = plan.adapter
    pair = adapter.pairs.get(tensor.name) if adapter is not None else None
    replaced = adapter is not None and tensor.name in adapter.replacements
    out_dtype = getattr(torch, tensor.dtype)
    rows = tensor.shape[0] if tensor.shape else 1
    whole_delta = pair.full_delta() if pair is not None and task.whole_delta else None
    done = []
    for start, stop_row in task.ranges:
        if stop.is_set():
            break
        everything = start == 0 and stop_row == rows
        first, last = (None, None) if everything else (start, stop_row)
        if replaced:
            assert adapter is not None
            block = adapter.read_replacement(tensor.name, first, last)
        else:
            block = plan.folder.read(tensor.name, first, last)
        if block.dtype != out_dtype:
            block = block.to(out_dtype)
        if pair is not None:  # PEFT's order: the fp32 delta rounded, then added
            delta = whole_delta[start:stop_row] if whole_delta is not None else \
                pair.delta_rows(start, stop_row)
            block = block.add_(delta.to(out_dtype)) if not replaced else \
                block + delta.to(out_dtype)
        encoded = [sink.encode(tensor.name, start, block) for sink in sinks]
        done.append((start, encoded, source.nbytes * (stop_row - start) // max(rows, 1)))
    return done


def run_pass(plan: MergePlan, sinks: list[BlockSink], on_bytes: Callable[[int], None],
             control: JobControl | None = None,
             workers: int | None = None, tasks: list[_Task] | None = None) -> None:
    """Stream every merged chunk of ``plan`` into each sink (see the module docstring);
    ``tasks``: what :func:`plan_tasks` made of ``plan`` for rules at least as strict as
    the sinks' (None: planned here). Raises ``Cancelled`` when ``control`` is cancelled;
    nothing runs on afterwards."""

    workers = workers or max(1, min(MAX_WORKERS, os.cpu_count() or 1))
    tasks = plan_tasks(plan, sinks) if tasks is None else tasks
    stop = threading.Event()
    pending: deque[tuple[_Task, Future[list[tuple[int, list[Any], int]]]]] = deque()
    ahead = max(AHEAD, 2 * workers + 2)
    in_flight = 0  # chunks

    def take_one() -> None:
        nonlocal in_flight
        task, future = pending.popleft()
        in_flight -= len(task.ranges)
        for start, encoded, nbytes in future.result():
            for sink, data in zip(sinks, encoded):
                sink.write(task.tensor.name, start, data)
            on_bytes(nbytes)
            if control is not None:
                control.raise_if_cancelled()

    try:
        # The collector is paused: its full collections walk every object of the process
        # with the GIL held, stalling the workers (about a tenth of the pass; core.gcpause).
        with gcpause.paused(), torch_threads(1), ThreadPoolExecutor(workers, "export") as pool:
            try:
                for task in tasks:
                    if control is not None:
                        control.raise_if_cancelled()
                    while pending and in_flight >= ahead:
                        take_one()
                    pending.append((task, pool.submit(_run_task, plan, task, sinks, stop)))
                    in_flight += len(task.ranges)
                while pending:
                    take_one()
            finally:
                stop.set()  # workers finish their chunk and return; the pool waits for them
                for _, future in pending:
                    future.cancel()
    finally:
        plan.folder.close()  # the files its reads kept open (the workers are done)

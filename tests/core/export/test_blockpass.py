"""How the export pass cuts tensors into chunks of rows (``blockpass.row_ranges``)."""

from __future__ import annotations

import itertools

import pytest

from dpo_desktop.core.export import blockpass


def _covers(ranges: list[tuple[int, int]], rows: int) -> bool:
    return ranges[0][0] == 0 and ranges[-1][1] == rows and all(
        stop == start for (_, stop), (start, _) in itertools.pairwise(ranges))


@pytest.mark.parametrize("columns", [2048, 3072, 4096, 5632, 8192, 11008, 14336, 18944])
def test_chunks_of_the_usual_shapes_hold_a_multiple_of_eight_rows(columns: int) -> None:
    """MKL sums a product's rank dimension in another order for row counts that are not a
    multiple of 4, and such a chunk costs the pass a delta of the whole tensor (7B's
    down_proj: 11008 columns, which gave 23-row chunks)."""
    ranges = blockpass.row_ranges((4096, columns))
    assert _covers(ranges, 4096)
    assert all((stop - start) % blockpass.ROW_ALIGN == 0 for start, stop in ranges)
    assert all(0 < (stop - start) * columns <= blockpass.CHUNK_VALUES for start, stop in ranges)


def test_whole_heads_and_the_row_alignment_together() -> None:
    ranges = blockpass.row_ranges((4096, 4096), multiple=128)
    assert _covers(ranges, 4096)
    assert all(start % 128 == 0 for start, _ in ranges)
    # a head of 12 rows: chunks of whole heads that are also a multiple of 8 rows (24)
    ranges = blockpass.row_ranges((1200, 4096), multiple=12)
    assert _covers(ranges, 1200)
    assert all(start % 24 == 0 for start, _ in ranges)


def test_rows_too_long_for_the_alignment_still_make_chunks() -> None:
    """Fewer than 8 rows fit in a chunk (a 150k vocabulary's embedding, transposed): the
    chunks fall back to whole heads, or single rows, rather than one huge chunk."""
    ranges = blockpass.row_ranges((64, 100_000))
    assert _covers(ranges, 64) and all(stop - start == 2 for start, stop in ranges)
    ranges = blockpass.row_ranges((64, 100_000), multiple=4)
    assert _covers(ranges, 64) and all(stop - start == 4 for start, stop in ranges)
    assert blockpass.row_ranges((10,)) == [(0, 10)]
    assert blockpass.row_ranges(()) == [(0, 1)]


def test_tasks_take_a_few_chunks_of_one_tensor_in_order() -> None:
    """A worker takes up to ``TASK_CHUNKS`` consecutive chunks of one tensor at a time (a
    future per chunk made thousands of thread hand-overs); together the tasks still list
    every chunk of every tensor once, in the plan's order."""
    from types import SimpleNamespace

    from dpo_desktop.core.export.safetensors_stream import OutTensor

    tensors = [OutTensor("a", "bfloat16", (4096, 5632)), OutTensor("b", "bfloat16", (2048,)),
               OutTensor("c", "bfloat16", (72, 2048))]
    plan = SimpleNamespace(tensors=tensors, adapter=None, folder=None)
    sink = SimpleNamespace(row_multiple=lambda name: 1)
    tasks = blockpass.plan_tasks(plan, [sink])  # type: ignore[arg-type]
    assert all(0 < len(task.ranges) <= blockpass.TASK_CHUNKS for task in tasks)
    assert max(len(task.ranges) for task in tasks) == blockpass.TASK_CHUNKS
    for tensor in tensors:
        mine = [r for task in tasks if task.tensor is tensor for r in task.ranges]
        assert mine == blockpass.row_ranges(tensor.shape)
    assert [task.tensor.name for task in tasks] == sorted(task.tensor.name for task in tasks)


def test_the_probe_compares_every_chunk_with_the_whole_delta() -> None:
    """A chunked delta that differs from the whole one in any chunk (the last one here)
    sends the tensor to the whole-delta path; one equal in every chunk does not."""
    import torch

    from dpo_desktop.core.export.lora import LoraPair

    generator = torch.Generator().manual_seed(0)
    pair = LoraPair(torch.randn(4, 48, generator=generator),
                    torch.randn(40, 4, generator=generator), 2.0, False)
    ranges = tuple(blockpass.row_ranges((40, 48), chunk_values=16 * 48))
    assert len(ranges) == 3
    assert blockpass._chunked_delta_is_exact(pair, ranges)

    class Off(LoraPair):
        def delta_rows(self, start: int, stop: int) -> torch.Tensor:
            rows = super().delta_rows(start, stop)
            return rows + 1 if stop == 40 else rows

    assert not blockpass._chunked_delta_is_exact(Off(pair.a, pair.b, 2.0, False), ranges)

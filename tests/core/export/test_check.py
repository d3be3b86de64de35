"""The check that scales (issue 16): every tensor read back from the files, a logits check
gated by a memory budget, a failed check as a failure, cancel during the check, and the
free-space estimate against what is really written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gguf import GGUFReader

from dpo_desktop.core import events
from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.export import ExportCancelled, ExportOptions, export_run, pipeline
from dpo_desktop.core.export.gguf_writer import write_gguf
from dpo_desktop.core.export.merge import plan_merge
from dpo_desktop.core.export.runinfo import read_run
from dpo_desktop.core.export.verify import verify_gguf


def _corrupt(gguf_path: Path, tensor_name: str) -> None:
    """Flip one stored byte of a tensor, in the middle of its data."""
    tensor = next(t for t in GGUFReader(str(gguf_path)).tensors if t.name == tensor_name)
    offset = int(tensor.data_offset) + int(tensor.n_bytes) // 2
    with gguf_path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
        handle.seek(offset)
        handle.write(bytes([byte ^ 0x40]))


def test_per_tensor_check_and_skipped_logits(tiny_base: Callable[[str], Path],
                                             tmp_path: Path) -> None:
    base = tiny_base("qwen2")
    report = write_gguf(base, tmp_path / "m.gguf", "q8_0", model_name="tiny")
    seen: list[events.Event] = []
    checks = {c.name: c for c in verify_gguf(base, report.path, "q8_0", report.arch,
                                             seen.append, memory_budget=0)}
    assert checks["file"].passed is True
    figures = dict(checks["file"].figures)
    assert figures["tensors"] == report.tensor_count and figures["mismatched"] == 0
    assert checks["logits"].passed is None  # reported, not judged
    assert "skipped" in checks["logits"].summary and "needs about" in checks["logits"].summary
    assert dict(checks["logits"].figures)["needed_bytes"] > 0
    verifying = [e for e in seen if isinstance(e, events.PhaseChanged)
                 and e.phase == "verifying"]
    assert verifying[-1].current == verifying[-1].total > 0

    _corrupt(report.path, "blk.1.ffn_down.weight")
    checks = {c.name: c for c in verify_gguf(base, report.path, "q8_0", report.arch,
                                             memory_budget=0)}
    assert checks["file"].passed is False
    assert "blk.1.ffn_down.weight" in checks["file"].summary
    assert dict(checks["file"].figures)["mismatched"] == 1


def test_a_failed_check_fails_the_export_and_the_cli(tiny_run: Callable[[str], Path],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str],
                                                     ) -> None:
    from dpo_desktop.cli import main

    real = pipeline.verify_gguf

    def corrupt_then_check(merged: Path, gguf_path: Path, *args: Any, **kwargs: Any) -> Any:
        _corrupt(gguf_path, "blk.0.attn_q.weight")
        return real(merged, gguf_path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "verify_gguf", corrupt_then_check)
    result = export_run(tiny_run("llama"), ExportOptions(tmp_path / "core", gguf_type="q8_0",
                                                         memory_budget=0))
    assert result.verified is False
    assert {c.name: c.status for c in result.checks}["file"] == "FAIL"
    code = main(["export", str(tiny_run("llama")), "--out", str(tmp_path / "cli"),
                 "--gguf", "q8_0"])
    assert code == 3
    assert "[FAIL] file" in capsys.readouterr().out


def test_cancel_during_the_check_leaves_nothing(tiny_run: Callable[[str], Path],
                                                tmp_path: Path) -> None:
    control = JobControl()

    def on_event(event: events.Event) -> None:
        if isinstance(event, events.PhaseChanged) and event.phase == "verifying":
            control.cancel()

    with pytest.raises(ExportCancelled):
        export_run(tiny_run("llama"), ExportOptions(tmp_path / "out", gguf_type="f16",
                                                    memory_budget=0),
                   on_event=on_event, control=control)
    assert list(tmp_path.iterdir()) == []


def test_free_space_estimate_is_what_gets_written(tiny_run: Callable[[str], Path],
                                                  tmp_path: Path) -> None:
    options = ExportOptions(tmp_path / "out", gguf_type="q8_0", lmstudio=True, verify=False)
    needed = pipeline._estimate(plan_merge(read_run(tiny_run("qwen2"))), options)
    result = export_run(tiny_run("qwen2"), options)
    written = sum(p.stat().st_size for p in result.out_dir.rglob("*") if p.is_file())
    assert result.gguf is not None
    # The LM Studio copy is counted in full in case it cannot be a hard link.
    assert written <= needed <= written + result.gguf.nbytes + 100 * 2**20


@pytest.mark.parametrize("flipped", [None, 0, 3, 6])
def test_read_back_in_windows_catches_any_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                flipped: int | None) -> None:
    """The file check reads consecutive chunks together (windows of at most READ_WINDOW
    bytes): a byte changed in any chunk, first, middle or last, of any window is caught,
    and the first chunk's bytes come back for the sample check."""
    import numpy as np

    from dpo_desktop.core.export import verify
    from dpo_desktop.core.export.progress import ExportProgress
    from dpo_desktop.core.export.written import Chunk, digest

    lengths = [100, 260, 40, 300, 7, 500, 64]  # windows of 400 bytes: [0,1,2] [3,4] [5] [6]
    data = np.random.default_rng(0).integers(0, 256, sum(lengths) + 50, dtype=np.uint8)
    base = 50
    chunks, at = [], 0
    for length in lengths:
        chunks.append(Chunk("t", tmp_path / "f.bin", at, length,
                            digest(data[base + at:base + at + length])))
        at += length
    if flipped is not None:
        data[base + chunks[flipped].offset + chunks[flipped].length - 1] ^= 1
    (tmp_path / "f.bin").write_bytes(data.tobytes())
    monkeypatch.setattr(verify, "READ_WINDOW", 400)
    reads: list[int] = []
    reader = verify._Reader()
    real_read = reader.read
    monkeypatch.setattr(reader, "read", lambda *a, **k: reads.append(a[2]) or real_read(*a, **k))
    advanced: list[int] = []
    progress = ExportProgress(events.ignore_events)
    monkeypatch.setattr(progress, "advance", advanced.append)
    try:
        equal, first = verify._chunks_read_back(reader, tmp_path / "f.bin", base, chunks,
                                                progress)
    finally:
        reader.close()
    assert equal is (flipped is None)
    assert reads == [400, 307, 500, 64] and sum(advanced) == sum(lengths)
    assert first is not None and first.tobytes() == data[base:base + 100].tobytes()

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

"""The whole export: folder layout, events, atomic output, disk space, unsupported arch."""

from __future__ import annotations

import json
import shutil
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.core import events
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.export import ExportCancelled, ExportOptions, export_run, pipeline

from .conftest import add_adapter, build_tiny


@pytest.fixture(scope="module")
def exported(tiny_run: Callable[[str], Path],
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[events.Event]]:
    out = tmp_path_factory.mktemp("export") / "out"
    seen: list[events.Event] = []
    result = export_run(tiny_run("llama"), ExportOptions(out, gguf_type="f16", ollama=True,
                                                         lmstudio=True), on_event=seen.append)
    return result, seen


def test_export_folder_is_complete(exported: tuple[Any, list[events.Event]]) -> None:
    result, _ = exported
    out = result.out_dir
    assert result.verified is True
    gguf = out / "tiny-llama-f16.gguf"
    assert result.gguf.path == gguf and gguf.is_file()
    assert (out / "merged" / "model.safetensors").is_file()
    modelfile = (out / "Modelfile").read_text(encoding="utf-8")
    assert modelfile.startswith("FROM ./tiny-llama-f16.gguf") and "<|im_end|>" in modelfile
    assert result.ollama_command == f'ollama create tiny-llama -f "{out / "Modelfile"}"'
    lm = out / "lmstudio" / "dpo-desktop" / "tiny-llama-GGUF" / "tiny-llama-f16.gguf"
    assert result.lmstudio_file == lm and lm.stat().st_size == gguf.stat().st_size
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert result.ollama_command in readme and "~/.lmstudio/models" in readme
    summary = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert summary["verified"] is True
    assert {c["name"]: c["status"] for c in summary["verification"]} == {
        "metadata": "pass", "tokenizer": "pass", "file": "pass", "logits": "pass"}
    assert not list(out.parent.glob(".*partial*"))


def test_progress_events(exported: tuple[Any, list[events.Event]]) -> None:
    _, seen = exported
    phases = [e for e in seen if isinstance(e, events.PhaseChanged)]
    assert {p.phase for p in phases} == {"merging", "writing_gguf", "verifying"}
    # Progress counts bytes (issue 16), no longer tensors: each step ends at its total, and
    # ``overall`` is one bar over the whole export that never goes back (issue 13, item 19).
    writing = [p for p in phases if p.phase == "writing_gguf"]
    assert writing[-1].current == writing[-1].total and writing[-1].total > 10**6
    assert [p.current for p in writing] == sorted(p.current or 0 for p in writing)
    assert writing[-1].eta_seconds is not None
    overall = [p.overall for p in phases if p.overall is not None]
    assert overall == sorted(overall) and overall[-1] == pytest.approx(1.0)
    verifying = [p for p in phases if p.phase == "verifying"]
    assert verifying[-1].current == verifying[-1].total > 0
    assert isinstance(seen[-1], events.Finished) and seen[-1].status == "completed"
    assert dict(seen[-1].outputs)["gguf"].endswith(".gguf")
    for event in seen:  # plain values only: they cross threads and go to JSON
        json.dumps(event.to_dict())


def test_failure_midway_leaves_nothing(tiny_run: Callable[[str], Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "verify_gguf", broken)
    seen: list[events.Event] = []
    with pytest.raises(RuntimeError):
        export_run(tiny_run("llama"), ExportOptions(tmp_path / "out", gguf_type="f16"),
                   on_event=seen.append)
    assert list(tmp_path.iterdir()) == []
    assert isinstance(seen[-1], events.Failed) and "disk on fire" in seen[-1].message


def test_cancel_leaves_nothing(tiny_run: Callable[[str], Path], tmp_path: Path) -> None:
    seen: list[events.Event] = []
    control = JobControl()

    def on_event(event: events.Event) -> None:
        seen.append(event)
        if isinstance(event, events.PhaseChanged) and event.phase == "writing_gguf":
            control.cancel()

    with pytest.raises(ExportCancelled):
        export_run(tiny_run("llama"), ExportOptions(tmp_path / "out", gguf_type="q8_0"),
                   on_event=on_event, control=control)
    assert list(tmp_path.iterdir()) == []
    assert isinstance(seen[-1], events.Finished) and seen[-1].status == "cancelled"


def test_not_enough_disk_space(tiny_run: Callable[[str], Path], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9, 1000))
    with pytest.raises(UserError) as info:
        export_run(tiny_run("llama"), ExportOptions(tmp_path / "out"))
    assert info.value.code == "export_disk_full"
    assert "free" in info.value.message and info.value.hint
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_refused(tiny_run: Callable[[str], Path], tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UserError) as info:
        export_run(tiny_run("llama"), ExportOptions(tmp_path / "out"))
    assert info.value.code == "export_out_exists"
    assert (tmp_path / "out" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_unsupported_arch_keeps_the_merged_model(demo_dir: Path, tmp_path: Path) -> None:
    base = build_tiny("gemma", demo_dir, tmp_path / "gemma-base", head_dim=16)
    run = tmp_path / "gemma-run"
    add_adapter(base, run)
    seen: list[events.Event] = []
    with pytest.raises(UserError) as info:
        export_run(run, ExportOptions(tmp_path / "out", gguf_type="q8_0", ollama=True),
                   on_event=seen.append)
    assert info.value.code == "gguf_unsupported_arch"
    assert "merged" in info.value.hint and "convert_hf_to_gguf.py" in info.value.hint
    assert (tmp_path / "out" / "merged" / "config.json").is_file()
    assert not list((tmp_path / "out").glob("*.gguf"))
    assert "GGUF not written" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert isinstance(seen[-1], events.Failed) and seen[-1].code == "gguf_unsupported_arch"


def test_q4_k_m_export_names_files_and_card_by_type(tiny_run: Callable[[str], Path],
                                                    tmp_path: Path) -> None:
    """A K mix goes through the same pipeline: file names for Ollama and LM Studio carry
    the type, the card and README say it in plain words, the fallbacks are noted (the tiny
    model's 64-wide rows are no multiple of 256), and the file is verified."""
    out = tmp_path / "out"
    result = export_run(tiny_run("llama"), ExportOptions(out, gguf_type="q4_k_m", ollama=True,
                                                         lmstudio=True))
    assert result.verified is True
    assert result.gguf is not None and result.gguf.path == out / "tiny-llama-q4_k_m.gguf"
    assert (out / "Modelfile").read_text(encoding="utf-8").startswith(
        "FROM ./tiny-llama-q4_k_m.gguf")
    assert result.lmstudio_file == (out / "lmstudio" / "dpo-desktop" / "tiny-llama-GGUF"
                                    / "tiny-llama-q4_k_m.gguf")
    card = (out / "merged" / "README.md").read_text(encoding="utf-8")
    assert "## GGUF" in card and "`tiny-llama-q4_k_m.gguf`: Q4_K_M (4-bit mix" in card
    assert "4-bit mix" in (out / "README.md").read_text(encoding="utf-8")
    assert any("instead of Q4_K, as llama.cpp does" in str(note) for note in result.notes)

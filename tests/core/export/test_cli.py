"""`dpo-desktop export`: exit codes and the printed summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.cli import main
from dpo_desktop.cli.export import GGUF_CHOICES
from dpo_desktop.core.export import GGUF_TYPES, pipeline
from dpo_desktop.core.export.verify import Check


def test_choices_match_the_writer() -> None:
    assert GGUF_CHOICES == GGUF_TYPES


def test_export_ok(tiny_run: Callable[[str], Path], tmp_path: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    # Verification itself is covered by test_pipeline.py; skipping it keeps this test quick.
    code = main(["export", str(tiny_run("qwen2")), "--out", str(out), "--gguf", "f16",
                 "--ollama", "--lmstudio", "--no-verify"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "GGUF:" in printed and "tiny-qwen2-f16.gguf" in printed
    assert "ollama create tiny-qwen2 -f" in printed and "LM Studio:" in printed
    assert (out / "tiny-qwen2-f16.gguf").is_file() and (out / "Modelfile").is_file()


def test_user_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "error:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad_type:
        main(["export", str(tmp_path), "--out", str(tmp_path / "o"), "--gguf", "q2_k"])
    assert bad_type.value.code == 2


def test_failed_verification_exits_3(tiny_run: Callable[[str], Path], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    def failing(*args: Any, **kwargs: Any) -> tuple[Check, ...]:
        return (Check("logits", False, "argmax agreement 12%"),)

    monkeypatch.setattr(pipeline, "verify_gguf", failing)
    out = tmp_path / "out"
    assert main(["export", str(tiny_run("llama")), "--out", str(out), "--gguf", "q8_0"]) == 3
    captured = capsys.readouterr()
    assert "[FAIL] logits" in captured.out and "did not pass" in captured.err
    assert (out / "tiny-llama-q8_0.gguf").is_file()  # kept for inspection

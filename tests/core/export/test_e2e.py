"""The embedded demo model (SmolLM2-135M) with a small perturbed adapter, exported to q8_0
and f16, each verified by loading it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.export import ExportOptions, export_run, verify_gguf, write_gguf

from .conftest import add_adapter, write_run_extras


@pytest.mark.e2e
def test_demo_model_exports_to_q8_0_and_f16(demo_dir: Path, tmp_path: Path) -> None:
    run = tmp_path / "demo-run"
    add_adapter(demo_dir, run, scale=0.02)
    write_run_extras(run)
    result = export_run(run, ExportOptions(tmp_path / "out", gguf_type="q8_0", ollama=True,
                                           lmstudio=True))
    checks = {c.name: c for c in result.checks}
    assert result.verified is True, checks
    assert dict(checks["logits"].figures)["argmax_agreement_ties_excused"] >= 0.99
    assert dict(checks["file"].figures)["max_abs_diff"] < 1e-3
    assert result.gguf is not None and result.gguf.arch == "llama"
    assert result.gguf.nbytes < 0.6 * result.merged.nbytes  # q8_0 vs the bf16 merge
    modelfile = (result.out_dir / "Modelfile").read_text(encoding="utf-8")
    assert "SmolLM" in modelfile and 'PARAMETER stop "<|im_end|>"' in modelfile

    f16 = write_gguf(result.merged.path, tmp_path / "demo-f16.gguf", "f16", model_name="demo")
    f16_checks = {c.name: c for c in verify_gguf(result.merged.path, f16.path, "f16", f16.arch)}
    assert all(c.passed for c in f16_checks.values()), f16_checks
    assert dict(f16_checks["logits"].figures)["argmax_agreement"] == 1.0

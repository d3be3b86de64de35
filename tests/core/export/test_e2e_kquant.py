"""The demo model (SmolLM2-135M) with a small perturbed adapter, exported as q4_k_m and
compared with q4_0 from the same merged model: the K mix must agree with the merged model
on the next token more often. Both figures are printed (run with -s to see them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.export import ExportOptions, export_run, verify_gguf, write_gguf

from .conftest import add_adapter, write_run_extras


@pytest.mark.e2e
def test_demo_q4_k_m_beats_q4_0(demo_dir: Path, tmp_path: Path) -> None:
    run = tmp_path / "demo-run"
    add_adapter(demo_dir, run, scale=0.02)
    write_run_extras(run)
    result = export_run(run, ExportOptions(tmp_path / "out", gguf_type="q4_k_m"))
    checks = {c.name: c for c in result.checks}
    assert result.verified is True, checks
    assert checks["file"].passed  # the file is exactly the model rounded by our encoders
    assert result.gguf is not None
    assert dict(result.gguf.type_counts)["Q4_K"] == 16  # the 1536-wide ffn_down rows
    assert dict(result.gguf.type_counts)["Q6_K"] == 14

    q4_0 = write_gguf(result.merged.path, tmp_path / "demo-q4_0.gguf", "q4_0", model_name="d")
    q4_0_checks = {c.name: c for c in verify_gguf(result.merged.path, q4_0.path, "q4_0",
                                                  q4_0.arch)}
    k_mix = dict(checks["logits"].figures)["argmax_agreement"]
    legacy = dict(q4_0_checks["logits"].figures)["argmax_agreement"]
    print(f"\nargmax agreement with the merged model: q4_k_m {k_mix:.2%} "
          f"({result.gguf.nbytes / 1e6:.1f} MB), q4_0 {legacy:.2%} ({q4_0.nbytes / 1e6:.1f} MB)")
    assert k_mix > legacy

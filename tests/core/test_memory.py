"""The QLoRA-DPO memory estimate: each part follows its formula, and the badge thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.memory import (
    CUDA_CONTEXT_BYTES,
    GIB,
    MIB,
    ModelShape,
    estimate,
    fit,
    format_bytes,
)

SMOL = ModelShape(layers=30, hidden=576, intermediate=1536, heads=9, kv_heads=3, vocab=49152)
BIG = ModelShape(layers=28, hidden=3584, intermediate=18944, heads=28, kv_heads=4,
                 vocab=152064, tied_embeddings=False)


def test_shape_counts_parameters_like_the_published_figure() -> None:
    assert SMOL.params == pytest.approx(134.5e6, rel=0.01)
    assert BIG.params == pytest.approx(7.62e9, rel=0.01)


def test_lora_parameters_are_rank_times_in_plus_out() -> None:
    shape = ModelShape(layers=2, hidden=8, intermediate=16, heads=2, kv_heads=1, vocab=10)
    # q 8→8, k 8→4, v 8→4, o 8→8, gate 8→16, up 8→16, down 16→8, each r·(in+out)
    per_layer = 16 + 12 + 12 + 16 + 24 + 24 + 24
    assert shape.lora_params(1) == 2 * per_layer
    assert shape.lora_params(4, ("q_proj", "v_proj")) == 2 * 4 * (16 + 12)
    assert shape.lora_params(1, ("all-linear",)) == shape.lora_params(1)


def test_qlora_weights_are_four_bit_with_sixteen_bit_embeddings() -> None:
    est = estimate(BIG, batch_size=1, max_length=128)
    four_bit = BIG.linear_params * 0.5
    sixteen_bit = 2 * (BIG.params - BIG.linear_params)
    assert four_bit + sixteen_bit < est.weights < 1.05 * (four_bit + sixteen_bit)
    assert est.lora == 16 * BIG.lora_params(16)


def test_logits_count_chosen_and_rejected_in_fp32() -> None:
    one = estimate(SMOL, batch_size=1, max_length=100)
    two = estimate(SMOL, batch_size=2, max_length=100)
    assert one.logits == 2 * 1 * 100 * 49152 * 4 * 2  # chosen+rejected, fp32, with gradient
    assert two.logits == 2 * one.logits


def test_gradient_checkpointing_saves_activation_memory() -> None:
    with_ckpt = estimate(BIG, batch_size=4, max_length=1024, gradient_checkpointing=True)
    without = estimate(BIG, batch_size=4, max_length=1024, gradient_checkpointing=False)
    assert with_ckpt.activations * 5 < without.activations
    assert with_ckpt.weights == without.weights


def test_total_includes_cuda_context_and_grows_with_length() -> None:
    short = estimate(SMOL, max_length=256)
    long = estimate(SMOL, max_length=2048)
    assert short.overhead >= CUDA_CONTEXT_BYTES
    assert short.total == sum(short.parts().values())
    assert long.total > short.total


def test_cpu_lora_uses_fp32_weights_and_no_cuda_context() -> None:
    from dpo_desktop.core.memory import CPU_ACTIVATION_SLACK, CPU_FIXED_BYTES

    cpu = estimate(SMOL, backend="cpu-lora")
    assert cpu.weights == 4 * SMOL.params
    # allocator slack only, now measured on the CPU (#14): a share of what grows with the
    # tokens plus a fixed part, instead of 10 % of everything
    per_token = cpu.activations + cpu.logits
    assert cpu.overhead == int(CPU_ACTIVATION_SLACK * per_token) + CPU_FIXED_BYTES


def test_cpu_lora_under_bf16_autocast_keeps_frozen_linears_in_bf16() -> None:
    fp32 = estimate(SMOL, backend="cpu-lora", batch_size=4, max_length=256)
    autocast = estimate(SMOL, backend="cpu-lora", batch_size=4, max_length=256, autocast=True)
    assert autocast.weights == 2 * SMOL.linear_params + 4 * (SMOL.params - SMOL.linear_params)
    assert autocast.lora == fp32.lora  # the adapter and its optimizer stay fp32
    assert 0.5 * fp32.activations < autocast.activations < fp32.activations
    assert autocast.total < fp32.total
    # autocast only describes cpu-lora; qlora's bf16 is its own switch
    assert estimate(SMOL, device="cpu", autocast=True) == estimate(SMOL, device="cpu")


def test_seven_b_needs_more_than_six_gib_but_fits_24() -> None:
    est = estimate(BIG, batch_size=2, max_length=512)
    assert 6 * GIB < est.total < 16 * GIB
    assert fit(est.total, 24 * GIB) == "fits"
    assert fit(est.total, 6 * GIB) == "wont_fit"


@pytest.mark.parametrize(("needed", "available", "badge"), [
    (50, 100, "fits"), (85, 100, "fits"), (90, 100, "tight"), (100, 100, "tight"),
    (101, 100, "wont_fit"), (1, None, None), (1, 0, None)])
def test_fit_thresholds(needed: int, available: int | None, badge: str | None) -> None:
    assert fit(needed, available) == badge


def test_bad_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        estimate(SMOL, batch_size=0)


def test_format_bytes() -> None:
    assert format_bytes(420 * MIB) == "420 MiB"
    assert format_bytes(int(1.25 * GIB)) == "1.2 GiB"


def test_four_bit_on_the_cpu_has_fp32_rest_and_no_cuda_context() -> None:
    from dpo_desktop.core.memory import NF4_BYTES_PER_PARAM

    gpu = estimate(BIG, batch_size=1, max_length=256)
    cpu = estimate(BIG, batch_size=1, max_length=256, device="cpu")
    four_bit = int(BIG.linear_params * NF4_BYTES_PER_PARAM)
    assert cpu.weights == four_bit + 4 * (BIG.params - BIG.linear_params)  # k-bit prep upcasts
    assert gpu.overhead > CUDA_CONTEXT_BYTES
    from dpo_desktop.core.memory import CPU_ACTIVATION_SLACK, CPU_FIXED_BYTES

    assert cpu.overhead == int(CPU_ACTIVATION_SLACK * (cpu.activations + cpu.logits)) \
        + CPU_FIXED_BYTES  # nothing CUDA-shaped on the CPU
    fp32 = estimate(BIG, batch_size=1, max_length=256, backend="cpu-lora")
    assert cpu.total < fp32.total / 3  # why a 16 GB CPU machine can train it at all
    # without native bf16 the CPU computes in fp32, with larger activations
    assert estimate(BIG, device="cpu", bf16=False).activations > \
        estimate(BIG, device="cpu", bf16=True).activations


def test_cpu_needs_pairs_both_cpu_estimates() -> None:
    from dpo_desktop.core.memory import cpu_needs

    needs = cpu_needs(BIG, batch_size=2, max_length=256)
    assert needs.fp32 == estimate(BIG, batch_size=2, max_length=256, backend="cpu-lora").total
    assert needs.four_bit == estimate(BIG, batch_size=2, max_length=256, device="cpu").total


def test_shape_from_config_reads_a_model_config(demo_dir: Path) -> None:
    import json

    from dpo_desktop.core.catalog import DEMO
    from dpo_desktop.core.memory import shape_from_config

    config = json.loads((demo_dir / "config.json").read_text(encoding="utf-8"))
    assert shape_from_config(config) == DEMO.shape
    with pytest.raises(KeyError):
        shape_from_config({"model_type": "odd"})


def test_loading_rss_counts_the_file_pages_apart_from_the_fit() -> None:
    from dpo_desktop.core.memory import CPU_FIXED_BYTES, cpu_loading_rss

    four_bit = estimate(BIG, device="cpu").weights
    assert cpu_loading_rss(BIG, "qlora") == 2 * BIG.params + four_bit + CPU_FIXED_BYTES
    # an fp32 file is used in place by cpu-lora (read by the first step, as the weights);
    # a bf16 one is converted beside its pages
    assert cpu_loading_rss(SMOL, "cpu-lora", file_bytes_per_param=4) == CPU_FIXED_BYTES
    assert cpu_loading_rss(SMOL, "cpu-lora") == 6 * SMOL.params + CPU_FIXED_BYTES

"""The time-per-step estimate: FLOPs of a DPO step over the CPU's measured speed."""

from __future__ import annotations

import pytest

from dpo_desktop.core.memory import ModelShape
from dpo_desktop.core.steptime import (
    CPU_EFFICIENCY,
    cpu_step_seconds,
    format_duration,
    step_flops,
)

SMOL = ModelShape(layers=30, hidden=576, intermediate=1536, heads=9, kv_heads=3, vocab=49152)


def test_flops_are_six_passes_plus_one_with_checkpointing() -> None:
    plain = step_flops(SMOL, batch_size=2, max_length=100, gradient_checkpointing=False)
    assert plain == 6 * SMOL.params * 2 * 2 * 100
    assert step_flops(SMOL, batch_size=2, max_length=100,
                      gradient_checkpointing=True) == plain * 8 / 6


def test_seconds_scale_with_the_work_and_the_cpu_speed() -> None:
    one = cpu_step_seconds(SMOL, 100.0, backend="cpu-lora", batch_size=1, max_length=256)
    assert one is not None
    assert cpu_step_seconds(SMOL, 100.0, backend="cpu-lora", batch_size=2,
                            max_length=256) == pytest.approx(2 * one)
    assert cpu_step_seconds(SMOL, 200.0, backend="cpu-lora", batch_size=1,
                            max_length=256) == pytest.approx(one / 2)
    bf16 = cpu_step_seconds(SMOL, 100.0, backend="qlora", batch_size=1, max_length=256)
    fp32 = cpu_step_seconds(SMOL, 100.0, backend="qlora", batch_size=1, max_length=256,
                            bf16=False)
    assert bf16 is not None and fp32 is not None
    assert fp32 > one  # without native bf16, dequantizing and checkpointing cost time
    assert CPU_EFFICIENCY["qlora-fp32"] < CPU_EFFICIENCY["cpu-lora"]
    assert cpu_step_seconds(SMOL, None, backend="cpu-lora") is None


def test_durations_are_rough_and_readable() -> None:
    assert format_duration(40) == "40 s"
    assert format_duration(12 * 60) == "12 min"
    assert format_duration(3.5 * 3600) == "3.5 h"
    assert format_duration(2 * 86400) == "2.0 days"

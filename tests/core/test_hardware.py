"""The hardware probe and backend choice, on this CPU machine and on described GPUs."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import pytest

from dpo_desktop.core import hardware
from dpo_desktop.core.errors import UserError

GPU = hardware.HardwareInfo(
    cuda=True, device_name="NVIDIA Test", vram_total=24 * 2**30, vram_free=20 * 2**30,
    compute_capability=(8, 9), bf16=True, bitsandbytes=True, unsloth=True, cpu_cores=8,
    ram_total=64 * 2**30, ram_available=32 * 2**30)


def test_probe_on_this_machine() -> None:
    info = hardware.probe()
    assert info.cpu_cores >= 1
    assert info.ram_total is None or info.ram_total > 0
    if not info.cuda:
        assert info.vram_total is None and not info.bitsandbytes and not info.unsloth
        assert hardware.choose_backend(info) == "cpu-lora"
    assert "unsloth" not in sys.modules  # probing must never import (and patch with) it
    assert hardware.process_rss() > 0
    assert any(line.startswith("RAM") for line in hardware.describe(info))


@pytest.mark.parametrize(("info", "model_type", "expected"), [
    (GPU, "llama", "unsloth"),
    (GPU, "bert_like_unknown", "qlora"),
    (replace(GPU, unsloth=False), "llama", "qlora"),
    (replace(GPU, unsloth=False, bitsandbytes=False), "llama", "cpu-lora"),
])
def test_auto_choice(info: hardware.HardwareInfo, model_type: str, expected: str) -> None:
    assert hardware.choose_backend(info, "auto", model_type) == expected


def test_impossible_request_names_the_setting() -> None:
    cpu = replace(GPU, cuda=False, bitsandbytes=False, unsloth=False)
    for requested in ("qlora", "unsloth"):
        with pytest.raises(UserError) as info:
            hardware.choose_backend(cpu, requested)
        assert info.value.params["setting"] == "model.backend"
    with pytest.raises(UserError, match="unsloth"):
        hardware.choose_backend(replace(GPU, unsloth=False), "unsloth")
    assert hardware.choose_backend(GPU, "cpu-lora") == "cpu-lora"


def test_doctor_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from dpo_desktop.cli import main

    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "Backend:" in out and "transformers" in out and "CPU cores" in out
    assert main(["doctor", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["backend"] in ("unsloth", "qlora", "cpu-lora")
    assert "trl" in data["versions"]


def test_cpu_bf16_probe_agrees_with_torch() -> None:
    import torch

    expected = bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    assert hardware.cpu_bf16_supported() == expected

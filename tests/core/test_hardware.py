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
        assert info.vram_total is None and not info.unsloth
        assert hardware.choose_backend(info) == "cpu-lora"
        # bf16 and 4-bit describe this CPU: native bf16 instructions, a real NF4 round trip
        assert info.bf16 == hardware.cpu_bf16_supported()
        assert info.cpu_gflops is not None and info.cpu_gflops > 0
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
    # bitsandbytes' CPU kernels make qlora possible without a GPU; unsloth still needs one
    cpu_4bit = replace(cpu, bitsandbytes=True)
    assert hardware.choose_backend(cpu_4bit, "qlora") == "qlora"
    with pytest.raises(UserError, match="NVIDIA GPU"):
        hardware.choose_backend(cpu_4bit, "unsloth")
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


def test_auto_on_a_cpu_keeps_fp32_unless_only_4bit_fits() -> None:
    from dpo_desktop.core.memory import MemoryNeeds

    cpu = replace(GPU, cuda=False, unsloth=False, bitsandbytes=True, ram_total=16 * 2**30)
    fits_fp32 = MemoryNeeds(fp32=8 * 2**30, four_bit=3 * 2**30)
    too_big = MemoryNeeds(fp32=30 * 2**30, four_bit=6 * 2**30)
    too_big_even_4bit = MemoryNeeds(fp32=60 * 2**30, four_bit=20 * 2**30)
    assert hardware.choose_backend(cpu, "auto", "llama", fits_fp32) == "cpu-lora"
    assert hardware.choose_backend(cpu, "auto", "llama", too_big) == "qlora"
    assert hardware.choose_backend(cpu, "auto", "llama", too_big_even_4bit) == "cpu-lora"
    assert hardware.choose_backend(replace(cpu, bitsandbytes=False), "auto", "llama",
                                   too_big) == "cpu-lora"
    assert hardware.choose_backend(cpu, "auto", "llama") == "cpu-lora"  # no estimate given


def test_describe_tells_bf16_and_4bit_on_the_cpu() -> None:
    cpu = replace(GPU, cuda=False, unsloth=False, bitsandbytes=True, bf16=True)
    text = "\n".join(hardware.describe(cpu))
    assert "bf16:          yes, native on this CPU" in text
    assert "bitsandbytes works on the CPU" in text
    text = "\n".join(hardware.describe(replace(cpu, bitsandbytes=False, bf16=False)))
    assert "fp32 is used" in text and "bitsandbytes not usable" in text


def test_doctor_reports_this_cpu_truthfully(capsys: pytest.CaptureFixture[str]) -> None:
    from dpo_desktop.cli import main

    info = hardware.probe()
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    if not info.cuda:
        native = hardware.cpu_bf16_supported()
        assert ("bf16:          yes, native" in out) == native
        assert ("bitsandbytes works on the CPU" in out) == info.bitsandbytes
        if info.bitsandbytes:
            assert "qlora (4-bit) also works on this CPU" in out


def test_the_engine_weighs_fp32_against_4bit_for_auto_on_a_cpu(tiny_model_dir: object) -> None:
    from pathlib import Path

    from dpo_desktop.core.config import ModelSettings, RunConfig
    from dpo_desktop.core.memory import MemoryNeeds
    from dpo_desktop.core.training.engine import _memory_needs

    cpu = replace(GPU, cuda=False, unsloth=False)
    folder = Path(str(tiny_model_dir))
    needs = _memory_needs(folder, RunConfig(model=ModelSettings(spec=str(folder))), cpu)
    assert isinstance(needs, MemoryNeeds) and needs.four_bit < needs.fp32
    # only ``auto`` on a CPU needs them; a GPU or an explicit backend does not
    assert _memory_needs(folder, RunConfig(), GPU) is None
    explicit = RunConfig(model=ModelSettings(spec=str(folder), backend="cpu-lora"))
    assert _memory_needs(folder, explicit, cpu) is None
    assert _memory_needs(folder.parent / "nothing-here", RunConfig(), cpu) is None

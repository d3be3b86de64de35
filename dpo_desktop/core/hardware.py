"""What this computer can train with: GPU, VRAM, bf16, bitsandbytes, unsloth, CPU, RAM.

The probe only asks; it never imports unsloth (importing it patches transformers), and
nothing here needs a GPU. The backend choice lives here too, so ``doctor``, the GUI and
the engine agree on it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from dataclasses import dataclass

from dpo_desktop.core.errors import UserError

# Architectures unsloth's fast paths support (model_type values).
UNSLOTH_MODEL_TYPES = frozenset({"llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2",
                                 "gemma3", "phi3", "cohere", "granite"})


@dataclass(frozen=True)
class HardwareInfo:
    cuda: bool
    device_name: str
    vram_total: int | None  # bytes
    vram_free: int | None
    compute_capability: tuple[int, int] | None
    bf16: bool
    bitsandbytes: bool
    unsloth: bool
    cpu_cores: int
    ram_total: int | None
    ram_available: int | None


def probe() -> HardwareInfo:
    import torch

    cuda = torch.cuda.is_available()
    name, total, free, capability, bf16 = "CPU", None, None, None, False
    if cuda:
        index = torch.cuda.current_device()
        name = torch.cuda.get_device_name(index)
        free, total = torch.cuda.mem_get_info(index)
        capability = torch.cuda.get_device_capability(index)
        bf16 = bool(torch.cuda.is_bf16_supported())
    ram_total, ram_available = _ram()
    return HardwareInfo(
        cuda=cuda, device_name=name, vram_total=total, vram_free=free,
        compute_capability=capability, bf16=bf16, bitsandbytes=cuda and _bitsandbytes_usable(),
        unsloth=cuda and importlib.util.find_spec("unsloth") is not None,
        cpu_cores=os.cpu_count() or 1, ram_total=ram_total, ram_available=ram_available)


# /proc/cpuinfo flags that mean the CPU multiplies bf16 natively, so autocast to bf16
# is faster than fp32 instead of an emulated slow-down.
_CPU_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


def cpu_bf16_supported() -> bool:
    """True when this CPU has native bf16 matrix instructions (AVX512-BF16 or AMX).

    Without them PyTorch still *accepts* bf16 on the CPU but emulates it, which is slower
    than fp32; so the flag decides whether CPU training autocasts. Linux answers from
    /proc/cpuinfo without importing torch; elsewhere torch's own CPU probe is asked.
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return bool(_CPU_BF16_FLAGS & set(line.partition(":")[2].split()))
    except OSError:
        pass
    try:
        import torch

        probe_cpu = torch.cpu
        return bool(getattr(probe_cpu, "_is_avx512_bf16_supported", lambda: False)()
                    or getattr(probe_cpu, "_is_amx_tile_supported", lambda: False)())
    except Exception:  # an odd build must not break the probe
        return False


def _bitsandbytes_usable() -> bool:
    """bitsandbytes imports and has a CUDA build; an import can fail on odd set-ups."""
    if importlib.util.find_spec("bitsandbytes") is None:
        return False
    try:
        import bitsandbytes  # noqa: F401
    except Exception:  # a broken native library must not break the probe
        return False
    return True


def _ram() -> tuple[int | None, int | None]:
    try:
        import psutil

        memory = psutil.virtual_memory()
        return int(memory.total), int(memory.available)
    except ImportError:
        pass
    try:
        values = {}
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                values[key] = int(rest.split()[0]) * 1024
        return values.get("MemTotal"), values.get("MemAvailable")
    except (OSError, ValueError, IndexError):
        return None, None


def process_rss() -> int:
    """This process's resident memory in bytes (0 when unknown)."""
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except ImportError:
        pass
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def choose_backend(info: HardwareInfo, requested: str = "auto", model_type: str = "") -> str:
    """The backend to use; an explicit request that cannot work is a :class:`UserError`."""
    if requested == "auto":
        if info.cuda and info.unsloth and (not model_type or model_type in UNSLOTH_MODEL_TYPES):
            return "unsloth"
        if info.cuda and info.bitsandbytes:
            return "qlora"
        return "cpu-lora"
    if requested in ("unsloth", "qlora") and not info.cuda:
        raise UserError(
            "backend_unavailable", f"Setting model.backend: “{requested}” needs an NVIDIA GPU "
            "with CUDA, and none was found.",
            "Use backend = \"auto\" or \"cpu-lora\", or check the GPU driver with "
            "`dpo-desktop doctor`.", params={"setting": "model.backend"})
    if requested == "unsloth" and not info.unsloth:
        raise UserError(
            "backend_unavailable", "Setting model.backend: unsloth is not installed.",
            "Install it with `pip install dpo-desktop[unsloth]`, or use backend = \"qlora\".",
            params={"setting": "model.backend"})
    if requested == "qlora" and not info.bitsandbytes:
        raise UserError(
            "backend_unavailable", "Setting model.backend: bitsandbytes is not usable here.",
            "Reinstall bitsandbytes for your CUDA version, or use backend = \"cpu-lora\".",
            params={"setting": "model.backend"})
    return requested


def library_versions() -> dict[str, str]:
    names = ("torch", "transformers", "trl", "peft", "accelerate", "datasets", "bitsandbytes",
             "unsloth", "gguf", "huggingface_hub", "PySide6-Essentials")
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _gib(value: int | None) -> str:
    return "unknown" if value is None else f"{value / 2**30:.1f} GiB"


def describe(info: HardwareInfo) -> list[str]:
    """Human-readable lines for ``doctor`` and the GUI's About box."""
    lines = [f"Device:        {info.device_name}"]
    if info.cuda:
        cc = info.compute_capability
        lines += [f"VRAM:          {_gib(info.vram_free)} free of {_gib(info.vram_total)}",
                  f"Compute cap.:  {cc[0]}.{cc[1]}" if cc else "Compute cap.:  unknown",
                  f"bf16:          {'yes' if info.bf16 else 'no (fp16 is used)'}"]
    else:
        lines.append("CUDA:          not available (training runs on the CPU, slowly)")
    lines += [f"bitsandbytes:  {'usable' if info.bitsandbytes else 'not usable'}",
              f"unsloth:       {'importable' if info.unsloth else 'not installed'}",
              f"CPU cores:     {info.cpu_cores}",
              f"RAM:           {_gib(info.ram_available)} available of {_gib(info.ram_total)}"]
    return lines

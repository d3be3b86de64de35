"""What this computer can train with: GPU, VRAM, bf16, bitsandbytes, unsloth, CPU, RAM.

The probe only asks; it never imports unsloth (importing it patches transformers), and
nothing here needs a GPU. ``bf16`` and ``bitsandbytes`` describe the device training
would run on: the GPU when there is one, else the CPU (native bf16 instructions; a real
4-bit round trip through bitsandbytes' CPU kernels). The backend choice lives here too,
so ``doctor``, the GUI and the engine agree on it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from dataclasses import dataclass

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.core.memory import MemoryNeeds

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
    bf16: bool  # native bf16 on the training device (the GPU, or this CPU)
    bitsandbytes: bool  # 4-bit NF4 quantization works on the training device
    unsloth: bool
    cpu_cores: int
    ram_total: int | None
    ram_available: int | None
    # fp32 matrix-multiply speed of this CPU with all its threads (GFLOP/s), measured by
    # the probe; the Model page's time-per-step estimate scales from it.
    cpu_gflops: float | None = None


def probe(measure_speed: bool = True) -> HardwareInfo:
    """Ask the machine; ``measure_speed`` times the CPU's matmuls (about 0.3 s), which
    only the time-per-step estimate needs, so the engine skips it."""
    import torch

    cuda = torch.cuda.is_available()
    name, total, free, capability, bf16 = "CPU", None, None, None, cpu_bf16_supported()
    if cuda:
        index = torch.cuda.current_device()
        name = torch.cuda.get_device_name(index)
        free, total = torch.cuda.mem_get_info(index)
        capability = torch.cuda.get_device_capability(index)
        bf16 = bool(torch.cuda.is_bf16_supported())
    ram_total, ram_available = _ram()
    return HardwareInfo(
        cuda=cuda, device_name=name, vram_total=total, vram_free=free,
        compute_capability=capability, bf16=bf16,
        bitsandbytes=_bitsandbytes_usable("cuda" if cuda else "cpu"),
        unsloth=cuda and importlib.util.find_spec("unsloth") is not None,
        cpu_cores=os.cpu_count() or 1, ram_total=ram_total, ram_available=ram_available,
        cpu_gflops=cpu_matmul_gflops() if measure_speed else None)


def cpu_matmul_gflops(seconds: float = 0.3) -> float | None:
    """fp32 GFLOP/s of 1024 × 1024 matrix products on the CPU, timed for about ``seconds``.

    Training on the CPU is mostly such products, so this one figure, times an
    efficiency measured for each backend, predicts a step's time on this machine.
    """
    import time

    import torch

    try:
        a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
        torch.mm(a, b)  # warm-up: thread pool and kernels
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds or count < 3:
            torch.mm(a, b)
            count += 1
        return 2 * 1024**3 * count / elapsed / 1e9
    except Exception:  # an odd build must not break the probe
        return None


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


def _bitsandbytes_usable(device: str) -> bool:
    """bitsandbytes imports and round-trips a small NF4 block on ``device``.

    Importing is not enough: older releases import on a CPU-only machine but have no CPU
    kernels, and a broken native library can fail only at the first call. The check
    quantizes 64 × 64 numbers, which takes milliseconds.
    """
    if importlib.util.find_spec("bitsandbytes") is None:
        return False
    try:
        import torch
        from bitsandbytes.functional import dequantize_4bit, quantize_4bit

        values = torch.linspace(-1, 1, 64 * 64, device=device).reshape(64, 64)
        packed, state = quantize_4bit(values, blocksize=64, quant_type="nf4")
        back = dequantize_4bit(packed, state)
        return bool((back.float() - values).abs().max() < 0.2)
    except Exception:  # a missing kernel or broken native library must not break the probe
        return False


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


def choose_backend(info: HardwareInfo, requested: str = "auto", model_type: str = "",
                   needs: MemoryNeeds | None = None) -> str:
    """The backend to use; an explicit request that cannot work is a :class:`UserError`.

    ``needs`` (the cpu-lora and 4-bit estimates for the run) lets ``auto`` pick 4-bit on
    a CPU-only machine when the fp32 model would not fit in RAM and the 4-bit one would;
    otherwise the CPU keeps cpu-lora, which is faster there.
    """
    if requested == "auto":
        if info.cuda and info.unsloth and (not model_type or model_type in UNSLOTH_MODEL_TYPES):
            return "unsloth"
        if info.cuda and info.bitsandbytes:
            return "qlora"
        if not info.cuda and info.bitsandbytes and needs is not None \
                and cpu_needs_four_bit(needs, info.ram_total):
            return "qlora"
        return "cpu-lora"
    if requested == "unsloth" and not info.cuda:
        raise UserError.of(
            "backend_unavailable",
            QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{backend}” needs an NVIDIA GPU "
                                          "with CUDA, and none was found."),
            QT_TRANSLATE_NOOP("messages", "Use backend = \"auto\", \"qlora\" or \"cpu-lora\", or "
                                          "check the GPU driver with `dpo-desktop doctor`."),
            setting="model.backend", backend=requested)
    if requested == "unsloth" and not info.unsloth:
        raise UserError.of(
            "backend_unavailable",
            QT_TRANSLATE_NOOP("messages", "Setting {setting}: unsloth is not installed."),
            QT_TRANSLATE_NOOP("messages", "Install it with `pip install dpo-desktop[unsloth]`, or "
                                          "use backend = \"qlora\"."), setting="model.backend")
    if requested == "qlora" and not info.bitsandbytes:
        raise UserError.of(
            "backend_unavailable",
            QT_TRANSLATE_NOOP("messages", "Setting {setting}: qlora needs bitsandbytes' 4-bit "
                                          "kernels, which are not usable here."),
            QT_TRANSLATE_NOOP("messages", "Reinstall bitsandbytes for your CUDA version, or use "
                                          "backend = \"cpu-lora\".") if info.cuda else
            QT_TRANSLATE_NOOP("messages", "Reinstall bitsandbytes for this CPU (bitsandbytes 0.48 "
                                          "or newer), or use backend = \"cpu-lora\"."),
            setting="model.backend")
    return requested


def cpu_needs_four_bit(needs: MemoryNeeds, ram_total: int | None) -> bool:
    """True when the fp32 run won't fit in RAM but the 4-bit one will (not even tight)."""
    from dpo_desktop.core.memory import fit

    return fit(needs.fp32, ram_total) == "wont_fit" and fit(needs.four_bit, ram_total) in (
        "fits", "tight")


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
                  f"bf16:          {'yes' if info.bf16 else 'no (fp16 is used)'}",
                  "4-bit:         " + ("bitsandbytes works on the GPU" if info.bitsandbytes
                                       else "bitsandbytes not usable")]
    else:
        lines += ["CUDA:          not available (training runs on the CPU, slowly)",
                  "bf16:          " + ("yes, native on this CPU (AVX512-BF16 or AMX)"
                                       if info.bf16 else "no native support (fp32 is used)"),
                  "4-bit:         " + ("bitsandbytes works on the CPU (qlora: for models too "
                                       "big for RAM in fp32; slower than cpu-lora)"
                                       if info.bitsandbytes else "bitsandbytes not usable")]
    lines += [f"unsloth:       {'importable' if info.unsloth else 'not installed'}",
              f"CPU cores:     {info.cpu_cores}",
              f"RAM:           {_gib(info.ram_available)} available of {_gib(info.ram_total)}"]
    return lines

"""The curated list of small instruct models the model picker recommends.

Plain data: the shapes are copied from each model's ``config.json`` so the memory
estimate works before anything is downloaded. ``params`` is the count the authors
publish; :attr:`ModelShape.params` recomputes it from the shape (a test keeps the two
within a few percent of each other, which catches a mistyped shape).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.core.memory import (
    Backend,
    Fit,
    MemoryEstimate,
    ModelShape,
    cpu_needs,
    estimate,
    fit,
)

if TYPE_CHECKING:
    from dpo_desktop.core.hardware import HardwareInfo


@dataclass(frozen=True)
class CatalogEntry:
    spec: str  # what goes into RunConfig.model.spec: a hub id, or "demo"
    name: str
    family: str
    params: float  # published parameter count
    license: str
    shape: ModelShape
    gated: bool = False  # the hub asks you to accept the license before downloading
    note: str = ""

    @property
    def params_label(self) -> str:
        if self.params >= 1e9:
            return f"{self.params / 1e9:.1f}B"
        return f"{self.params / 1e6:.0f}M"

    def estimate(self, *, batch_size: int = 4, max_length: int = 512, lora_rank: int = 16,
                 backend: Backend = "qlora") -> MemoryEstimate:
        return estimate(self.shape, batch_size=batch_size, max_length=max_length,
                        lora_rank=lora_rank, backend=backend)


def _qwen25(size: str, params: float, layers: int, hidden: int, inter: int, heads: int,
            kv: int, tied: bool, license_: str = "Apache-2.0", vocab: int = 151936
            ) -> CatalogEntry:
    return CatalogEntry(f"Qwen/Qwen2.5-{size}-Instruct", f"Qwen2.5 {size} Instruct", "Qwen2.5",
                        params, license_,
                        ModelShape(layers, hidden, inter, heads, kv, vocab, tied))


def _qwen3(size: str, params: float, layers: int, hidden: int, inter: int, heads: int,
           tied: bool) -> CatalogEntry:
    return CatalogEntry(f"Qwen/Qwen3-{size}", f"Qwen3 {size}", "Qwen3", params, "Apache-2.0",
                        ModelShape(layers, hidden, inter, heads, 8, 151936, tied, head_dim=128),
                        note=QT_TRANSLATE_NOOP("messages", "Hybrid thinking model; DPO on plain "
                                                           "answers works as usual."))


# Notes are marked templates: the GUI shows them translated (gui/messages.translate_note).
FUSED_NOTE = QT_TRANSLATE_NOOP("messages", "Fused qkv_proj/gate_up_proj layers: set LoRA target "
                                           "modules to all-linear.")

DEMO = CatalogEntry(
    "demo", "SmolLM2 135M Instruct (embedded demo)", "SmolLM2", 135e6, "Apache-2.0",
    ModelShape(30, 576, 1536, 9, 3, 49152, True),
    note=QT_TRANSLATE_NOOP("messages", "Ships with the app: no download. Small enough to train "
                                       "on a CPU in minutes."))

CATALOG: tuple[CatalogEntry, ...] = (
    DEMO,
    CatalogEntry("HuggingFaceTB/SmolLM2-360M-Instruct", "SmolLM2 360M Instruct", "SmolLM2",
                 362e6, "Apache-2.0", ModelShape(32, 960, 2560, 15, 5, 49152, True)),
    CatalogEntry("HuggingFaceTB/SmolLM2-1.7B-Instruct", "SmolLM2 1.7B Instruct", "SmolLM2",
                 1.71e9, "Apache-2.0", ModelShape(24, 2048, 8192, 32, 32, 49152, True)),
    _qwen25("0.5B", 0.49e9, 24, 896, 4864, 14, 2, True),
    _qwen25("1.5B", 1.54e9, 28, 1536, 8960, 12, 2, True),
    _qwen25("3B", 3.09e9, 36, 2048, 11008, 16, 2, True, license_="Qwen Research"),
    _qwen25("7B", 7.62e9, 28, 3584, 18944, 28, 4, False, vocab=152064),
    _qwen3("0.6B", 0.6e9, 28, 1024, 3072, 16, True),
    _qwen3("1.7B", 1.7e9, 28, 2048, 6144, 16, True),
    _qwen3("4B", 4.0e9, 36, 2560, 9728, 32, True),
    _qwen3("8B", 8.2e9, 36, 4096, 12288, 32, False),
    CatalogEntry("meta-llama/Llama-3.2-1B-Instruct", "Llama 3.2 1B Instruct", "Llama 3.2",
                 1.24e9, "Llama 3.2 Community", ModelShape(16, 2048, 8192, 32, 8, 128256, True),
                 gated=True),
    CatalogEntry("meta-llama/Llama-3.2-3B-Instruct", "Llama 3.2 3B Instruct", "Llama 3.2",
                 3.21e9, "Llama 3.2 Community", ModelShape(28, 3072, 8192, 24, 8, 128256, True),
                 gated=True),
    CatalogEntry("google/gemma-3-1b-it", "Gemma 3 1B IT", "Gemma", 1.0e9, "Gemma",
                 ModelShape(26, 1152, 6912, 4, 1, 262144, True, head_dim=256), gated=True),
    CatalogEntry("google/gemma-2-2b-it", "Gemma 2 2B IT", "Gemma", 2.61e9, "Gemma",
                 ModelShape(26, 2304, 9216, 8, 4, 256000, True, head_dim=256), gated=True),
    CatalogEntry("microsoft/Phi-3.5-mini-instruct", "Phi-3.5 mini Instruct", "Phi", 3.82e9,
                 "MIT", ModelShape(32, 3072, 8192, 32, 32, 32064, False), note=FUSED_NOTE),
    CatalogEntry("microsoft/Phi-4-mini-instruct", "Phi-4 mini Instruct", "Phi", 3.84e9, "MIT",
                 ModelShape(32, 3072, 8192, 24, 8, 200064, True), note=FUSED_NOTE),
)


def find(spec: str) -> CatalogEntry | None:
    return next((entry for entry in CATALOG if entry.spec == spec), None)


def display_name(spec: str) -> str:
    """The name a user knows a model by: the catalog's, a folder's or file's own name, or
    the hub id; never an internal cache folder's name."""
    entry = find(spec)
    if entry is not None:
        return entry.name
    if "/" in spec and not spec.startswith(("/", ".", "~")) and spec.count("/") == 1:
        return spec  # a hub id such as Qwen/Qwen2.5-0.5B-Instruct
    return Path(spec).name or spec


def fit_badge(entry: CatalogEntry, *, vram_total: int | None, ram_total: int | None,
              batch_size: int = 4, max_length: int = 512, lora_rank: int = 16
              ) -> tuple[Fit | None, MemoryEstimate]:
    """The badge for ``entry`` on this machine: against VRAM with a GPU, else against RAM
    with the cpu-lora backend."""
    backend: Backend = "qlora" if vram_total else "cpu-lora"
    needed = entry.estimate(batch_size=batch_size, max_length=max_length, lora_rank=lora_rank,
                            backend=backend)
    return fit(needed.total, vram_total if vram_total else ram_total), needed


@dataclass(frozen=True)
class ModelFit:
    """One catalog model on this machine: the single source of the Model page's table
    and the guide's list, so the two always show the same figures."""

    entry: CatalogEntry
    badge: Fit | None  # None before the hardware probe has answered
    needed: MemoryEstimate  # for the backend this machine would train it with
    backend: str  # "qlora" / "cpu-lora" (unsloth on a GPU uses the qlora estimate)
    four_bit_on_cpu: bool  # no GPU, and only 4-bit training fits in RAM
    step_seconds: float | None  # estimated time per step on this CPU; None on a GPU


def machine_fit(entry: CatalogEntry, info: HardwareInfo | None, *, batch_size: int = 4,
                max_length: int = 512, lora_rank: int = 16) -> ModelFit:
    """What training ``entry`` means on this machine, as ``auto`` would run it.

    With a GPU the 4-bit estimate is compared against VRAM. Without one, the fp32
    (cpu-lora) estimate against RAM, unless it won't fit and the 4-bit one does: then
    the machine would train in 4-bit on the CPU (see ``hardware.choose_backend``).
    """
    from dpo_desktop.core.hardware import cpu_needs_four_bit
    from dpo_desktop.core.steptime import cpu_step_seconds

    shape = {"batch_size": batch_size, "max_length": max_length, "lora_rank": lora_rank}
    if info is not None and info.cuda:
        needed = entry.estimate(backend="qlora", **shape)
        return ModelFit(entry, fit(needed.total, info.vram_total), needed, "qlora", False,
                        None)
    cpu = entry.estimate(backend="cpu-lora", **shape)
    if info is None:
        return ModelFit(entry, None, cpu, "cpu-lora", False, None)
    four_bit = estimate(entry.shape, backend="qlora", device="cpu", bf16=info.bf16,
                        batch_size=batch_size, max_length=max_length, lora_rank=lora_rank)
    needs = cpu_needs(entry.shape, bf16=info.bf16, batch_size=batch_size,
                      max_length=max_length, lora_rank=lora_rank)
    backend: Backend = "cpu-lora"
    needed = cpu
    if info.bitsandbytes and cpu_needs_four_bit(needs, info.ram_total):
        backend, needed = "qlora", four_bit
    seconds = cpu_step_seconds(entry.shape, info.cpu_gflops, backend=backend,
                               batch_size=batch_size, max_length=max_length, bf16=info.bf16)
    return ModelFit(entry, fit(needed.total, info.ram_total), needed, backend,
                    backend == "qlora", seconds)


def fit_table(info: HardwareInfo | None, *, batch_size: int = 4, max_length: int = 512,
              lora_rank: int = 16) -> list[ModelFit]:
    """:func:`machine_fit` for every catalog entry, in catalog order."""
    return [machine_fit(entry, info, batch_size=batch_size, max_length=max_length,
                        lora_rank=lora_rank) for entry in CATALOG]

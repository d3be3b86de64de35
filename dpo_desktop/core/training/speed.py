"""How a run trains fast on this machine: precision, checkpointing, reference precompute, Liger.

Each choice is a pure function of the settings, the hardware probe and a few numbers
(free RAM, the model's shape, the training set's size), so tests can check every branch
without a GPU or the optional packages. The engine turns the plan into ``DPOConfig``
arguments and writes every choice with its reason into ``run.toml``'s ``[resolved]``
table, so a user can see why a run used bf16 or gradient checkpointing.

What was measured (``bench/train_throughput.py``, demo model, 2-core EPYC with
AVX512-BF16) decided the CPU defaults:

- bf16 autocast where the CPU multiplies bf16 natively: the largest single gain, and the
  held-out accuracy holds; fp32 elsewhere, where bf16 is emulated and slower;
- with bf16 autocast, the frozen base weights rounded to bf16 once (frozen.py): the same
  products as autocast's per-forward copies, less memory;
- one pass over each pair's prompt for both answers, and only answer tokens through the
  LM head (shared_prompt.py): with a sheet's short answers, about half the tokens;
- no gradient checkpointing while the no-checkpointing estimate, for a batch of the
  longest real pair (not of ``max_length``), fits comfortably in the free RAM
  (recomputing activations costs about a quarter of a step);
- batches grouped by length, so short pairs are not padded up to long ones;
- the reference log-probs computed once when the run covers the data more than once
  (twice for a run limited by steps): with one pass the precompute costs as much as the
  reference forwards it saves, and it delays the first step.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dpo_desktop.core.config import RunConfig
from dpo_desktop.core.hardware import HardwareInfo, cpu_bf16_supported
from dpo_desktop.core.memory import ModelShape, estimate

LIGER_MIN_VERSION = (0, 3, 0)  # transformers' own floor for use_liger_kernel
CHECKPOINTING_RAM_SHARE = 0.6
"""Without checkpointing, the estimate may use at most this share of the free RAM."""
LONGEST_SAMPLE = 32
"""Pairs tokenized to find the longest: the ones longest in characters."""
TEMPLATE_MARGIN = 16
"""Chat-template tokens around an answer that tokenizing its text alone does not count."""


@dataclass(frozen=True)
class SpeedPlan:
    """What the engine will do, and one plain reason per choice."""

    precision: str  # "bf16-autocast", "fp32", "bf16" or "fp16"
    gradient_checkpointing: bool
    precompute_reference: bool
    group_by_length: bool
    liger: bool
    reasons: tuple[tuple[str, str], ...]
    share_prompt: bool = False
    frozen_bf16: bool = False

    def trainer_args(self) -> dict[str, Any]:
        """The DPOConfig arguments for these choices (checkpointing names are the old ones;
        the engine renames them for transformers versions that changed them)."""
        args: dict[str, Any] = {
            "bf16": self.precision in ("bf16-autocast", "bf16"),
            "fp16": self.precision == "fp16",
            "gradient_checkpointing": self.gradient_checkpointing,
            "precompute_ref_log_probs": self.precompute_reference,
        }
        if self.liger:
            # TRL patches the LM head itself: Liger may only swap the layer kernels.
            args["use_liger_kernel"] = True
            args["liger_kernel_config"] = {"fused_linear_cross_entropy": False}
        return args

    def resolved(self) -> dict[str, Any]:
        """The ``[resolved]`` entries for run.toml: each value plus ``<name>_reason``."""
        values: dict[str, Any] = {
            "precision": self.precision,
            "gradient_checkpointing": self.gradient_checkpointing,
            "precompute_reference": self.precompute_reference,
            "group_by_length": self.group_by_length,
            "liger_kernel": self.liger,
            "share_prompt": self.share_prompt,
            "frozen_weights_bf16": self.frozen_bf16,
        }
        out: dict[str, Any] = {}
        for key, value in values.items():
            out[key] = value
            reason = dict(self.reasons).get(key)
            if reason:
                out[f"{key}_reason"] = reason
        return out


def liger_installed() -> bool:
    """liger-kernel is importable and new enough for transformers' integration.

    Only the package metadata is read: importing liger needs triton and a GPU.
    """
    if importlib.util.find_spec("liger_kernel") is None:
        return False
    try:
        version = importlib.metadata.version("liger-kernel")
    except importlib.metadata.PackageNotFoundError:
        return False
    return _version_tuple(version) >= LIGER_MIN_VERSION


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def model_shape(model_config: Any) -> ModelShape | None:
    """The memory-relevant numbers of a transformers config; None when it lacks them."""
    try:
        heads = int(model_config.num_attention_heads)
        return ModelShape(
            layers=int(model_config.num_hidden_layers), hidden=int(model_config.hidden_size),
            intermediate=int(model_config.intermediate_size), heads=heads,
            kv_heads=int(getattr(model_config, "num_key_value_heads", None) or heads),
            vocab=int(model_config.vocab_size),
            tied_embeddings=bool(getattr(model_config, "tie_word_embeddings", True)),
            head_dim=getattr(model_config, "head_dim", None))
    except (AttributeError, TypeError, ValueError):
        return None


def longest_pair_tokens(pairs: Sequence[Any], tokenizer: Any,
                        sample: int = LONGEST_SAMPLE) -> int | None:
    """Tokens in the longest pair (prompt + its longer answer), None without pairs.

    The memory estimate sizes the longest batch a run will meet: with length-grouped
    batches that is about ``batch × longest pair``, and a sheet of short answers never
    comes near ``max_length``. Only the ``sample`` pairs longest in characters are
    tokenized, so a 100,000-row sheet costs no more than a small one.
    """
    if not pairs:
        return None

    def characters(pair: Any) -> int:
        return sum(len(m.content) for m in pair.prompt) + max(len(pair.chosen),
                                                               len(pair.rejected))

    def count(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    longest = 0
    for pair in sorted(pairs, key=characters, reverse=True)[:sample]:
        messages = [m.as_dict() for m in pair.prompt]
        try:
            prompt = count(tokenizer.apply_chat_template(messages, tokenize=False,
                                                         add_generation_prompt=True))
        except Exception:  # no usable template: the plain text is close enough
            prompt = count("\n".join(m["content"] for m in messages))
        answer = max(count(pair.chosen), count(pair.rejected))
        longest = max(longest, prompt + answer + TEMPLATE_MARGIN)
    return longest


def epochs_covered(config: RunConfig, train_rows: int) -> float:
    """How many passes over the training pairs the run makes."""
    t = config.training
    if t.max_steps <= 0:
        return t.epochs
    per_step = max(1, t.batch_size * t.grad_accumulation)
    steps_per_epoch = max(1, math.ceil(train_rows / per_step))
    return t.max_steps / steps_per_epoch


def plan(config: RunConfig, backend: str, info: HardwareInfo, *, train_rows: int,
         shape: ModelShape | None, eval_rows: int = 0, cpu_bf16: bool | None = None,
         liger: bool | None = None, prompt_sharing: bool = False,
         longest_pair: int | None = None) -> SpeedPlan:
    """The speed choices for one run; ``cpu_bf16`` and ``liger`` default to the probes.

    ``prompt_sharing`` says whether the loaded model can take packed pairs
    (``shared_prompt.supported``); ``longest_pair`` is :func:`longest_pair_tokens` (None:
    every pair is taken to fill ``max_length``)."""
    t = config.training
    reasons: dict[str, str] = {}

    # Precision.
    if not info.cuda:  # cpu-lora, or a 4-bit backend on the CPU
        native = cpu_bf16_supported() if cpu_bf16 is None else cpu_bf16
        precision = "bf16-autocast" if native else "fp32"
        reasons["precision"] = (
            "the CPU multiplies bf16 natively (AVX512-BF16 or AMX): autocast to bf16, "
            "LoRA weights stay fp32" if native else
            "the CPU has no native bf16 (AVX512-BF16 or AMX), where bf16 is emulated and "
            "slower than fp32")
    else:
        precision = "bf16" if info.bf16 else "fp16"
        reasons["precision"] = ("the GPU supports bf16" if info.bf16 else
                                "the GPU has no bf16: fp16 with loss scaling")

    # Gradient checkpointing.
    if backend == "unsloth":
        checkpointing = False
        reasons["gradient_checkpointing"] = "unsloth checkpoints inside its own kernels"
    elif backend == "qlora":
        checkpointing = True
        reasons["gradient_checkpointing"] = "always on for 4-bit QLoRA (memory first)"
    elif t.gradient_checkpointing:
        checkpointing = True
        reasons["gradient_checkpointing"] = "turned on in the settings"
    else:
        checkpointing, reasons["gradient_checkpointing"] = _checkpointing_by_memory(
            config, info, shape, longest_pair, native_bf16=precision == "bf16-autocast")

    # Reference log-probs: the precompute pass scores the training pairs once (and TRL
    # scores the held-out pairs too); it pays when the passes after the first save more
    # reference forwards than that. A step-limited run must cover the data twice, so a
    # short run does not wait for a pass over the whole set before its first step.
    passes = epochs_covered(config, train_rows)
    saved = (passes - 1.0) * train_rows
    multi_pass = passes > 1.0 if t.max_steps <= 0 else passes >= 2.0
    if t.precompute_reference:
        precompute = True
        reasons["precompute_reference"] = "turned on in the settings"
    elif multi_pass and saved > eval_rows:
        precompute = True
        reasons["precompute_reference"] = (
            f"the run covers the data {passes:.1f} times: one reference pass replaces a "
            "reference forward in every step")
    else:
        precompute = False
        reasons["precompute_reference"] = (
            f"the run covers the data {passes:.1f} times: a precompute pass would cost about "
            "as much as it saves, and delay the first step")

    # Length grouping: a no-op for batch 1, otherwise less padding for the same pairs.
    grouped = t.batch_size > 1
    reasons["group_by_length"] = ("pairs of similar length share a batch, so less padding"
                                  if grouped else "batch size 1 has no padding to save")

    # Liger kernels (GPU only, optional extra).
    use_liger, reasons["liger_kernel"] = _liger_choice(config, backend, info, liger)
    share, reasons["share_prompt"] = _prompt_sharing_choice(backend, info, prompt_sharing)

    # Frozen weights rounded to bf16 once (core/training/frozen.py) instead of by autocast
    # at every forward: the same products, less memory.
    frozen_bf16 = precision == "bf16-autocast" and backend == "cpu-lora"
    reasons["frozen_weights_bf16"] = (
        "autocast multiplies the frozen weights in bf16 anyway: rounded once, they take "
        "half the memory and no copy per forward" if frozen_bf16 else
        "only for full-precision weights under bf16 autocast on the CPU")
    return SpeedPlan(precision=precision, gradient_checkpointing=checkpointing,
                     precompute_reference=precompute, group_by_length=grouped,
                     liger=use_liger, reasons=tuple(reasons.items()), share_prompt=share,
                     frozen_bf16=frozen_bf16)


def _prompt_sharing_choice(backend: str, info: HardwareInfo, supported: bool
                           ) -> tuple[bool, str]:
    """Each pair's prompt computed once for both answers (core/training/shared_prompt.py):
    measured on the CPU; on a GPU TRL's own head already skips the prompt positions, and
    the packed mask would keep the fastest attention kernels from running."""
    if info.cuda:
        return False, "on a GPU the fused attention kernels need the plain layout"
    if backend == "unsloth":
        return False, "unsloth brings its own kernels"
    if not supported:
        return False, "this model's attention or LM head does not take packed pairs"
    return True, ("chosen and rejected share one pass over the prompt, and only answer "
                  "tokens go through the LM head")


def _checkpointing_by_memory(config: RunConfig, info: HardwareInfo,
                             shape: ModelShape | None, longest_pair: int | None,
                             native_bf16: bool) -> tuple[bool, str]:
    if shape is None:
        return False, "the model's shape is unknown, so the faster setting is kept"
    if info.ram_available is None:
        return False, "the free RAM is unknown, so the faster setting is kept"
    t = config.training
    length = t.max_length if longest_pair is None else max(1, min(t.max_length, longest_pair))
    needed = estimate(shape, batch_size=t.batch_size, max_length=length,
                      lora_rank=config.lora.r, lora_targets=config.lora.target_modules,
                      backend="cpu-lora", gradient_checkpointing=False,
                      autocast=native_bf16).total
    budget = CHECKPOINTING_RAM_SHARE * info.ram_available
    gib = 1024**3
    if needed > budget:
        return True, (f"without it the estimate is {needed / gib:.1f} GiB, over "
                      f"{CHECKPOINTING_RAM_SHARE:.0%} of the {info.ram_available / gib:.1f} GiB "
                      "free RAM")
    return False, (f"the estimate without it ({needed / gib:.1f} GiB) fits in the "
                   f"{info.ram_available / gib:.1f} GiB free RAM, and recomputing costs time")


def _liger_choice(config: RunConfig, backend: str, info: HardwareInfo,
                  installed: bool | None) -> tuple[bool, str]:
    """TRL's rules (installed 1.x): Liger only on CUDA, layer kernels only (TRL's own fused
    LM head already computes the log-probs in chunks), never under unsloth, and never with
    an adapter on the output head, which Liger's kernels bypass."""
    if not info.cuda or backend == "cpu-lora":
        return False, "Liger kernels need an NVIDIA GPU"
    if backend == "unsloth":
        return False, "unsloth brings its own kernels"
    if not config.training.liger_kernel:
        return False, "turned off in the settings"
    targets = {name.rsplit(".", 1)[-1] for name in config.lora.target_modules}
    if targets & {"lm_head", "embed_tokens"}:
        return False, "an adapter on lm_head/embed_tokens is not supported with Liger"
    available = liger_installed() if installed is None else installed
    if not available:
        return False, "liger-kernel is not installed (pip install dpo-desktop[liger])"
    return True, "liger-kernel is installed: fused RMSNorm, RoPE and SwiGLU kernels"

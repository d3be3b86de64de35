"""Merge the LoRA adapter into a 16-bit copy of its base model, streaming.

No transformers model is built: each base tensor is read from the base's own safetensors
(sharded or not) a chunk of rows at a time, the adapter's delta ``scale · B @ A`` is
computed in fp32 and added, and the chunk in the output dtype is appended to the output
shard, so memory follows a few chunks, not the model. The same chunks feed the GGUF
writer (see ``pipeline``), so the merged model is never read back. The pass itself, run
by worker threads, is ``blockpass``.

The base is always its own 16-bit (or 32-bit) weights, never bitsandbytes 4-bit ones, even
when training used 4-bit QLoRA: adding a LoRA delta to 4-bit weights and re-rounding loses
quality silently (peft#2321). A base stored in bf16 or fp16 stays so; an fp32 base is
merged into bf16 (fp16 on a GPU without bf16), or any dtype the user asks for.

The arithmetic is PEFT's ``merge_and_unload(safe_merge=True)``, step for step: the base
weight cast to the output dtype, the delta computed in fp32 and rounded to that dtype, the
two added (in fp32 by torch, rounded once more). So the result equals PEFT's bit for bit,
which the tests check for every supported architecture. (Adding the fp32 delta and
rounding once would be closer to the exact sum by at most one unit in the last place, but
never equal to what users got before, and the difference is far below what the adapter
changes.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.export.blockpass import run_pass
from dpo_desktop.core.export.card import model_card
from dpo_desktop.core.export.lora import Adapter
from dpo_desktop.core.export.runinfo import RunInfo
from dpo_desktop.core.export.safetensors_stream import (
    OutTensor,
    SafetensorsFolder,
    ShardWriter,
    planned_bytes,
)
from dpo_desktop.core.i18n import CHOOSE_ONE, QT_TRANSLATE_NOOP

MERGE_DTYPES = ("auto", "bfloat16", "float16", "float32")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "tokenizer.model")
# Buffers some checkpoints carry that are not weights (transformers does not save them).
IGNORED = re.compile(r"(rotary_emb\.inv_freq|\.masked_bias|\.attn\.bias)$")
BLOCK_VALUES = 8 * 2**20  # values per block of rows in the check's re-encoding (32 MB)


@dataclass(frozen=True)
class MergeReport:
    path: Path
    dtype: str
    parameters: int
    nbytes: int


def _config_dtype(config: Any) -> str:
    value = getattr(config, "dtype", None) or getattr(config, "torch_dtype", None)
    return str(value).replace("torch.", "") if value is not None else ""


def choose_dtype(requested: str, base_config: Any, stored: str = "") -> str:
    """The dtype name to merge and save in (see the module docstring for why)."""
    if requested not in MERGE_DTYPES:
        raise UserError.of(
            "merge_bad_dtype",
            QT_TRANSLATE_NOOP("messages", "“{dtype}” is not a merge precision."),
            CHOOSE_ONE,
                dtype=requested, choices=tuple(MERGE_DTYPES))
    if requested != "auto":
        return requested
    if stored in ("bfloat16", "float16"):
        return stored
    if not stored and _config_dtype(base_config) == "float16":
        return "float16"
    import torch

    if torch.cuda.is_available() and not torch.cuda.is_bf16_supported():
        return "float16"
    return "bfloat16"


def _refuse_quantized(base: str, config: Any) -> None:
    quant = getattr(config, "quantization_config", None)
    if quant:
        method = quant.get("quant_method", "?") if isinstance(quant, dict) else \
            getattr(quant, "quant_method", "?")
        raise UserError.of(
            "merge_base_quantized",
            QT_TRANSLATE_NOOP("messages", "The base model {model} is stored quantized ({method}); "
                                          "merging into quantized weights loses quality."),
            QT_TRANSLATE_NOOP("messages", "Point the adapter at the original 16-bit base model "
                                          "(base_model_name_or_path in "
                                          "adapter/adapter_config.json) and export again."),
            model=base, method=str(method))


def stream_order(name: str) -> tuple[int, int, str]:
    """Embeddings first, then the layers by number, then the rest (norm, head)."""
    match = re.search(r"\.layers\.(\d+)\.", name)
    if match:
        return (1, int(match.group(1)), name)
    return (0 if "embed" in name else 2, 0, name)


@dataclass
class MergePlan:
    """Everything the merge will read and write, known before any weight is read."""

    base_dir: Path
    config: Any
    dtype: str | None  # None: keep each tensor's stored dtype (a plain conversion)
    folder: SafetensorsFolder
    adapter: Adapter | None
    tensors: list[OutTensor]
    tokenizer_dir: Path

    @property
    def parameters(self) -> int:
        return sum(t.nbytes // _size(t.dtype) for t in self.tensors)

    @property
    def source_bytes(self) -> int:
        return sum(self.folder.tensors[t.name].nbytes for t in self.tensors)

    @property
    def output_bytes(self) -> int:
        return planned_bytes(self.tensors)

    def shapes(self) -> dict[str, tuple[int, ...]]:
        return {t.name: t.shape for t in self.tensors}


def _size(dtype: str) -> int:
    from dpo_desktop.core.export.safetensors_stream import dtype_size

    return dtype_size(dtype)


def _load_config(model: str) -> Any:
    from transformers import AutoConfig

    try:
        return AutoConfig.from_pretrained(model)
    except (OSError, ValueError) as exc:
        raise _base_missing(model, exc) from exc


def _local_dir(model: str) -> Path:
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model, local_files_only=True,
                                      allow_patterns=["*.json", "*.safetensors", "*.model",
                                                      "*.jinja", "*.txt"]))
    except Exception as exc:  # not in the cache: the same message as a missing folder
        raise _base_missing(model, exc) from exc


def _base_missing(model: str, exc: Exception) -> UserError:
    return UserError.of(
        "export_base_missing",
        QT_TRANSLATE_NOOP("messages", "The base model “{model}” could not be found."),
        QT_TRANSLATE_NOOP("messages", "The adapter's base_model_name_or_path must name a local "
                                      "model folder (or a model in the Hugging Face cache)."),
        detail=str(exc), model=model)


def plan_folder(model_dir: Path, dtype: str | None = None,
                adapter: Adapter | None = None, config: Any = None) -> MergePlan:
    """The plan for streaming ``model_dir`` (plus ``adapter``) as ``dtype``."""
    config = config if config is not None else _load_config(str(model_dir))
    folder = SafetensorsFolder(model_dir)
    tied = bool(getattr(config, "tie_word_embeddings", False))
    names = sorted((n for n in folder.tensors
                    if not IGNORED.search(n) and not (tied and n == "lm_head.weight")),
                   key=stream_order)
    shapes = {n: folder.tensors[n].shape for n in names}
    if adapter is not None:
        adapter.check_shapes(shapes)
    floating = ("bfloat16", "float16", "float32")
    tensors = [OutTensor(n, dtype if dtype and folder.tensors[n].dtype in floating
                         else folder.tensors[n].dtype, shapes[n]) for n in names]
    return MergePlan(model_dir, config, dtype, folder, adapter, tensors, model_dir)


def plan_merge(info: RunInfo, dtype: str = "auto") -> MergePlan:
    """Read the base's and the adapter's headers and decide what will be written."""
    config = _load_config(info.base_model)
    _refuse_quantized(info.base_model, config)
    base_dir = _local_dir(info.base_model)
    folder = SafetensorsFolder(base_dir)
    chosen = choose_dtype(dtype, config, folder.stored_dtype())
    adapter = Adapter(info.adapter_dir, info.adapter_config)
    plan = plan_folder(base_dir, chosen, adapter, config)
    has_tokenizer = any((info.adapter_dir / name).is_file() for name in _TOKENIZER_FILES)
    plan.tokenizer_dir = info.adapter_dir if has_tokenizer else base_dir
    return plan


def write_metadata(plan: MergePlan, out_dir: Path, card: str | None) -> Any:
    """config.json (in the output dtype), generation_config.json, tokenizer, model card.
    Returns the tokenizer it loaded and saved, so the GGUF writer and the Ollama files use
    this one instead of loading it again (about 0.2 s a load for a 49k vocabulary)."""
    from transformers import AutoTokenizer, GenerationConfig

    out_dir.mkdir(parents=True, exist_ok=True)
    config = plan.config
    if plan.dtype:
        import torch

        config.dtype = getattr(torch, plan.dtype)
    config.save_pretrained(str(out_dir))
    try:
        generation = GenerationConfig.from_pretrained(str(plan.base_dir))
    except OSError:
        generation = GenerationConfig.from_model_config(config)
    generation.save_pretrained(str(out_dir))
    tokenizer = AutoTokenizer.from_pretrained(str(plan.tokenizer_dir))
    rows = plan.shapes().get("model.embed_tokens.weight")
    if rows and len(tokenizer) > rows[0]:
        raise UserError.of(
            "export_vocab_mismatch",
            QT_TRANSLATE_NOOP("messages", "The tokenizer has {tokens} tokens but the model only "
                                          "{rows} embedding rows."),
            QT_TRANSLATE_NOOP("messages", "Train with the base model's own tokenizer, or resize "
                                          "the base model's embeddings before training."),
            tokens=len(tokenizer), rows=rows[0])
    tokenizer.save_pretrained(str(out_dir))
    if card is not None:
        (out_dir / "README.md").write_text(card, encoding="utf-8")
    return tokenizer


def merge_run(info: RunInfo, out_dir: Path, *, dtype: str = "auto",
              on_event: Any = None, control: JobControl | None = None,
              ) -> MergeReport:
    """Write the merged model, tokenizer, chat template, generation config and card."""
    from dpo_desktop.core import events
    from dpo_desktop.core.export.progress import ExportProgress

    progress = ExportProgress(on_event or events.ignore_events)
    plan = plan_merge(info, dtype)
    assert plan.dtype is not None
    write_metadata(plan, out_dir, model_card(info, dtype=plan.dtype))
    progress.start("merging", "merging the adapter", plan.source_bytes)
    writer = ShardWriter(out_dir, plan.tensors)
    try:
        run_pass(plan, [writer], progress.advance, control)
        progress.complete()
        writer.close()
    finally:
        writer.abort()
    return report(plan, out_dir)


def report(plan: MergePlan, out_dir: Path) -> MergeReport:
    nbytes = sum(p.stat().st_size for p in out_dir.glob("*.safetensors"))
    return MergeReport(out_dir, plan.dtype or plan.folder.stored_dtype(), plan.parameters,
                       nbytes)

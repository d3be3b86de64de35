"""Write a merged Hugging Face folder as one GGUF file, in pure Python (gguf-py).

Memory stays at about one tensor: the file's header and tensor table are written from a
plan first, then each tensor is read from the safetensors shards, transformed, quantized
and appended in turn. A progress event goes out for every tensor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from gguf import GGML_QUANT_VERSION, GGMLQuantizationType, GGUFWriter, get_tensor_name_map

from dpo_desktop.core import events
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.export import gguf_arch, gguf_types
from dpo_desktop.core.export.gguf_types import TensorPlan
from dpo_desktop.core.export.gguf_vocab import read_vocab

# Buffers some checkpoints carry that are not weights.
_IGNORED = re.compile(r"(rotary_emb\.inv_freq|\.masked_bias|\.attn\.bias)$")


class ExportCancelled(Exception):
    """The user stopped the export; the caller removes what was written."""


@dataclass(frozen=True)
class GGUFReport:
    path: Path
    out_type: str
    arch: str
    tensor_count: int
    nbytes: int
    type_counts: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


def _shards(model_dir: Path) -> list[Path]:
    index = model_dir / "model.safetensors.index.json"
    if index.is_file():
        names = sorted(set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()))
        return [model_dir / name for name in names]
    single = model_dir / "model.safetensors"
    if single.is_file():
        return [single]
    raise UserError("gguf_no_safetensors", f"{model_dir} holds no safetensors weights.",
                    "Export the merged model first; it is saved as safetensors.")


def _tensor_shapes(model_dir: Path) -> dict[str, tuple[Path, tuple[int, ...]]]:
    from safetensors import safe_open

    found: dict[str, tuple[Path, tuple[int, ...]]] = {}
    for shard in _shards(model_dir):
        with safe_open(str(shard), framework="pt") as handle:
            for name in handle.keys():  # noqa: SIM118 - safe_open is not a mapping
                found[name] = (shard, tuple(handle.get_slice(name).get_shape()))
    return found


def _order(gguf_name: str) -> tuple[int, int, str]:
    if gguf_name.startswith("token_embd"):
        return (0, 0, gguf_name)
    match = re.match(r"blk\.(\d+)\.", gguf_name)
    if match:
        return (1, int(match.group(1)), gguf_name)
    return (2, 0, gguf_name)


def plan_tensors(model_dir: Path, config: Any, spec: gguf_arch.ArchSpec,
                 out_type: str) -> tuple[list[TensorPlan], list[str], dict[str, Path]]:
    """Name, shape and storage type for every tensor, in the order they will be written."""
    name_map = get_tensor_name_map(spec.arch, int(config.num_hidden_layers))
    tied = bool(getattr(config, "tie_word_embeddings", False))
    shapes = _tensor_shapes(model_dir)
    found: list[tuple[str, str, tuple[int, ...]]] = []
    sources: dict[str, Path] = {}
    for hf_name, (shard, shape) in shapes.items():
        if _IGNORED.search(hf_name) or (tied and hf_name == "lm_head.weight"):
            continue
        base, dot, suffix = hf_name.rpartition(".")
        mapped = name_map.get_name(base) if suffix in ("weight", "bias") else None
        if mapped is None:
            raise UserError(
                "gguf_unmapped_tensor",
                f"The tensor “{hf_name}” has no GGUF name for the {spec.gguf_name} architecture.",
                gguf_arch.CONVERTER_HINT)
        found.append((hf_name, f"{mapped}{dot}{suffix}", shape))
        sources[hf_name] = shard
    # All at once: a K mix's choice for a tensor depends on the others (layer counts).
    picks, notes = gguf_types.choose_qtypes([(g, shape) for _, g, shape in found], out_type,
                                            int(config.num_hidden_layers))
    plans = [TensorPlan(hf_name, gguf_name, shape, qtype, note)
             for (hf_name, gguf_name, shape), (qtype, note) in zip(found, picks)]
    if gguf_arch.llama3_rope_factors(config) is not None:
        dim = gguf_arch.head_dim(config) // 2
        plans.append(TensorPlan("", "rope_freqs.weight", (dim,), GGMLQuantizationType.F32))
    plans.sort(key=lambda p: _order(p.gguf_name))
    return plans, notes, sources


def _tensor_data(plans: list[TensorPlan], sources: dict[str, Path], config: Any,
                 spec: gguf_arch.ArchSpec) -> Iterator[tuple[TensorPlan, np.ndarray]]:
    """Each planned tensor as float32 numpy, transformed, opening each shard once at a time."""
    import torch
    from safetensors import safe_open

    handles: dict[Path, Any] = {}
    try:
        for plan in plans:
            if plan.gguf_name == "rope_freqs.weight":
                factors = gguf_arch.llama3_rope_factors(config)
                assert factors is not None
                yield plan, factors
                continue
            shard = sources[plan.hf_name]
            if shard not in handles:
                handles[shard] = safe_open(str(shard), framework="pt")
            tensor = handles[shard].get_tensor(plan.hf_name).to(torch.float32).numpy()
            yield plan, gguf_arch.transform(spec, config, plan.hf_name, tensor)
    finally:
        handles.clear()


def write_gguf(model_dir: Path, out_path: Path, out_type: str, *, model_name: str,
               on_event: events.EventCallback = events.ignore_events,
               should_stop: Callable[[], bool] | None = None) -> GGUFReport:
    """Convert the merged folder ``model_dir`` into ``out_path`` stored as ``out_type``."""
    from transformers import AutoConfig

    if out_type not in gguf_types.GGUF_TYPES:
        raise UserError("gguf_bad_type", f"“{out_type}” is not a GGUF type we can write.",
                        f"Choose one of: {', '.join(gguf_types.GGUF_TYPES)}.")
    config = AutoConfig.from_pretrained(str(model_dir))
    spec = gguf_arch.spec_for(config)
    vocab = read_vocab(model_dir, config, spec.hf_model_type)
    plans, notes, sources = plan_tensors(model_dir, config, spec, out_type)
    notes = [*vocab.notes, *notes]

    writer = GGUFWriter(str(out_path), spec.gguf_name)
    try:
        writer.add_type("model")
        writer.add_name(model_name)
        writer.add_file_type(int(gguf_types.file_type(out_type)))
        writer.add_quantization_version(GGML_QUANT_VERSION)
        notes += gguf_arch.add_hyperparameters(writer, spec, config)
        vocab.add_to(writer)
        for plan in plans:
            writer.add_tensor_info(plan.gguf_name, plan.shape, np.dtype(np.float32),
                                   plan.nbytes, raw_dtype=plan.qtype)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()

        def stop_check(_done: int) -> None:  # between chunks of a long K-quant tensor
            if should_stop is not None and should_stop():
                raise ExportCancelled()

        total = len(plans)
        for index, (plan, data) in enumerate(_tensor_data(plans, sources, config, spec), 1):
            if should_stop is not None and should_stop():
                raise ExportCancelled()
            if tuple(data.shape) != plan.shape:
                raise RuntimeError(f"{plan.hf_name}: shape {data.shape} != planned {plan.shape}")
            writer.write_tensor_data(gguf_types.encode(data, plan.qtype, on_progress=stop_check))
            on_event(events.PhaseChanged("writing_gguf", plan.gguf_name, current=index,
                                         total=total))
        writer.flush()
    finally:
        writer.close()
    counts: dict[str, int] = {}
    for plan in plans:
        counts[plan.qtype.name] = counts.get(plan.qtype.name, 0) + 1
    return GGUFReport(out_path, out_type, spec.gguf_name, len(plans), out_path.stat().st_size,
                      tuple(sorted(counts.items())), tuple(notes))

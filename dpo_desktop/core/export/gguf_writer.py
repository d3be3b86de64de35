"""Write a model as one GGUF file, in pure Python (gguf-py), from tensors as they stream.

Memory stays at about one tensor: the file's header and tensor table are written from a
plan first (names, shapes and types are known from the safetensors headers), then each
tensor arrives in blocks of rows (from the streaming merge, or read from a folder), is
transformed, quantized block by block into its slot and appended. The tensors are written
in the stream's order, which llama.cpp does not care about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from gguf import GGML_QUANT_VERSION, GGMLQuantizationType, GGUFWriter, get_tensor_name_map

from dpo_desktop.core import events
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.export import gguf_arch, gguf_types
from dpo_desktop.core.export.gguf_types import TensorPlan
from dpo_desktop.core.export.gguf_vocab import read_vocab
from dpo_desktop.core.export.progress import ExportCancelled, ExportProgress
from dpo_desktop.core.i18n import CHOOSE_ONE, QT_TRANSLATE_NOOP

__all__ = ["ExportCancelled", "GGUFReport", "GGUFStream", "plan_tensors", "write_gguf"]

# Buffers some checkpoints carry that are not weights.
_IGNORED = re.compile(r"(rotary_emb\.inv_freq|\.masked_bias|\.attn\.bias)$")


@dataclass(frozen=True)
class GGUFReport:
    path: Path
    out_type: str
    arch: str
    tensor_count: int
    nbytes: int
    type_counts: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


def plan_tensors(shapes: dict[str, tuple[int, ...]], config: Any, spec: gguf_arch.ArchSpec,
                 out_type: str) -> tuple[list[TensorPlan], list[str]]:
    """Name, shape and storage type for every tensor, in the order of ``shapes`` (the
    stream's order), then the synthetic ones (Llama 3 rope factors)."""
    name_map = get_tensor_name_map(spec.arch, int(config.num_hidden_layers))
    tied = bool(getattr(config, "tie_word_embeddings", False))
    found: list[tuple[str, str, tuple[int, ...]]] = []
    for hf_name, shape in shapes.items():
        if _IGNORED.search(hf_name) or (tied and hf_name == "lm_head.weight"):
            continue
        base, dot, suffix = hf_name.rpartition(".")
        mapped = name_map.get_name(base) if suffix in ("weight", "bias") else None
        if mapped is None:
            raise UserError.of(
                "gguf_unmapped_tensor",
                QT_TRANSLATE_NOOP("messages", "The tensor “{tensor}” has no GGUF name for the "
                                              "{architecture} architecture."),
                gguf_arch.CONVERTER_HINT, tensor=hf_name, architecture=spec.gguf_name)
        found.append((hf_name, f"{mapped}{dot}{suffix}", tuple(shape)))
    # All at once: a K mix's choice for a tensor depends on the others (layer counts).
    picks, notes = gguf_types.choose_qtypes([(g, shape) for _, g, shape in found], out_type,
                                            int(config.num_hidden_layers))
    plans = [TensorPlan(hf_name, gguf_name, shape, qtype, note)
             for (hf_name, gguf_name, shape), (qtype, note) in zip(found, picks)]
    if gguf_arch.llama3_rope_factors(config) is not None:
        dim = gguf_arch.head_dim(config) // 2
        plans.append(TensorPlan("", "rope_freqs.weight", (dim,), GGMLQuantizationType.F32))
    return plans, notes


def needs_whole_tensor(spec: gguf_arch.ArchSpec, hf_name: str) -> bool:
    """Whether the tensor's transform mixes rows, so its blocks are gathered first."""
    return spec.permute_qk and bool(re.search(r"self_attn\.[qk]_proj\.(weight|bias)$", hf_name))


def encode_rows(data: np.ndarray, qtype: GGMLQuantizationType) -> np.ndarray:
    """``gguf_types.encode`` (the one type → bytes function) as flat bytes."""
    encoded = gguf_types.encode(data, qtype)
    return np.ascontiguousarray(encoded).reshape(-1).view(np.uint8)


@dataclass
class _Pending:
    plan: TensorPlan
    out: np.ndarray  # the stored bytes, filled block by block
    filled: int = 0
    gathered: list[np.ndarray] = field(default_factory=list)


class GGUFStream:
    """A GGUF file being written: header first, then :meth:`add` for every block of every
    planned tensor in order, then :meth:`finish`."""

    def __init__(self, out_path: Path, out_type: str, *, model_name: str, meta_dir: Path,
                 config: Any, shapes: dict[str, tuple[int, ...]]) -> None:
        if out_type not in gguf_types.GGUF_TYPES:
            raise UserError.of(
                "gguf_bad_type",
                QT_TRANSLATE_NOOP("messages", "“{type}” is not a GGUF type we can write."),
                CHOOSE_ONE,
                type=out_type, choices=tuple(gguf_types.GGUF_TYPES))
        self.out_path = out_path
        self.out_type = out_type
        self.config = config
        self.spec = gguf_arch.spec_for(config)
        vocab = read_vocab(meta_dir, config, self.spec.hf_model_type)
        self.plans, notes = plan_tensors(shapes, config, self.spec, out_type)
        self.by_name = {p.hf_name: p for p in self.plans if p.hf_name}
        self.notes = [*vocab.notes, *notes]
        self._queue = list(self.plans)
        self._pending: _Pending | None = None
        self.writer = GGUFWriter(str(out_path), self.spec.gguf_name)
        writer = self.writer
        writer.add_type("model")
        writer.add_name(model_name)
        writer.add_file_type(int(gguf_types.file_type(out_type)))
        writer.add_quantization_version(GGML_QUANT_VERSION)
        self.notes += gguf_arch.add_hyperparameters(writer, self.spec, config)
        vocab.add_to(writer)
        for plan in self.plans:
            writer.add_tensor_info(plan.gguf_name, plan.shape, np.dtype(np.float32),
                                   plan.nbytes, raw_dtype=plan.qtype)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()

    @property
    def nbytes(self) -> int:
        return sum(p.nbytes for p in self.plans)

    def add(self, hf_name: str, start: int, block: Any) -> None:
        """Take rows ``start:`` of the tensor ``hf_name`` (a torch tensor, any float dtype)."""
        import torch

        if hf_name not in self.by_name:
            return  # a tensor the GGUF leaves out (a tied head)
        if self._pending is None:
            plan = self._queue[0]
            if plan.hf_name != hf_name or start != 0:
                raise RuntimeError(f"{hf_name} arrived before {plan.hf_name}")
            self._queue.pop(0)
            self._pending = _Pending(plan, np.empty(plan.nbytes, dtype=np.uint8))
        pending = self._pending
        if pending.plan.hf_name != hf_name:
            raise RuntimeError(f"{hf_name} arrived before {pending.plan.hf_name} was complete")
        data = block.to(torch.float32).numpy()
        rows = pending.plan.shape[0] if pending.plan.shape else 1
        if needs_whole_tensor(self.spec, hf_name):
            pending.gathered.append(data)
            if start + data.shape[0] < rows:
                return
            data = np.concatenate(pending.gathered) if len(pending.gathered) > 1 else data
            pending.gathered.clear()
            data = gguf_arch.transform(self.spec, self.config, hf_name, data)
        raw = encode_rows(data, pending.plan.qtype)
        pending.out[pending.filled:pending.filled + raw.nbytes] = raw
        pending.filled += raw.nbytes
        if pending.filled == pending.out.nbytes:
            self.writer.write_tensor_data(pending.out)
            self._pending = None

    def finish(self) -> GGUFReport:
        if self._pending is not None:
            raise RuntimeError(f"{self._pending.plan.hf_name} was not written completely")
        for plan in self._queue:
            if plan.gguf_name != "rope_freqs.weight":
                raise RuntimeError(f"{plan.hf_name} was never written")
            factors = gguf_arch.llama3_rope_factors(self.config)
            assert factors is not None
            self.writer.write_tensor_data(encode_rows(factors, plan.qtype))
        self._queue.clear()
        self.writer.flush()
        self.writer.close()
        counts: dict[str, int] = {}
        for plan in self.plans:
            counts[plan.qtype.name] = counts.get(plan.qtype.name, 0) + 1
        return GGUFReport(self.out_path, self.out_type, self.spec.gguf_name, len(self.plans),
                          self.out_path.stat().st_size, tuple(sorted(counts.items())),
                          tuple(self.notes))

    def close(self) -> None:
        """Close the file without finishing it (after a failure or a cancel)."""
        self.writer.close()


def write_gguf(model_dir: Path, out_path: Path, out_type: str, *, model_name: str,
               on_event: events.EventCallback = events.ignore_events,
               control: JobControl | None = None) -> GGUFReport:
    """Convert the Hugging Face folder ``model_dir`` (e.g. a merged model) into
    ``out_path`` stored as ``out_type``, one block of one tensor at a time."""
    from dpo_desktop.core.export.merge import plan_folder, run_pass

    plan = plan_folder(model_dir)
    stream = GGUFStream(out_path, out_type, model_name=model_name, meta_dir=model_dir,
                        config=plan.config, shapes=plan.shapes())
    progress = ExportProgress(on_event)
    progress.start("writing_gguf", "writing the GGUF file", plan.source_bytes)
    try:
        run_pass(plan, [stream.add], progress.advance, control)
        return stream.finish()
    finally:
        stream.close()

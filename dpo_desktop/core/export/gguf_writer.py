"""Write a model as one GGUF file, in pure Python (gguf-py), from tensors as they stream.

Memory stays at a few chunks: the file's header and tensor table are written from a plan
first (names, shapes and types are known from the safetensors headers), then each tensor
arrives in chunks of rows (from the streaming merge, or read from a folder), is
transformed (Llama's q/k rows are permuted within each head, so a chunk of whole heads is
permuted on its own), encoded (``fast_quant``: gguf-py's bytes, faster) and appended
straight to the file, padded as gguf-py pads. The tensors are written in the stream's
order, which llama.cpp does not care about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from gguf import GGML_QUANT_VERSION, GGMLQuantizationType, get_tensor_name_map

from dpo_desktop.core import events
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.export import gguf_arch, gguf_types
from dpo_desktop.core.export.fast_quant import encode_tensor
from dpo_desktop.core.export.gguf_kv import KVWriter
from dpo_desktop.core.export.gguf_types import TensorPlan
from dpo_desktop.core.export.gguf_vocab import read_vocab
from dpo_desktop.core.export.progress import ExportCancelled, ExportProgress
from dpo_desktop.core.export.written import Chunk, digest
from dpo_desktop.core.i18n import CHOOSE_ONE, QT_TRANSLATE_NOOP, Text

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
    notes: tuple[Text | str, ...]  # Text: a marked note the GUI shows translated


def plan_tensors(shapes: dict[str, tuple[int, ...]], config: Any, spec: gguf_arch.ArchSpec,
                 out_type: str) -> tuple[list[TensorPlan], list[Text | str]]:
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


def head_rows(spec: gguf_arch.ArchSpec, config: Any, hf_name: str,
              shape: tuple[int, ...]) -> int:
    """Rows per attention head for a tensor whose rows are permuted within each head (a
    chunk of whole heads is permuted on its own); 1 otherwise."""
    if len(shape) < 2 or not needs_whole_tensor(spec, hf_name):
        return 1
    return shape[0] // gguf_arch.qk_heads(config, hf_name)


@dataclass(frozen=True)
class HeadRows:
    """Where a GGUF's chunks may start (:func:`head_rows`), known before its file is
    opened: the export plans its chunks while it writes the GGUF's header."""

    spec: gguf_arch.ArchSpec
    config: Any
    shapes: dict[str, tuple[int, ...]]

    def row_multiple(self, hf_name: str) -> int:
        shape = self.shapes.get(hf_name)
        return 1 if shape is None else head_rows(self.spec, self.config, hf_name, shape)


def encode_rows(data: np.ndarray, qtype: GGMLQuantizationType) -> np.ndarray:
    """``gguf_types.encode`` (the one type → bytes function) as flat bytes."""
    encoded = gguf_types.encode(data, qtype)
    return np.ascontiguousarray(encoded).reshape(-1).view(np.uint8)


@dataclass(frozen=True)
class _Encoded:
    raw: np.ndarray  # the stored bytes, flat uint8
    digest: int


class GGUFStream:
    """A GGUF file being written: header first, then :meth:`add` for every block of every
    planned tensor in order, then :meth:`finish`. As a sink of the export pass
    (``blockpass``), :meth:`encode` runs in a worker and :meth:`write` appends its bytes
    straight to the file; with ``record=True`` every chunk's digest is kept in
    :attr:`chunks` for the check."""

    def __init__(self, out_path: Path, out_type: str, *, model_name: str, meta_dir: Path,
                 config: Any, shapes: dict[str, tuple[int, ...]], record: bool = False,
                 tokenizer: Any = None) -> None:
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
        vocab = read_vocab(meta_dir, config, self.spec.hf_model_type, tokenizer)
        self.plans, notes = plan_tensors(shapes, config, self.spec, out_type)
        self.by_name = {p.hf_name: p for p in self.plans if p.hf_name}
        self.notes = [*vocab.notes, *notes]
        self._queue = list(self.plans)
        self._current: TensorPlan | None = None
        self._filled = 0
        self.record = record
        self.chunks: list[Chunk] = []
        self.writer = KVWriter(str(out_path), self.spec.gguf_name)
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

    def row_multiple(self, hf_name: str) -> int:
        """See :func:`head_rows` (1 for a tensor the GGUF leaves out)."""
        plan = self.by_name.get(hf_name)
        return 1 if plan is None else head_rows(self.spec, self.config, hf_name, plan.shape)

    def encode(self, hf_name: str, start: int, block: Any) -> _Encoded | None:
        """The stored bytes of rows ``start:`` of ``hf_name`` (thread-safe)."""
        plan = self.by_name.get(hf_name)
        if plan is None:
            return None  # a tensor the GGUF leaves out (a tied head)
        if needs_whole_tensor(self.spec, hf_name):
            rows = plan.shape[0]
            heads = gguf_arch.qk_heads(self.config, hf_name)
            if len(plan.shape) > 1:  # the heads in this chunk of whole heads
                heads = heads * block.shape[0] // rows
            block = gguf_arch.permute_qk(block, heads)
        raw = encode_tensor(block, plan.qtype)
        return _Encoded(raw, digest(raw) if self.record else 0)

    def write(self, hf_name: str, start: int, encoded: _Encoded | None) -> None:
        """Append an encoded chunk of ``hf_name`` (its chunks in order, tensors in order)."""
        if encoded is None:
            return
        if self._current is None:
            plan = self._queue[0] if self._queue else None
            if plan is None or plan.hf_name != hf_name or start != 0:
                raise RuntimeError(f"{hf_name} arrived before "
                                   f"{plan.hf_name if plan else 'nothing'}")
            self._queue.pop(0)
            self._current, self._filled = plan, 0
            self._pad()
        plan = self._current
        if plan.hf_name != hf_name:
            raise RuntimeError(f"{hf_name} arrived before {plan.hf_name} was complete")
        self._append(plan, encoded)
        if self._filled == plan.nbytes:
            self._current = None

    def add(self, hf_name: str, start: int, block: Any) -> None:
        """Take rows ``start:`` of the tensor ``hf_name`` (a torch tensor, any float dtype)."""
        self.write(hf_name, start, self.encode(hf_name, start, block))

    def _file(self) -> Any:
        assert self.writer.fout is not None
        return self.writer.fout[0]

    def _pad(self) -> None:
        """Zeros up to the data alignment, as gguf-py puts before and after each tensor."""
        handle = self._file()
        alignment = self.writer.data_alignment
        handle.write(bytes(-handle.tell() % alignment))

    def _append(self, plan: TensorPlan, encoded: _Encoded) -> None:
        raw = encoded.raw
        if self._filled + raw.nbytes > plan.nbytes:
            raise RuntimeError(f"{plan.hf_name}: more data than its planned shape")
        self._file().write(raw.data)
        if self.record:
            self.chunks.append(Chunk(plan.gguf_name, self.out_path, self._filled, raw.nbytes,
                                     encoded.digest))
        self._filled += raw.nbytes

    def finish(self) -> GGUFReport:
        if self._current is not None:
            raise RuntimeError(f"{self._current.hf_name} was not written completely")
        for plan in self._queue:
            if plan.gguf_name != "rope_freqs.weight":
                raise RuntimeError(f"{plan.hf_name} was never written")
            factors = gguf_arch.llama3_rope_factors(self.config)
            assert factors is not None
            self._filled = 0
            self._pad()
            raw = encode_rows(factors, plan.qtype)
            self._append(plan, _Encoded(raw, digest(raw) if self.record else 0))
        self._queue.clear()
        self._pad()
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
    from dpo_desktop.core.export.blockpass import run_pass
    from dpo_desktop.core.export.merge import plan_folder

    plan = plan_folder(model_dir)
    stream = GGUFStream(out_path, out_type, model_name=model_name, meta_dir=model_dir,
                        config=plan.config, shapes=plan.shapes())
    progress = ExportProgress(on_event)
    progress.start("writing_gguf", "writing the GGUF file", plan.source_bytes)
    try:
        run_pass(plan, [stream], progress.advance, control)
        return stream.finish()
    finally:
        stream.close()

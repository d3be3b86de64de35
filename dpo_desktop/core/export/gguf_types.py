"""The GGUF output types we offer, and which storage type each tensor gets.

Norms, biases and other 1-D tensors stay f32: llama.cpp expects that, and they are tiny.
A block-quantized type needs each row to be a whole number of blocks; a tensor whose row
length is not gets f16 instead, with a note, as llama.cpp's own converter does. For the
legacy 4- and 5-bit types the embedding and output matrices are kept at q8_0, because they
are the most sensitive tensors.

The K mixes (q6_k, q5_k_m, q4_k_m) pick a type per tensor by llama.cpp's rules
(:mod:`kquant_mix`) and are encoded by :mod:`kquants`; the other quantized types by gguf-py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, LlamaFileType
from gguf.quants import quantize

from dpo_desktop.core.export import kquant_mix, kquants
from dpo_desktop.core.gguf_names import GGUF_TYPES as GGUF_TYPES  # the names, kept once
from dpo_desktop.core.gguf_names import RECOMMENDED as RECOMMENDED
from dpo_desktop.core.gguf_names import TYPE_NOTES as TYPE_NOTES
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text

_QTYPE: dict[str, GGMLQuantizationType] = {
    "f16": GGMLQuantizationType.F16,
    "bf16": GGMLQuantizationType.BF16,
    "q8_0": GGMLQuantizationType.Q8_0,
    "q4_0": GGMLQuantizationType.Q4_0,
    "q5_0": GGMLQuantizationType.Q5_0,
    "q5_1": GGMLQuantizationType.Q5_1,
    **kquant_mix.MIXES,  # a mix's base type
}

_FILE_TYPE: dict[str, LlamaFileType] = {
    "f16": LlamaFileType.MOSTLY_F16,
    "bf16": LlamaFileType.MOSTLY_BF16,
    "q8_0": LlamaFileType.MOSTLY_Q8_0,
    "q4_0": LlamaFileType.MOSTLY_Q4_0,
    "q5_0": LlamaFileType.MOSTLY_Q5_0,
    "q5_1": LlamaFileType.MOSTLY_Q5_1,
    **kquant_mix.FILE_TYPES,
}

# Tensors kept at q8_0 when the file type is 4 or 5 bits.
_SENSITIVE = ("token_embd.weight", "output.weight")


@dataclass(frozen=True)
class TensorPlan:
    """One tensor of the output file: where it comes from and how it is stored."""

    hf_name: str
    gguf_name: str
    shape: tuple[int, ...]  # logical shape, numpy order (rows last axis)
    qtype: GGMLQuantizationType
    note: Text | str = ""  # why it is stored otherwise than the file type (a marked note)

    @property
    def nbytes(self) -> int:
        return stored_nbytes(self.shape, self.qtype)


def is_low_bit(out_type: str) -> bool:
    """The legacy 4/5-bit types, whose embedding and output we keep at q8_0."""
    return out_type in ("q4_0", "q5_0", "q5_1")


def file_type(out_type: str) -> LlamaFileType:
    return _FILE_TYPE[out_type]


def qtype_of(out_type: str) -> GGMLQuantizationType:
    return _QTYPE[out_type]


def stored_nbytes(shape: Sequence[int], qtype: GGMLQuantizationType) -> int:
    block, size = GGML_QUANT_SIZES[qtype]
    count = math.prod(int(dim) for dim in shape)  # 1 for a scalar
    return count // block * size


def keeps_f32(gguf_name: str, shape: Sequence[int]) -> bool:
    """Norms, biases, rope factors and other 1-D tensors are never quantized."""
    return (len(shape) <= 1 or gguf_name.endswith(".bias") or "norm" in gguf_name
            or gguf_name == "rope_freqs.weight")


def choose_qtype(gguf_name: str, shape: Sequence[int],
                 out_type: str) -> tuple[GGMLQuantizationType, Text | str]:
    """The storage type for one tensor, and a note when it differs from the file type
    (for the single-type files; a K mix needs every tensor at once: :func:`choose_qtypes`)."""
    if keeps_f32(gguf_name, shape):
        return GGMLQuantizationType.F32, ""
    wanted = _QTYPE[out_type]
    if is_low_bit(out_type) and gguf_name in _SENSITIVE:
        wanted = GGMLQuantizationType.Q8_0
    block, _ = GGML_QUANT_SIZES[wanted]
    if shape[-1] % block:
        return GGMLQuantizationType.F16, Text(QT_TRANSLATE_NOOP(
            "messages", "{tensor}: rows of {row} values are not a multiple of the {wanted} "
                        "block size {block}, so it is stored as F16"),
            (("tensor", gguf_name), ("row", int(shape[-1])), ("wanted", wanted.name),
             ("block", block)))
    return wanted, ""


def choose_qtypes(tensors: Sequence[tuple[str, Sequence[int]]], out_type: str,
                  n_layers: int,
                  ) -> tuple[list[tuple[GGMLQuantizationType, Text | str]], list[Text | str]]:
    """The storage type and note of every tensor (GGUF name, shape), in order, plus the
    notes to show the user (a K mix's fallbacks summed up in one line per kind)."""
    if out_type not in kquant_mix.MIXES:
        picks = [choose_qtype(name, shape, out_type) for name, shape in tensors]
        return picks, [note for _, note in picks if note]
    quantized = [i for i, (name, shape) in enumerate(tensors) if not keeps_f32(name, shape)]
    mixed = kquant_mix.mix_types([tensors[i] for i in quantized], out_type, n_layers)
    out: list[tuple[GGMLQuantizationType, Text | str]] = \
        [(GGMLQuantizationType.F32, "")] * len(tensors)
    fallbacks: dict[tuple[int, str, str], int] = {}
    for index, choice in zip(quantized, mixed):
        note: Text | str = ""
        if choice.wanted is not None:
            name, shape = tensors[index]
            row = int(shape[-1])
            note = Text(QT_TRANSLATE_NOOP(
                "messages", "{tensor}: rows of {row} values are not a multiple of the {wanted} "
                            "block size {block}, so it is stored as {got}, as llama.cpp does"),
                (("tensor", name), ("row", row), ("wanted", choice.wanted.name),
                 ("block", GGML_QUANT_SIZES[choice.wanted][0]), ("got", choice.qtype.name)))
            key = (row, choice.wanted.name, choice.qtype.name)
            fallbacks[key] = fallbacks.get(key, 0) + 1
        out[index] = (choice.qtype, note)
    notes: list[Text | str] = [Text(QT_TRANSLATE_NOOP(
        "messages", "{count} tensors with rows of {row} values (not a multiple of 256) stored "
                    "as {got} instead of {wanted}, as llama.cpp does") if count > 1 else
        QT_TRANSLATE_NOOP(
            "messages", "1 tensor with rows of {row} values (not a multiple of 256) stored as "
                        "{got} instead of {wanted}, as llama.cpp does"),
        (("count", count), ("row", row), ("got", got), ("wanted", wanted)))
        for (row, wanted, got), count in sorted(fallbacks.items())]
    return out, notes


def encode(data: np.ndarray, qtype: GGMLQuantizationType,
           on_progress: kquants.Progress | None = None) -> np.ndarray:
    """The bytes (or f16/f32 values) to write for ``data`` in ``qtype``. K-quants go chunk
    by chunk and call ``on_progress(weights_done)`` (it may raise to stop)."""
    if qtype in kquants.K_TYPES:
        return kquants.quantize(data, qtype, on_progress=on_progress)
    return quantize(np.ascontiguousarray(data, dtype=np.float32), qtype)

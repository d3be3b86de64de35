"""The GGUF output types we offer, and which storage type each tensor gets.

Norms, biases and other 1-D tensors stay f32: llama.cpp expects that, and they are tiny.
A block-quantized type needs each row to be a whole number of blocks; a tensor whose row
length is not gets f16 instead, with a note, as llama.cpp's own converter does. For the
4- and 5-bit types the embedding and output matrices are kept at q8_0, because they are the
most sensitive tensors and llama.cpp would use q6_K there, which gguf-py cannot write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, LlamaFileType
from gguf.quants import quantize

GGUF_TYPES: tuple[str, ...] = ("f16", "bf16", "q8_0", "q4_0", "q5_0", "q5_1")

_QTYPE: dict[str, GGMLQuantizationType] = {
    "f16": GGMLQuantizationType.F16,
    "bf16": GGMLQuantizationType.BF16,
    "q8_0": GGMLQuantizationType.Q8_0,
    "q4_0": GGMLQuantizationType.Q4_0,
    "q5_0": GGMLQuantizationType.Q5_0,
    "q5_1": GGMLQuantizationType.Q5_1,
}

_FILE_TYPE: dict[str, LlamaFileType] = {
    "f16": LlamaFileType.MOSTLY_F16,
    "bf16": LlamaFileType.MOSTLY_BF16,
    "q8_0": LlamaFileType.MOSTLY_Q8_0,
    "q4_0": LlamaFileType.MOSTLY_Q4_0,
    "q5_0": LlamaFileType.MOSTLY_Q5_0,
    "q5_1": LlamaFileType.MOSTLY_Q5_1,
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
    note: str = ""

    @property
    def nbytes(self) -> int:
        return stored_nbytes(self.shape, self.qtype)


def is_low_bit(out_type: str) -> bool:
    return out_type in ("q4_0", "q5_0", "q5_1")


def file_type(out_type: str) -> LlamaFileType:
    return _FILE_TYPE[out_type]


def qtype_of(out_type: str) -> GGMLQuantizationType:
    return _QTYPE[out_type]


def stored_nbytes(shape: Sequence[int], qtype: GGMLQuantizationType) -> int:
    block, size = GGML_QUANT_SIZES[qtype]
    count = int(np.prod(shape)) if shape else 1
    return count // block * size


def choose_qtype(gguf_name: str, shape: Sequence[int],
                 out_type: str) -> tuple[GGMLQuantizationType, str]:
    """The storage type for one tensor, and a note when it differs from the file type."""
    if len(shape) <= 1 or gguf_name.endswith(".bias") or "norm" in gguf_name \
            or gguf_name == "rope_freqs.weight":
        return GGMLQuantizationType.F32, ""
    wanted = _QTYPE[out_type]
    if is_low_bit(out_type) and gguf_name in _SENSITIVE:
        wanted = GGMLQuantizationType.Q8_0
    block, _ = GGML_QUANT_SIZES[wanted]
    if shape[-1] % block:
        return GGMLQuantizationType.F16, (
            f"{gguf_name}: rows of {shape[-1]} values are not a multiple of the "
            f"{wanted.name} block size {block}, so it is stored as F16")
    return wanted, ""


def encode(data: np.ndarray, qtype: GGMLQuantizationType) -> np.ndarray:
    """The bytes (or f16/f32 values) to write for ``data`` (float32) in ``qtype``."""
    return quantize(np.ascontiguousarray(data, dtype=np.float32), qtype)

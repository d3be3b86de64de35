"""Which type each tensor gets in a Q4_K_M, Q5_K_M or Q6_K file, by llama.cpp's rules.

A "mix" is not one type: ``llama-quantize`` gives the tensors that hurt most when rounded
more bits. We follow its per-tensor choice (``llama_tensor_get_type`` in llama-quant.cpp)
for the dense architectures we export, so a file is the same mix a user would get from
llama.cpp, and Ollama and LM Studio label it the same way:

* The output head (and the token embedding when it doubles as the head) gets Q6_K, or
  Q8_0 when its rows are not a whole number of 256-weight super-blocks.
* Q4_K_M and Q5_K_M: ``attn_v`` and ``ffn_down`` in "more bits" layers get Q6_K: the first
  and last eighth of the layers and every third layer in between.
* Everything else gets the mix's base type (Q4_K, Q5_K or Q6_K).
* A tensor whose rows are not a multiple of 256 falls back as llama.cpp does: Q4_K → Q5_0,
  Q5_K → Q5_1, Q6_K → Q8_0, and F16 if even that block size does not divide the rows.

Counting matters: llama.cpp numbers ``attn_v`` and ``ffn_down`` tensors by visiting them
sorted by layer number, then name, so we sort the same way before counting.

Not reproduced, because no model this app trains reaches them: the Falcon, 70B and
mixture-of-experts special cases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, LlamaFileType

Q = GGMLQuantizationType

MIXES: dict[str, GGMLQuantizationType] = {
    "q4_k_m": Q.Q4_K,
    "q5_k_m": Q.Q5_K,
    "q6_k": Q.Q6_K,
}
FILE_TYPES: dict[str, LlamaFileType] = {
    "q4_k_m": LlamaFileType.MOSTLY_Q4_K_M,
    "q5_k_m": LlamaFileType.MOSTLY_Q5_K_M,
    "q6_k": LlamaFileType.MOSTLY_Q6_K,
}
# llama.cpp's tensor_type_fallback for the types a mix can choose.
FALLBACK: dict[GGMLQuantizationType, GGMLQuantizationType] = {
    Q.Q4_K: Q.Q5_0,
    Q.Q5_K: Q.Q5_1,
    Q.Q6_K: Q.Q8_0,
}

_LAYER = re.compile(r"blk\.(\d+)\.")


@dataclass(frozen=True)
class MixChoice:
    """The type one tensor gets; ``wanted`` is set when a fallback replaced it."""

    qtype: GGMLQuantizationType
    wanted: GGMLQuantizationType | None = None


def use_more_bits(layer: int, layers: int) -> bool:
    """llama.cpp's "more bits" layers: the first and last eighth, and every third between."""
    return (layer < layers // 8 or layer >= 7 * layers // 8
            or (layer - layers // 8) % 3 == 2)


def _layer(name: str) -> int:
    match = _LAYER.match(name)
    return int(match.group(1)) if match else -1


def _category(name: str) -> str:
    if name == "output.weight":
        return "output"
    if name == "token_embd.weight":
        return "token_embd"
    for marker, category in (("attn_qkv.weight", "attn_qkv"), ("attn_kv_b.weight", "attn_v"),
                             ("attn_v.weight", "attn_v"), ("ffn_down", "ffn_down")):
        if marker in name:
            return category
    return "other"


def _block(qtype: GGMLQuantizationType) -> int:
    return GGML_QUANT_SIZES[qtype][0]


def fallback(qtype: GGMLQuantizationType, row: int) -> GGMLQuantizationType:
    """``qtype``, or what llama.cpp stores instead when rows of ``row`` values don't fit."""
    if row % _block(qtype) == 0:
        return qtype
    replacement = FALLBACK.get(qtype, Q.F16)  # (llama.cpp would stop here; we keep F16)
    return replacement if row % _block(replacement) == 0 else Q.F16


def mix_types(tensors: Sequence[tuple[str, Sequence[int]]], mix: str,
              n_layers: int) -> list[MixChoice]:
    """The type of each quantizable tensor (GGUF name, numpy shape with rows last), in the
    order given. Norms, biases and other 1-D tensors are the caller's (they stay F32)."""
    base = MIXES[mix]
    names = [name for name, _ in tensors]
    tied = "output.weight" not in names
    n_attn_v = sum(1 for name in names if _category(name) == "attn_v")
    visit = sorted(range(len(tensors)), key=lambda i: (_layer(names[i]), names[i]))
    choices: dict[int, MixChoice] = {}
    i_attn_v = i_ffn_down = 0
    for index in visit:
        name, shape = tensors[index]
        row = int(shape[-1])
        category = _category(name)
        chosen = base
        if category == "output" or (tied and category == "token_embd"):
            chosen = Q.Q6_K
            if row % _block(base):  # llama.cpp goes straight to Q8_0 here
                choices[index] = MixChoice(fallback(Q.Q8_0, row), chosen)
                continue
        elif category == "attn_v":
            if mix in ("q4_k_m", "q5_k_m") and use_more_bits(i_attn_v, n_attn_v):
                chosen = Q.Q6_K
            i_attn_v += 1
        elif category == "ffn_down":
            if mix in ("q4_k_m", "q5_k_m") and use_more_bits(i_ffn_down, n_layers):
                chosen = Q.Q6_K
            i_ffn_down += 1
        elif category == "attn_qkv":
            chosen = {"q4_k_m": Q.Q5_K, "q5_k_m": Q.Q6_K}.get(mix, chosen)
        stored = fallback(chosen, row)
        choices[index] = MixChoice(stored, None if stored == chosen else chosen)
    return [choices[i] for i in range(len(tensors))]

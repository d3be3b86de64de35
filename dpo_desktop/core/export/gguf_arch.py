"""What each supported architecture looks like in a GGUF file.

For every Hugging Face ``model_type`` we can convert: the llama.cpp architecture name, the
hyperparameter keys, and the transforms some tensors need. Llama-style checkpoints store
the query/key rows of each head as two interleaved halves for rotary embeddings, while
llama.cpp's ``llama`` architecture expects the halves split, hence :func:`permute_qk`.
Qwen2/Qwen3 use llama.cpp's NEOX rope, which matches the Hugging Face layout as is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from gguf import MODEL_ARCH, MODEL_ARCH_NAMES, GGUFWriter, RopeScalingType

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text


@dataclass(frozen=True)
class ArchSpec:
    hf_model_type: str
    arch: MODEL_ARCH
    permute_qk: bool  # llama.cpp's "llama" graph wants the rotary halves split
    head_dims_keys: bool  # always write key_length/value_length (qwen3: head_dim is free)

    @property
    def gguf_name(self) -> str:
        return MODEL_ARCH_NAMES[self.arch]


SUPPORTED: dict[str, ArchSpec] = {
    "llama": ArchSpec("llama", MODEL_ARCH.LLAMA, permute_qk=True, head_dims_keys=False),
    # llama.cpp runs Mistral (dense, v0.1-v0.3 layout) as its "llama" architecture.
    "mistral": ArchSpec("mistral", MODEL_ARCH.LLAMA, permute_qk=True, head_dims_keys=False),
    "qwen2": ArchSpec("qwen2", MODEL_ARCH.QWEN2, permute_qk=False, head_dims_keys=False),
    "qwen3": ArchSpec("qwen3", MODEL_ARCH.QWEN3, permute_qk=False, head_dims_keys=True),
}

CONVERTER_HINT = QT_TRANSLATE_NOOP(
    "messages", "The merged 16-bit model in the “merged” folder is complete; convert it with "
                "llama.cpp's own converter: python convert_hf_to_gguf.py merged --outtype q8_0")


def spec_for(config: Any) -> ArchSpec:
    model_type = str(getattr(config, "model_type", ""))
    spec = SUPPORTED.get(model_type)
    if spec is None:
        raise UserError.of(
            "gguf_unsupported_arch",
            QT_TRANSLATE_NOOP("messages", "Writing GGUF for the “{model_type}” architecture is "
                                          "not supported yet (supported: {supported})."),
            CONVERTER_HINT, model_type=model_type, supported=sorted(SUPPORTED))
    return spec


def head_dim(config: Any) -> int:
    explicit = getattr(config, "head_dim", None)
    return int(explicit) if explicit else int(config.hidden_size // config.num_attention_heads)


def kv_heads(config: Any) -> int:
    return int(getattr(config, "num_key_value_heads", None) or config.num_attention_heads)


def qk_heads(config: Any, hf_name: str) -> int:
    """The heads of a q or k projection (``hf_name``), whose rows llama.cpp's layout
    permutes within each head: the attention heads for q, the key/value heads for k."""
    return int(config.num_attention_heads) if ".q_proj." in hf_name else kv_heads(config)


def rope_parameters(config: Any) -> dict[str, Any]:
    """The rope settings, from transformers 5's ``rope_parameters`` or the older fields."""
    params = getattr(config, "rope_parameters", None)
    if isinstance(params, dict) and "rope_theta" in params:
        return dict(params)
    merged: dict[str, Any] = dict(getattr(config, "rope_scaling", None) or {})
    merged.setdefault("rope_theta", getattr(config, "rope_theta", 10000.0))
    merged.setdefault("rope_type", merged.get("type", "default"))
    return merged


def add_hyperparameters(writer: GGUFWriter, spec: ArchSpec, config: Any) -> list[Text]:
    """Write the architecture keys; return notes about settings llama.cpp will not see."""
    notes: list[Text] = []
    writer.add_context_length(int(config.max_position_embeddings))
    writer.add_embedding_length(int(config.hidden_size))
    writer.add_block_count(int(config.num_hidden_layers))
    writer.add_feed_forward_length(int(config.intermediate_size))
    writer.add_head_count(int(config.num_attention_heads))
    writer.add_head_count_kv(kv_heads(config))
    writer.add_layer_norm_rms_eps(float(config.rms_norm_eps))
    writer.add_vocab_size(int(config.vocab_size))
    dim = head_dim(config)
    if spec.permute_qk:
        writer.add_rope_dimension_count(dim)
    if spec.head_dims_keys or dim * int(config.num_attention_heads) != int(config.hidden_size):
        writer.add_key_length(dim)
        writer.add_value_length(dim)
    rope = rope_parameters(config)
    writer.add_rope_freq_base(float(rope["rope_theta"]))
    kind = str(rope.get("rope_type") or "default")
    if kind == "linear":
        writer.add_rope_scaling_type(RopeScalingType.LINEAR)
        writer.add_rope_scaling_factor(float(rope["factor"]))
    elif kind == "yarn":
        writer.add_rope_scaling_type(RopeScalingType.YARN)
        writer.add_rope_scaling_factor(float(rope["factor"]))
        original = rope.get("original_max_position_embeddings")
        if original:
            writer.add_rope_scaling_orig_ctx_len(int(original))
    elif kind not in ("default", "llama3"):
        notes.append(Text(QT_TRANSLATE_NOOP(
            "messages", "rope scaling “{kind}” is not written to the GGUF; long contexts may "
                        "behave differently in llama.cpp"), (("kind", kind),)))
    if getattr(config, "use_sliding_window", False) and getattr(config, "sliding_window", None):
        notes.append(Text(QT_TRANSLATE_NOOP(
            "messages", "the sliding attention window is not written; llama.cpp attends over "
                        "the full context")))
    return notes


def llama3_rope_factors(config: Any) -> np.ndarray | None:
    """Llama 3.1-style frequency factors, which llama.cpp reads from a ``rope_freqs`` tensor."""
    rope = rope_parameters(config)
    if rope.get("rope_type") != "llama3":
        return None
    dim = head_dim(config)
    base = float(rope["rope_theta"])
    factor = float(rope.get("factor", 8.0))
    low = float(rope.get("low_freq_factor", 1.0))
    high = float(rope.get("high_freq_factor", 4.0))
    original = float(rope.get("original_max_position_embeddings", 8192))
    freqs = 1.0 / base ** (np.arange(0, dim, 2, dtype=np.float64) / dim)
    wavelen = 2 * math.pi / freqs
    smooth = (original / wavelen - low) / (high - low)
    blended = 1.0 / ((1 - smooth) / factor + smooth)
    out = np.where(wavelen < original / high, 1.0,
                   np.where(wavelen > original / low, factor, blended))
    factors: np.ndarray = out.astype(np.float32)
    return factors


def permute_qk(weight: np.ndarray, n_heads: int) -> np.ndarray:
    """Hugging Face rotary layout → llama.cpp's: per head, (2, d/2) rows become (d/2, 2)."""
    rows = weight.shape[0]
    per_head = rows // n_heads
    shaped = weight.reshape(n_heads, 2, per_head // 2, *weight.shape[1:])
    permuted: np.ndarray = shaped.swapaxes(1, 2).reshape(weight.shape)
    return permuted


_PERMUTED = ("self_attn.q_proj.weight", "self_attn.q_proj.bias", "self_attn.k_proj.weight",
             "self_attn.k_proj.bias")


def transform(spec: ArchSpec, config: Any, hf_name: str, data: np.ndarray) -> np.ndarray:
    """Apply the architecture's tensor transform (if any) to one Hugging Face tensor."""
    if spec.permute_qk and hf_name.endswith(_PERMUTED):
        return permute_qk(data, qk_heads(config, hf_name))
    return data

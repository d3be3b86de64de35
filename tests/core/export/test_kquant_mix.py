"""The per-tensor types of the Q4_K_M / Q5_K_M / Q6_K mixes, by llama.cpp's rules."""

from __future__ import annotations

import random

import pytest
from gguf import GGMLQuantizationType

from dpo_desktop.core.export import gguf_types, kquant_mix

Q = GGMLQuantizationType

# The layers whose attn_v and ffn_down get Q6_K in Q4_K_M/Q5_K_M ("use_more_bits": the
# first and last eighth of the layers, then every third layer from the first eighth on),
# written out by hand. 16 layers is what llama-quantize itself chose for Llama-3.2-1B.
MORE_BITS = {
    16: [0, 1, 4, 7, 10, 13, 14, 15],
    22: [0, 1, 4, 7, 10, 13, 16, 19, 20, 21],
    30: [0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 26, 27, 28, 29],
}


def llama_tensors(layers: int, hidden: int, inter: int, kv: int, vocab: int,
                  tied: bool) -> list[tuple[str, tuple[int, ...]]]:
    """GGUF names and numpy shapes (rows last) of a Llama-style model, in the HF file's
    order, which is not llama.cpp's visiting order (blk.10 sorts before blk.2 by name)."""
    tensors: list[tuple[str, tuple[int, ...]]] = [("token_embd.weight", (vocab, hidden))]
    for i in sorted(range(layers), key=str):
        tensors += [
            (f"blk.{i}.attn_q.weight", (hidden, hidden)),
            (f"blk.{i}.attn_k.weight", (kv, hidden)),
            (f"blk.{i}.attn_v.weight", (kv, hidden)),
            (f"blk.{i}.attn_output.weight", (hidden, hidden)),
            (f"blk.{i}.ffn_gate.weight", (inter, hidden)),
            (f"blk.{i}.ffn_up.weight", (inter, hidden)),
            (f"blk.{i}.ffn_down.weight", (hidden, inter)),
            (f"blk.{i}.attn_norm.weight", (hidden,)),
            (f"blk.{i}.ffn_norm.weight", (hidden,)),
        ]
    tensors.append(("output_norm.weight", (hidden,)))
    if not tied:
        tensors.append(("output.weight", (vocab, hidden)))
    return tensors


def _types(tensors: list[tuple[str, tuple[int, ...]]], mix: str,
           layers: int) -> tuple[dict[str, GGMLQuantizationType], list[str]]:
    picks, notes = gguf_types.choose_qtypes(tensors, mix, layers)
    return {name: qtype for (name, _), (qtype, _) in zip(tensors, picks)}, notes


@pytest.mark.parametrize(("layers", "tied"), [(22, False), (30, True), (16, True)])
def test_q4_k_m_picks_the_documented_type_per_tensor(layers: int, tied: bool) -> None:
    # 22 layers: TinyLlama-1.1B's shape (untied head); 30 layers: a tied model whose rows
    # are all multiples of 256; 16: Llama-3.2-1B's layer count.
    tensors = llama_tensors(layers, hidden=2048, inter=5632 if layers == 22 else 8192,
                            kv=256, vocab=32000, tied=tied)
    types, notes = _types(tensors, "q4_k_m", layers)
    assert notes == []
    for i in range(layers):
        more = i in MORE_BITS[layers]
        assert types[f"blk.{i}.attn_v.weight"] == (Q.Q6_K if more else Q.Q4_K), i
        assert types[f"blk.{i}.ffn_down.weight"] == (Q.Q6_K if more else Q.Q4_K), i
        for kind in ("attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up"):
            assert types[f"blk.{i}.{kind}.weight"] == Q.Q4_K
        assert types[f"blk.{i}.attn_norm.weight"] == Q.F32
    assert types["output_norm.weight"] == Q.F32
    if tied:  # the embedding doubles as the output head
        assert types["token_embd.weight"] == Q.Q6_K and "output.weight" not in types
    else:
        assert types["token_embd.weight"] == Q.Q4_K
        assert types["output.weight"] == Q.Q6_K
    assert sum(t == Q.Q6_K for t in types.values()) == 2 * len(MORE_BITS[layers]) + 1


def test_the_order_the_tensors_arrive_in_does_not_matter() -> None:
    tensors = llama_tensors(22, 2048, 5632, 256, 32000, tied=False)
    types, _ = _types(tensors, "q4_k_m", 22)
    shuffled = tensors[:]
    random.Random(0).shuffle(shuffled)
    assert _types(shuffled, "q4_k_m", 22)[0] == types


def test_q5_k_m_and_q6_k() -> None:
    tensors = llama_tensors(22, 2048, 5632, 256, 32000, tied=False)
    q5, _ = _types(tensors, "q5_k_m", 22)
    assert q5["blk.4.attn_v.weight"] == q5["blk.4.ffn_down.weight"] == Q.Q6_K
    assert q5["blk.5.attn_v.weight"] == q5["blk.5.ffn_down.weight"] == Q.Q5_K
    assert q5["blk.5.attn_q.weight"] == q5["token_embd.weight"] == Q.Q5_K
    assert q5["output.weight"] == Q.Q6_K
    q6, _ = _types(tensors, "q6_k", 22)
    assert {t for name, t in q6.items() if "norm" not in name} == {Q.Q6_K}


def test_rows_not_a_multiple_of_256_fall_back_as_llama_cpp_does() -> None:
    # The demo model (SmolLM2-135M): 576-wide rows, 1536-wide ffn_down rows, tied head.
    tensors = llama_tensors(30, hidden=576, inter=1536, kv=192, vocab=49152, tied=True)
    q4, notes = _types(tensors, "q4_k_m", 30)
    assert q4["token_embd.weight"] == Q.Q8_0  # the head's Q6_K becomes Q8_0
    assert q4["blk.0.attn_q.weight"] == Q.Q5_0  # Q4_K → Q5_0
    assert q4["blk.0.attn_v.weight"] == Q.Q8_0  # a more-bits layer: Q6_K → Q8_0
    assert q4["blk.3.attn_v.weight"] == Q.Q5_0
    assert q4["blk.0.ffn_down.weight"] == Q.Q6_K  # 1536 = 6 × 256 fits
    assert q4["blk.3.ffn_down.weight"] == Q.Q4_K
    assert [str(note) for note in notes] == [
        "166 tensors with rows of 576 values (not a multiple of 256) stored as Q5_0 instead "
        "of Q4_K, as llama.cpp does",
        "15 tensors with rows of 576 values (not a multiple of 256) stored as Q8_0 instead "
        "of Q6_K, as llama.cpp does"]
    q5, _ = _types(tensors, "q5_k_m", 30)
    assert q5["blk.0.attn_q.weight"] == Q.Q5_1 and q5["blk.3.ffn_down.weight"] == Q.Q5_K
    q6, _ = _types(tensors, "q6_k", 30)
    assert q6["blk.0.attn_q.weight"] == Q.Q8_0 and q6["blk.3.ffn_down.weight"] == Q.Q6_K
    # Rows that are not even a multiple of 32 end in F16.
    assert kquant_mix.fallback(Q.Q4_K, 100) == Q.F16
    assert kquant_mix.fallback(Q.Q6_K, 96) == Q.Q8_0
    assert kquant_mix.fallback(Q.Q5_K, 512) == Q.Q5_K


def test_file_types_and_the_one_list_of_types() -> None:
    assert int(gguf_types.file_type("q4_k_m")) == 15  # LLAMA_FTYPE_MOSTLY_Q4_K_M
    assert int(gguf_types.file_type("q5_k_m")) == 17
    assert int(gguf_types.file_type("q6_k")) == 18
    assert set(gguf_types.TYPE_NOTES) == set(gguf_types.GGUF_TYPES)
    assert gguf_types.RECOMMENDED in gguf_types.GGUF_TYPES

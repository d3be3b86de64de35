"""The tokenizer, as llama.cpp reads it from GGUF metadata.

Byte-level BPE (GPT-2 style: SmolLM, Llama 3, Qwen) is stored as ``gpt2``: tokens in the
byte-to-unicode spelling, the merges, and the name of llama.cpp's pre-tokenizer (the regex
that splits text before BPE). SentencePiece-style BPE with byte fallback (Llama 2, Mistral)
is stored as ``llama``: tokens with ``▁`` for spaces, scores and byte tokens.

llama.cpp names pre-tokenizers by family and recognises them by a hash of sample output; we
recognise the families we support by their vocabulary and their split rules instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gguf import GGUFWriter, TokenType

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text

_LLAMA3_SPLIT_START = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
_QWEN2_SPLIT_START = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
_BYTE_TOKEN = re.compile(r"^<0x[0-9A-Fa-f]{2}>$")


@dataclass
class GGUFVocab:
    model: str  # "gpt2" (byte-level BPE) or "llama" (SentencePiece-style BPE)
    pre: str | None
    tokens: list[str]
    types: list[int]
    scores: list[float] | None
    merges: list[str]
    special_ids: dict[str, int] = field(default_factory=dict)  # bos, eos, unk, pad, eot
    add_bos: bool = False
    add_eos: bool = False
    add_space_prefix: bool | None = None
    chat_template: str | None = None
    notes: list[Text | str] = field(default_factory=list)

    def add_to(self, writer: GGUFWriter) -> None:
        writer.add_tokenizer_model(self.model)
        if self.pre:
            writer.add_tokenizer_pre(self.pre)
        writer.add_token_list(self.tokens)
        writer.add_token_types(self.types)
        if self.scores is not None:
            writer.add_token_scores(self.scores)
        if self.merges:
            writer.add_token_merges(self.merges)
        for kind, token_id in self.special_ids.items():
            getattr(writer, f"add_{kind}_token_id")(token_id)
        writer.add_add_bos_token(self.add_bos)
        writer.add_add_eos_token(self.add_eos)
        if self.add_space_prefix is not None:
            writer.add_add_space_prefix(self.add_space_prefix)
        if self.chat_template:
            writer.add_chat_template(self.chat_template)


def _merge_strings(merges: list[Any]) -> list[str]:
    return [m if isinstance(m, str) else " ".join(m) for m in merges]


def _components(node: Any) -> list[dict[str, Any]]:
    """A pre-tokenizer or normalizer flattened out of its Sequence wrappers."""
    if not isinstance(node, dict):
        return []
    inner = node.get("pretokenizers") or node.get("normalizers")
    if inner is not None:
        return [part for child in inner for part in _components(child)]
    return [node]


def pre_tokenizer_name(spec_model_type: str, tokens: list[str],
                       pre_tokenizer: Any) -> tuple[str, Text | str]:
    """llama.cpp's pre-tokenizer name for this vocabulary, and a note when it is a guess."""
    parts = _components(pre_tokenizer)
    splits = [str(p.get("pattern", {}).get("Regex", "")) for p in parts if p.get("type") == "Split"]
    digits = any(p.get("type") == "Digits" and p.get("individual_digits") for p in parts)
    byte_level_regex = any(p.get("type") == "ByteLevel" and p.get("use_regex", True) for p in parts)
    vocab = set(tokens[:300])
    if len(tokens) == 49152 and "<|im_start|>" in vocab and tokens[0] == "<|endoftext|>":
        return "smollm", ""  # SmolLM / SmolLM2 (their tokenizer splits digits one by one)
    if any(s.startswith(_QWEN2_SPLIT_START) for s in splits) or (
            spec_model_type.startswith("qwen") and "<|endoftext|>" in tokens[-400:]):
        return "qwen2", ""
    if any(s.startswith(_LLAMA3_SPLIT_START) for s in splits):
        return "llama-bpe", ""
    if digits and byte_level_regex:
        return "smollm", ""  # GPT-2 regex with single digits, as StarCoder/SmolLM
    if byte_level_regex and not splits:
        return "gpt-2", ""
    return "default", Text(QT_TRANSLATE_NOOP(
        "messages", "the tokenizer's pre-tokenizer is not one we recognise; llama.cpp will use "
                    "its default split, so tokenization may differ slightly"))


def _detect_added_specials(tokenizer: Any) -> tuple[bool, bool]:
    """Whether the tokenizer adds BOS / EOS to plain text, as observed."""
    plain = tokenizer("a", add_special_tokens=False)["input_ids"]
    full = tokenizer("a", add_special_tokens=True)["input_ids"]
    bos, eos = tokenizer.bos_token_id, tokenizer.eos_token_id
    add_bos = len(full) > len(plain) and bos is not None and full[0] == bos
    add_eos = len(full) > len(plain) and eos is not None and full[-1] == eos
    return add_bos, add_eos


def _turn_end_token(template: str | None, vocab: dict[str, int]) -> int | None:
    for marker in ("<|im_end|>", "<|eot_id|>", "<end_of_turn>"):
        if template and marker in template and marker in vocab:
            return vocab[marker]
    return None


def read_vocab(model_dir: Path, config: Any, model_type: str,
               tokenizer: Any = None) -> GGUFVocab:
    """Read ``tokenizer.json`` (+ the transformers tokenizer for special tokens: ``tokenizer``
    when the caller has it loaded already, else loaded from ``model_dir``)."""
    from transformers import AutoTokenizer

    path = model_dir / "tokenizer.json"
    if not path.is_file():
        raise UserError.of(
            "gguf_no_tokenizer_json",
            QT_TRANSLATE_NOOP("messages", "{folder} has no tokenizer.json, which the GGUF writer "
                                          "reads."),
            QT_TRANSLATE_NOOP("messages", "Only fast (tokenizers-library) tokenizers can be "
                                          "written to GGUF."), folder=str(model_dir))
    data = json.loads(path.read_text(encoding="utf-8"))
    model = data.get("model") or {}
    if model.get("type") != "BPE":
        raise UserError.of(
            "gguf_unsupported_tokenizer",
            QT_TRANSLATE_NOOP("messages", "The tokenizer type “{type}” cannot be written to GGUF "
                                          "yet."),
            QT_TRANSLATE_NOOP("messages", "Convert the merged folder with llama.cpp's "
                                          "convert_hf_to_gguf.py."), type=str(model.get("type")))
    hf_tok = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(
        str(model_dir))
    id_of: dict[str, int] = dict(model.get("vocab") or {})
    added = {int(t["id"]): t for t in data.get("added_tokens") or []}
    for added_id, token in added.items():
        id_of[str(token["content"])] = added_id
    n_vocab = int(config.vocab_size)
    highest = max(id_of.values()) + 1
    if highest > n_vocab:
        raise UserError.of(
            "gguf_vocab_too_big",
            QT_TRANSLATE_NOOP("messages", "The tokenizer has {tokens} tokens but the model only "
                                          "{rows} rows."),
            QT_TRANSLATE_NOOP("messages", "Resize the model's embeddings to the tokenizer before "
                                          "exporting."), tokens=highest, rows=n_vocab)
    by_id = {i: t for t, i in id_of.items()}
    sentencepiece = bool(model.get("byte_fallback"))
    tokens: list[str] = []
    types: list[int] = []
    scores: list[float] = []
    for i in range(n_vocab):
        text = by_id.get(i)
        if text is None:
            tokens.append(f"[PAD{i}]")
            types.append(int(TokenType.UNUSED))
        elif i in added:
            tokens.append(text)
            types.append(int(TokenType.CONTROL if added[i].get("special")
                             else TokenType.USER_DEFINED))
            if sentencepiece and text == model.get("unk_token"):
                types[-1] = int(TokenType.UNKNOWN)
        else:
            tokens.append(text)
            if sentencepiece and _BYTE_TOKEN.match(text):
                types.append(int(TokenType.BYTE))
            elif sentencepiece and text == model.get("unk_token"):
                types.append(int(TokenType.UNKNOWN))
            else:
                types.append(int(TokenType.NORMAL))
        # SentencePiece BPE pieces are listed best-first; llama.cpp merges by score.
        scores.append(0.0 if i in added else -float(i))
    template = hf_tok.chat_template if isinstance(hf_tok.chat_template, str) else None
    vocab = GGUFVocab(
        model="llama" if sentencepiece else "gpt2",
        pre=None,
        tokens=tokens, types=types,
        scores=scores if sentencepiece else None,
        merges=_merge_strings(list(model.get("merges") or [])),
        chat_template=template,
    )
    if sentencepiece:
        parts = _components(data.get("pre_tokenizer")) + _components(data.get("normalizer"))
        vocab.add_space_prefix = any(
            (p.get("type") == "Metaspace" and p.get("prepend_scheme", "always") != "never")
            or (p.get("type") == "Prepend" and p.get("prepend") == "▁") for p in parts)
    else:
        vocab.pre, note = pre_tokenizer_name(model_type, tokens, data.get("pre_tokenizer"))
        if note:
            vocab.notes.append(note)
    for kind, attr in (("bos", "bos_token_id"), ("eos", "eos_token_id"),
                       ("unk", "unk_token_id"), ("pad", "pad_token_id")):
        token_id = getattr(hf_tok, attr, None)
        if token_id is None:
            token_id = getattr(config, attr, None)
        if isinstance(token_id, list):
            token_id = token_id[0] if token_id else None
        if token_id is not None and 0 <= int(token_id) < n_vocab:
            vocab.special_ids[kind] = int(token_id)
    turn_end = _turn_end_token(template, id_of)
    if turn_end is not None and turn_end != vocab.special_ids.get("eos"):
        vocab.special_ids["eot"] = turn_end
    vocab.add_bos, vocab.add_eos = _detect_added_specials(hf_tok)
    return vocab

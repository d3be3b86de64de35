"""gguf_kv: metadata arrays packed whole give gguf-py's bytes exactly, and anything it
cannot promise falls back to gguf-py (same bytes, same errors)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from gguf import GGUFReader, GGUFValueType, GGUFWriter

from dpo_desktop.core.export.gguf_kv import KVWriter, item_type, pack_array


def _both(val: Any, sub_type: GGUFValueType | None = None) -> tuple[bytes, bytes]:
    ours = KVWriter(None, "llama")._pack_val(val, GGUFValueType.ARRAY, True, sub_type)
    theirs = GGUFWriter(None, "llama")._pack_val(val, GGUFValueType.ARRAY, True, sub_type)
    return ours, theirs


def test_the_demo_vocabulary_packs_to_gguf_pys_bytes(demo_dir: Path) -> None:
    from transformers import AutoConfig

    from dpo_desktop.core.export.gguf_vocab import read_vocab

    vocab = read_vocab(demo_dir, AutoConfig.from_pretrained(demo_dir), "llama")
    assert len(vocab.tokens) > 40_000 and vocab.merges
    for values in (vocab.tokens, vocab.types, vocab.merges, vocab.scores):
        if values:
            ours, theirs = _both(list(values))
            assert ours == theirs
            assert pack_array(list(values), item_type(list(values))) is not None  # fast path


@pytest.mark.parametrize("values", [
    ["a", "日本語", "", "\u0120x", b"raw", bytearray(b"\x00\xff")],
    [0, -1, 2**31 - 1, -(2**31)],
    [0.0, -0.0, 1.5, 3.4028234663852886e38, 1e-45, 0.1, 2.5e-40, -7.0],
    [[1, 2], [3]],  # nested: gguf-py's own code
    [True, False, True],
])
def test_items_of_every_kind_pack_as_gguf_py_packs_them(values: list[Any]) -> None:
    ours, theirs = _both(values)
    assert ours == theirs


@pytest.mark.parametrize("values, sub_type", [
    ([1, 2, 300], GGUFValueType.UINT16),
    ([1.25, -2.5], GGUFValueType.FLOAT64),
    ([1, 2], GGUFValueType.FLOAT32),
    ([2**40, 1], GGUFValueType.INT64),
    ([0, 1, 2], GGUFValueType.BOOL),
])
def test_a_given_item_type_packs_as_gguf_py_packs_it(values: list[Any],
                                                   sub_type: GGUFValueType) -> None:
    ours, theirs = _both(values, sub_type)
    assert ours == theirs


@pytest.mark.parametrize("values, sub_type", [
    ([1, 2.5], None),  # mixed item types
    ([2**31], None),  # out of int32
    ([3.5e38], None),  # past float32
    ([1.5], GGUFValueType.INT32),  # a float where an int is asked for
    ([3], GGUFValueType.STRING),
    ([1, True], None),  # an int and a bool are two types to gguf-py
])
def test_what_gguf_py_refuses_it_still_refuses(values: list[Any],
                                               sub_type: GGUFValueType | None) -> None:
    with pytest.raises((ValueError, struct.error, OverflowError, TypeError, AttributeError)):
        GGUFWriter(None, "llama")._pack_val(values, GGUFValueType.ARRAY, True, sub_type)
    with pytest.raises((ValueError, struct.error, OverflowError, TypeError, AttributeError)):
        KVWriter(None, "llama")._pack_val(values, GGUFValueType.ARRAY, True, sub_type)


def test_nan_and_infinities_go_to_gguf_py() -> None:
    values = [float("nan"), float("inf"), -float("inf"), 1.0]
    assert pack_array(values, GGUFValueType.FLOAT32) is None
    ours, theirs = _both(values)
    assert ours == theirs


def test_a_file_written_with_it_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "kv.gguf"
    writer = KVWriter(str(path), "llama")
    writer.add_token_list(["<s>", "日本", "x"])
    writer.add_token_scores([0.0, -1.5, -2.0])
    writer.add_token_types([3, 1, 1])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.close()
    fields = GGUFReader(path).fields
    tokens = fields["tokenizer.ggml.tokens"]
    assert [bytes(tokens.parts[i]).decode() for i in tokens.data] == ["<s>", "日本", "x"]
    scores = fields["tokenizer.ggml.scores"]
    assert [float(scores.parts[i][0]) for i in scores.data] == [0.0, -1.5, -2.0]

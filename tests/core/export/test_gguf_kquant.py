"""K-mix GGUF files written end to end and read back: by gguf-py's reader (types,
file type, stored blocks) and by transformers (the verification's checks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gguf import GGMLQuantizationType, GGUFReader

from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.export import gguf_arch, kquants
from dpo_desktop.core.export.gguf_writer import ExportCancelled, write_gguf
from dpo_desktop.core.export.verify import verify_gguf

from .conftest import build_tiny

Q = GGMLQuantizationType
# Every row a whole number of 256-weight super-blocks, so the K types are really used.
WIDE = {"hidden_size": 256, "intermediate_size": 512, "num_attention_heads": 4,
        "num_key_value_heads": 2, "num_hidden_layers": 2, "tie_word_embeddings": True}


@pytest.fixture(scope="module")
def wide_llama(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny("llama", demo_dir, tmp_path_factory.mktemp("wide") / "m", **WIDE)


def test_q4_k_m_file_reads_back_with_the_mix(wide_llama: Path, tmp_path: Path) -> None:
    from safetensors.numpy import load_file
    from transformers import AutoConfig

    report = write_gguf(wide_llama, tmp_path / "m.gguf", "q4_k_m", model_name="wide")
    reader = GGUFReader(str(report.path))
    assert int(reader.fields["general.file_type"].contents()) == 15  # MOSTLY_Q4_K_M
    types = {t.name: t.tensor_type for t in reader.tensors}
    assert types["token_embd.weight"] == Q.Q6_K  # tied: the output head's type
    # 2 layers: layer 1 is a "more bits" layer (the last eighth), layer 0 is not.
    assert types["blk.1.attn_v.weight"] == types["blk.1.ffn_down.weight"] == Q.Q6_K
    assert types["blk.0.attn_v.weight"] == types["blk.0.ffn_down.weight"] == Q.Q4_K
    assert types["blk.0.attn_q.weight"] == types["blk.1.ffn_up.weight"] == Q.Q4_K
    assert types["blk.0.attn_norm.weight"] == Q.F32
    assert dict(report.type_counts) == {"F32": 5, "Q4_K": 12, "Q6_K": 3}
    assert report.notes == ()

    # The stored blocks are exactly our encoder's bytes for the (permuted) source tensor.
    source = load_file(str(wide_llama / "model.safetensors"))
    config = AutoConfig.from_pretrained(str(wide_llama))
    stored = {t.name: t for t in reader.tensors}
    weight = source["model.layers.1.self_attn.q_proj.weight"].astype(np.float32)
    permuted = gguf_arch.permute_qk(weight, config.num_attention_heads)
    got = np.asarray(stored["blk.1.attn_q.weight"].data)
    assert np.array_equal(got.reshape(-1), kquants.quantize(permuted, Q.Q4_K).reshape(-1))


def test_q4_k_m_passes_verification(wide_llama: Path, tmp_path: Path) -> None:
    """transformers loads the file, and it matches the model rounded by our encoders."""
    report = write_gguf(wide_llama, tmp_path / "m.gguf", "q4_k_m", model_name="wide")
    checks = {c.name: c for c in verify_gguf(wide_llama, report.path, "q4_k_m", report.arch)}
    for name in ("metadata", "tokenizer", "file"):
        assert checks[name].passed, checks[name]
    assert checks["logits"].passed is None  # reported, not judged, below 8 bits
    print("q4_k_m", checks["logits"].summary)


@pytest.mark.parametrize(("out_type", "file_type", "base"),
                         [("q5_k_m", 17, Q.Q5_K), ("q6_k", 18, Q.Q6_K)])
def test_q5_k_m_and_q6_k_files(wide_llama: Path, tmp_path: Path, out_type: str,
                               file_type: int, base: GGMLQuantizationType) -> None:
    from gguf.quants import dequantize
    from safetensors.numpy import load_file

    report = write_gguf(wide_llama, tmp_path / "m.gguf", out_type, model_name="wide")
    reader = GGUFReader(str(report.path))
    assert int(reader.fields["general.file_type"].contents()) == file_type
    stored = {t.name: t for t in reader.tensors}
    assert stored["token_embd.weight"].tensor_type == Q.Q6_K
    assert stored["blk.1.ffn_down.weight"].tensor_type == Q.Q6_K
    tensor = stored["blk.0.ffn_down.weight"]
    assert tensor.tensor_type == base
    weight = load_file(str(wide_llama / "model.safetensors"))["model.layers.0.mlp.down_proj.weight"]
    got = dequantize(np.asarray(tensor.data), base).reshape(weight.shape)
    assert np.array_equal(got, dequantize(kquants.quantize(weight, base), base))


def test_cancel_inside_a_k_quant_tensor_stops_the_write(wide_llama: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kquants, "CHUNK_BLOCKS", 16)
    asked: list[int] = []

    class StopOnSecondAsk(JobControl):
        @property
        def is_cancelled(self) -> bool:  # the first tensor check says go on, the next stop
            asked.append(1)
            return len(asked) > 1

    with pytest.raises(ExportCancelled):
        write_gguf(wide_llama, tmp_path / "c.gguf", "q4_k_m", model_name="wide",
                   control=StopOnSecondAsk())
    assert len(asked) == 2

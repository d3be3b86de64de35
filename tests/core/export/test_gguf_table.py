"""The fast tensor-table reader agrees with gguf-py's GGUFReader on a real export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gguf import GGMLQuantizationType, GGUFReader

from dpo_desktop.core.export.gguf_table import read_table
from dpo_desktop.core.export.gguf_writer import write_gguf


def test_table_equals_gguf_readers(tiny_base: Callable[[str], Path], tmp_path: Path) -> None:
    for out_type in ("q8_0", "q4_k_m"):
        report = write_gguf(tiny_base("llama"), tmp_path / f"m-{out_type}.gguf", out_type,
                            model_name="tiny")
        reader = GGUFReader(str(report.path))
        want = {t.name: (GGMLQuantizationType(int(t.tensor_type)),
                         tuple(int(d) for d in reversed(t.shape.tolist())),
                         int(t.data_offset), int(t.n_bytes)) for t in reader.tensors}
        assert read_table(report.path) == want
        assert len(want) == report.tensor_count

"""Export a finished run: a 16-bit merge, a GGUF written in pure Python, verification by
loading it back, and the files Ollama and LM Studio need. No Qt here.
"""

from __future__ import annotations

from dpo_desktop.core.export.gguf_types import GGUF_TYPES
from dpo_desktop.core.export.gguf_writer import ExportCancelled, GGUFReport, write_gguf
from dpo_desktop.core.export.merge import MERGE_DTYPES, MergeReport, merge_run
from dpo_desktop.core.export.pipeline import ExportOptions, export_run
from dpo_desktop.core.export.result import ExportResult
from dpo_desktop.core.export.verify import Check, verify_gguf

__all__ = [
    "GGUF_TYPES", "MERGE_DTYPES", "Check", "ExportCancelled", "ExportOptions", "ExportResult",
    "GGUFReport", "MergeReport", "export_run", "merge_run", "verify_gguf", "write_gguf",
]

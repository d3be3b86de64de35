"""What one export produced: the folder, the merged model, the GGUF, the checks and the
app files. A module of its own so that the pipeline that makes it and the texts that
describe it (summary.py) both import it, and not each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpo_desktop.core.export import lmstudio
from dpo_desktop.core.export.gguf_writer import GGUFReport
from dpo_desktop.core.export.merge import MergeReport
from dpo_desktop.core.export.verify import Check
from dpo_desktop.core.i18n import Text


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    model_name: str
    merged: MergeReport
    gguf: GGUFReport | None = None
    checks: tuple[Check, ...] = ()
    modelfile: Path | None = None
    ollama_command: str | None = None
    lmstudio_file: Path | None = None
    # Text: a marked template and its params (core/i18n.py), which the GUI shows in the UI
    # language; str() of either is the English note of the CLI, README and export.json.
    notes: tuple[Text | str, ...] = field(default_factory=tuple)

    @property
    def verified(self) -> bool | None:
        """True when every thresholded check passed; None when nothing was checked."""
        judged = [c.passed for c in self.checks if c.passed is not None]
        return all(judged) if judged else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir), "model_name": self.model_name,
            "merged": {"path": str(self.merged.path), "dtype": self.merged.dtype,
                       "parameters": self.merged.parameters, "bytes": self.merged.nbytes},
            "gguf": None if self.gguf is None else {
                "path": str(self.gguf.path), "type": self.gguf.out_type, "arch": self.gguf.arch,
                "bytes": self.gguf.nbytes, "tensors": self.gguf.tensor_count,
                "tensor_types": dict(self.gguf.type_counts)},
            "verification": [c.to_dict() for c in self.checks],
            "verified": self.verified,
            "ollama": None if self.modelfile is None else {
                "modelfile": str(self.modelfile), "command": self.ollama_command},
            "lmstudio": None if self.lmstudio_file is None else {
                "file": str(self.lmstudio_file),
                "copy_into": str(lmstudio.lmstudio_models_dir())},
            "notes": [str(note) for note in self.notes],
        }

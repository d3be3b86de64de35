"""The user's saved prompts for the Compare page: a small JSON file, written atomically.

Prompts are plain text, kept in the order they were saved, without duplicates (compared
after trimming). A damaged file is not fatal: it reads as empty, and the next save first
moves it aside as ``prompts.json.bad`` so nothing the user typed is silently lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dpo_desktop.core.atomic import atomic_write_text
from dpo_desktop.core.errors import UserError, from_os_error
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

FILE_VERSION = 1
MAX_PROMPTS = 500


def default_prompts_path() -> Path:
    """``<user data dir>/prompts.json``, next to the runs folder (so the runs-folder
    override used by tests and portable installs covers it too)."""
    from dpo_desktop.core.training.rundir import default_runs_dir

    return default_runs_dir().parent / "prompts.json"


@dataclass
class SavedPrompts:
    path: Path
    prompts: list[str] = field(default_factory=list)
    damaged: bool = False

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> SavedPrompts:
        file = Path(path) if path is not None else default_prompts_path()
        try:
            raw = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(file)
        except OSError:
            return cls(file, damaged=True)
        try:
            data = json.loads(raw)
            items = data["prompts"] if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise TypeError("prompts is not a list")
        except (ValueError, KeyError, TypeError):
            return cls(file, damaged=True)
        prompts: list[str] = []
        for item in items:
            text = item.strip() if isinstance(item, str) else ""
            if text and text not in prompts:
                prompts.append(text)
        return cls(file, prompts)

    def add(self, text: str) -> bool:
        """Save ``text``; False when it is empty or already saved."""
        text = text.strip()
        if not text or text in self.prompts:
            return False
        if len(self.prompts) >= MAX_PROMPTS:
            raise UserError.of(
                "too_many_prompts",
                QT_TRANSLATE_NOOP("messages", "At most {limit} prompts can be saved."),
                QT_TRANSLATE_NOOP("messages", "Remove prompts you no longer need first."),
                limit=MAX_PROMPTS)
        self.prompts.append(text)
        try:
            self.save()
        except UserError:
            self.prompts.remove(text)  # the list shown stays the list on disk
            raise
        return True

    def remove(self, text: str) -> bool:
        text = text.strip()
        if text not in self.prompts:
            return False
        index = self.prompts.index(text)
        self.prompts.remove(text)
        try:
            self.save()
        except UserError:
            self.prompts.insert(index, text)
            raise
        return True

    def save(self) -> None:
        """Write the list; a disk or permission problem is a ``WriteError`` naming the file."""
        if self.damaged and self.path.exists():
            try:
                os.replace(self.path, self.path.with_name(self.path.name + ".bad"))
            except OSError as exc:
                raise from_os_error(exc, self.path) from exc
        atomic_write_text(self.path, json.dumps(
            {"version": FILE_VERSION, "prompts": self.prompts}, ensure_ascii=False,
            indent=1) + "\n")
        self.damaged = False

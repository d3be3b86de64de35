"""The answer settings (temperature, repeat penalty …) the user last used on the Compare
page, remembered between sessions. The Export page writes the same settings into the
Ollama Modelfile, so the exported model answers as the preview did."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QSettings

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.generation import GenerationSettings

GROUP = "answers"


def load_answer_settings() -> GenerationSettings:
    settings = QSettings()
    defaults = GenerationSettings()
    values: dict[str, Any] = {}
    for item in dataclasses.fields(GenerationSettings):
        raw = settings.value(f"{GROUP}/{item.name}")
        if raw is None:
            continue
        try:
            values[item.name] = type(getattr(defaults, item.name))(raw)
        except (TypeError, ValueError):
            continue  # a hand-edited or old value: the default instead
    try:
        return GenerationSettings(**values)
    except UserError:
        return defaults


def save_answer_settings(answer: GenerationSettings) -> None:
    settings = QSettings()
    for item in dataclasses.fields(answer):
        settings.setValue(f"{GROUP}/{item.name}", getattr(answer, item.name))

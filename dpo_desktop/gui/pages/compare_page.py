"""Step 4, Compare: the same prompt answered before and after training, side by side.

``core.generation.Generator`` loads the base model once with the run's adapter; "before"
is the adapter switched off. Answers stream in as ``TokenGenerated`` events from a worker
thread; Stop sets the generator's cancel flag, which takes effect within one token.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.events import Event, PhaseChanged, TokenGenerated
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.workers import JobRunner

MAX_SAMPLE_PROMPTS = 50


def held_out_prompts(run_dir: Path) -> list[str]:
    """The user prompts of the run's held-out pairs (data/eval.jsonl), for quick picks."""
    prompts: list[str] = []
    try:
        with (run_dir / "data" / "eval.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                users = [m["content"] for m in record.get("prompt", []) if m.get("role") == "user"]
                if users:
                    prompts.append(users[-1])
                if len(prompts) >= MAX_SAMPLE_PROMPTS:
                    break
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return prompts


class ComparePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_dir: Path | None = None
        self._generator: Any = None
        self._generator_run: Path | None = None
        self._cancel = threading.Event()
        self.runner = JobRunner(self)
        self.runner.event.connect(self.handle_event)
        self.runner.failed.connect(lambda exc: show_error(self, exc, self.tr("Cannot compare")))
        self.runner.finished.connect(self._ended)
        tr = self.tr
        layout = QVBoxLayout(self)
        self.run_label = QLabel()
        self.run_label.setWordWrap(True)
        layout.addWidget(self.run_label)
        self.samples = QComboBox()
        self.samples.addItem(tr("Held-out prompts from the run…"), "")
        self.samples.activated.connect(self._sample_chosen)
        layout.addWidget(self.samples)
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(tr("Type a prompt, as a user of your model would."))
        self.prompt.setMaximumHeight(100)
        layout.addWidget(self.prompt)
        row = QHBoxLayout()
        self.tokens = QSpinBox()
        self.tokens.setRange(16, 2048)
        self.tokens.setValue(200)
        self.tokens.setToolTip(tr("The longest answer, in tokens."))
        self.generate_button = QPushButton(tr("Answer before and after"))
        self.generate_button.clicked.connect(self.generate)
        self.stop_button = QPushButton(tr("Stop"))
        self.stop_button.clicked.connect(self._cancel.set)
        self.status = QLabel()
        row.addWidget(QLabel(tr("Max new tokens:")))
        row.addWidget(self.tokens)
        row.addWidget(self.generate_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        answers = QHBoxLayout()
        self.before = QPlainTextEdit()
        self.after = QPlainTextEdit()
        for title, edit in ((tr("Before training"), self.before),
                            (tr("After training"), self.after)):
            edit.setReadOnly(True)
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(edit)
            answers.addWidget(box)
        layout.addLayout(answers, 1)
        self.set_run(None)

    def set_run(self, run_dir: Path | None) -> None:
        self.run_dir = run_dir
        ready = run_dir is not None and (run_dir / "adapter").is_dir()
        self.run_label.setText(
            self.tr("Run: <b>{name}</b>").format(name=run_dir.name) if ready else
            self.tr("Train a model first (or pick a run on the Runs page); its answers are "
                    "compared here with the original model's."))
        self.generate_button.setEnabled(ready and not self.runner.is_running())
        self.stop_button.setEnabled(False)
        while self.samples.count() > 1:
            self.samples.removeItem(1)
        if ready and run_dir is not None:
            for text in held_out_prompts(run_dir):
                self.samples.addItem(text.replace("\n", " ")[:90], text)

    def _sample_chosen(self, index: int) -> None:
        text = self.samples.itemData(index)
        if text:
            self.prompt.setPlainText(str(text))

    def generate(self) -> bool:
        prompt = self.prompt.toPlainText().strip()
        run_dir = self.run_dir
        if not prompt or run_dir is None or self.runner.is_running():
            return False
        from dpo_desktop.core.generation import GenerationSettings

        settings = GenerationSettings(max_new_tokens=self.tokens.value())
        self._cancel.clear()
        cancel = self._cancel
        cached = self._generator if self._generator_run == run_dir else None

        def job(emit: Callable[[Event], None]) -> Any:
            from dpo_desktop.core.generation import Generator

            generator = cached or Generator.from_run(run_dir, on_event=emit)
            answers = generator.compare(prompt, settings, on_event=emit, cancel=cancel)
            return generator, answers

        self.runner.done.connect(self._done)
        self.before.clear()
        self.after.clear()
        self.status.setText(self.tr("Loading the model…") if cached is None else "")
        self.generate_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.runner.start(job)
        return True

    def handle_event(self, event: Event) -> None:
        if isinstance(event, TokenGenerated):
            target = self.before if event.side == "before" else self.after
            target.moveCursor(target.textCursor().MoveOperation.End)
            target.insertPlainText(event.text)
        elif isinstance(event, PhaseChanged):
            self.status.setText(event.message)

    def _done(self, result: tuple[Any, Any]) -> None:
        self.runner.done.disconnect(self._done)
        generator, (before, after) = result
        self._generator, self._generator_run = generator, self.run_dir
        self.before.setPlainText(before.text)
        self.after.setPlainText(after.text)
        self.status.setText(self.tr("{tokens} tokens at {speed:.1f} tokens/s").format(
            tokens=after.tokens, speed=after.tokens_per_second))

    def _ended(self) -> None:
        self.generate_button.setEnabled(self.run_dir is not None)
        self.stop_button.setEnabled(False)

    def shutdown(self) -> None:
        self._cancel.set()
        self.runner.wait()

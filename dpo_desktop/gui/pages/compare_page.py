"""Step 4, Compare: the same prompt answered before and after training, side by side.

The page's ``core.compare.CompareSession`` (the one ``dpo-desktop compare`` uses) loads
the base model once with the run's adapter and keeps it; "before" is the adapter switched
off. Answers stream in as ``TokenGenerated`` events from a ``JobRunner`` thread; Cancel
cancels the job's control, which takes effect within one token.

In blind A/B mode the two answers appear as A and B in an order drawn with
``BlindPair.shuffle`` before generating (``BlindPair.sides`` says which side is which).
A is generated first, then B, so neither the streaming order nor the tokens/s (hidden
until the vote) gives the sides away. The vote itself is handled by :class:`ABPanel`.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaMethod, Qt, Signal
from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.compare import CompareSession
from dpo_desktop.core.data.types import Message
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.events import Event, PhaseChanged, TokenGenerated
from dpo_desktop.core.generation import Answer, GenerationSettings, Side
from dpo_desktop.core.prompts import SavedPrompts
from dpo_desktop.core.training.rundir import RunDir
from dpo_desktop.core.training.runs import has_adapter, held_out_prompts
from dpo_desktop.core.votes import BlindPair
from dpo_desktop.gui.answer_settings import load_answer_settings, save_answer_settings
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.messages import help_text_tip, translate_phase
from dpo_desktop.gui.pages.ab_panel import ABPanel
from dpo_desktop.gui.widgets.settings_form import editor_for
from dpo_desktop.gui.workers import JobRunner

SIDES: tuple[Side, Side] = ("before", "after")
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "held" or "saved" on the prompt list's items


def setting_help(name: str) -> str:
    """GenerationSettings' help text for ``name``, translated: the tooltips and the CLI
    say the same thing."""
    for item in dataclasses.fields(GenerationSettings):
        if item.name == name:
            return help_text_tip(str(item.metadata["help"]))
    return ""


class AnswerPane(QGroupBox):
    """One side: the streaming answer, its speed, and Copy / Regenerate."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        layout = QVBoxLayout(self)
        self.edit = QPlainTextEdit()
        self.edit.setReadOnly(True)
        layout.addWidget(self.edit, 1)
        row = QHBoxLayout()
        self.speed = QLabel()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy this answer to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr(
            "Answer again on this side only, with the current settings (change the seed or "
            "the temperature for a different answer)"))
        row.addWidget(self.speed, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.regenerate_button)
        layout.addLayout(row)

    def clear(self) -> None:
        self.edit.clear()
        self.speed.clear()

    def append(self, text: str) -> None:
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
        self.edit.insertPlainText(text)

    def show_answer(self, answer: Answer, show_speed: bool) -> None:
        self.edit.setPlainText(answer.text)
        self.speed.setText(self.speed_text(answer) if show_speed else "")

    def speed_text(self, answer: Answer) -> str:
        text = self.tr("{tokens} tokens at {speed:.1f} tokens/s").format(
            tokens=answer.tokens, speed=answer.tokens_per_second)
        if answer.cancelled:
            text += " " + self.tr("(cancelled)")
        return text

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.edit.toPlainText())


class ComparePage(QWidget):
    open_data_requested = Signal(str)  # a votes file to open on the Data page

    def __init__(self, parent: QWidget | None = None,
                 prompts_path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.run_dir: Path | None = None
        self.rng = random.Random()
        self.session = CompareSession()  # owns the loaded model between prompts
        self._targets: dict[Side, AnswerPane] = {}
        self._order: BlindPair | None = None  # the hidden A/B order of the current prompt
        self._answers: dict[Side, Answer] = {}
        self.saved_prompts = SavedPrompts.load(prompts_path)
        self.runner = JobRunner(self)
        self.runner.event.connect(self.handle_event)
        self.runner.done.connect(self._done)
        self.runner.failed.connect(lambda exc: show_error(self, exc, self.tr("Cannot compare")))
        self.runner.finished.connect(self._ended)
        self._build()
        self.set_run(None)

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.tr
        layout = QVBoxLayout(self)
        self.run_label = QLabel()
        self.run_label.setWordWrap(True)
        layout.addWidget(self.run_label)

        prompts = QHBoxLayout()
        self.samples = QComboBox()
        self.samples.setToolTip(tr("Your saved prompts, and prompts the run held out from "
                                   "training"))
        self.samples.activated.connect(self._sample_chosen)
        self.save_prompt_button = QPushButton(tr("Save prompt"))
        self.save_prompt_button.setToolTip(tr("Keep this prompt in the list for later runs"))
        self.save_prompt_button.clicked.connect(self.save_prompt)
        self.remove_prompt_button = QPushButton(tr("Remove saved prompt"))
        self.remove_prompt_button.clicked.connect(self.remove_prompt)
        prompts.addWidget(self.samples, 1)
        prompts.addWidget(self.save_prompt_button)
        prompts.addWidget(self.remove_prompt_button)
        layout.addLayout(prompts)
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(tr("Type a prompt, as a user of your model would."))
        self.prompt.setMaximumHeight(100)
        self.prompt.textChanged.connect(self._update_buttons)
        layout.addWidget(self.prompt)

        row = QHBoxLayout()
        # Editors generated from GenerationSettings' field limits (widgets/settings_form).
        defaults = load_answer_settings()  # the last ones used, or Ollama's defaults

        def spin(name: str) -> Any:
            return editor_for(GenerationSettings, name, getattr(defaults, name), self)

        self.tokens: QSpinBox = spin("max_new_tokens")
        self.temperature: QDoubleSpinBox = spin("temperature")
        self.top_p: QDoubleSpinBox = spin("top_p")
        self.seed: QSpinBox = spin("seed")
        self.repeat_penalty: QDoubleSpinBox = spin("repeat_penalty")
        for name, label, editor in (("max_new_tokens", tr("Max new tokens:"), self.tokens),
                                    ("temperature", tr("Temperature:"), self.temperature),
                                    ("top_p", tr("Top-p:"), self.top_p),
                                    ("repeat_penalty", tr("Repeat penalty:"),
                                     self.repeat_penalty),
                                    ("seed", tr("Seed:"), self.seed)):
            caption = QLabel(label)
            tip = setting_help(name)
            caption.setToolTip(tip)
            editor.setToolTip(tip)
            row.addWidget(caption)
            row.addWidget(editor)
        row.addStretch(1)
        self.blind_box = QCheckBox(tr("Blind A/B"))
        self.blind_box.setToolTip(tr(
            "Show the two answers as A and B in random order and vote for the better one; the "
            "sides are revealed after the vote, and decided votes become preference pairs."))
        self.blind_box.toggled.connect(self._mode_changed)
        row.addWidget(self.blind_box)
        layout.addLayout(row)

        actions = QHBoxLayout()
        self.generate_button = QPushButton()
        self.generate_button.clicked.connect(self.generate)
        self.stop_button = QPushButton(tr("Cancel"))
        self.stop_button.setToolTip(tr("Stop generating; takes effect within a token"))
        self.stop_button.clicked.connect(self.cancel)
        self.status = QLabel()
        self.status.setWordWrap(True)
        actions.addWidget(self.generate_button)
        actions.addWidget(self.stop_button)
        actions.addWidget(self.status, 1)
        layout.addLayout(actions)

        answers = QHBoxLayout()
        self.left_pane = AnswerPane("")
        self.right_pane = AnswerPane("")
        self.left_pane.regenerate_button.clicked.connect(lambda: self.regenerate("before"))
        self.right_pane.regenerate_button.clicked.connect(lambda: self.regenerate("after"))
        answers.addWidget(self.left_pane)
        answers.addWidget(self.right_pane)
        layout.addLayout(answers, 1)
        # The left pane is "before" (or A), the right one "after" (or B).
        self.before, self.after = self.left_pane.edit, self.right_pane.edit

        self.ab_panel = ABPanel()
        self.ab_panel.revealed.connect(self._revealed)
        self.ab_panel.open_votes_requested.connect(self.open_votes)
        layout.addWidget(self.ab_panel)
        self._mode_changed(False)

    # -- state ---------------------------------------------------------------------
    @property
    def blind(self) -> bool:
        return self.blind_box.isChecked()

    def set_blind(self, on: bool) -> None:
        self.blind_box.setChecked(on)

    def set_run(self, run_dir: Path | None) -> None:
        ready = has_adapter(run_dir)
        if run_dir != self.run_dir:
            self.ab_panel.reset(RunDir(run_dir).votes if ready and run_dir else None)
            self._clear_answers()
        self.run_dir = run_dir
        self.run_label.setText(
            self.tr("Run: <b>{name}</b>").format(name=run_dir.name) if ready and run_dir else
            self.tr("Train a model first (or pick a run on the Runs page); its answers are "
                    "compared here with the original model's."))
        self._fill_prompts()
        self._update_buttons()

    def _ready(self) -> bool:
        return has_adapter(self.run_dir)

    def _update_buttons(self) -> None:
        running = self.runner.is_running()
        can = self._ready() and not running and bool(self.prompt.toPlainText().strip())
        self.generate_button.setEnabled(self._ready() and not running)
        self.stop_button.setEnabled(running)
        self.blind_box.setEnabled(not running)
        for pane in (self.left_pane, self.right_pane):
            pane.regenerate_button.setEnabled(can)
            pane.copy_button.setEnabled(bool(pane.edit.toPlainText()))
        text = self.prompt.toPlainText().strip()
        self.save_prompt_button.setEnabled(bool(text) and text not in
                                           self.saved_prompts.prompts)
        self.remove_prompt_button.setEnabled(text in self.saved_prompts.prompts)

    def _mode_changed(self, blind: bool) -> None:
        tr = self.tr
        self._clear_answers()
        self.left_pane.setTitle(tr("Answer A") if blind else tr("Before training"))
        self.right_pane.setTitle(tr("Answer B") if blind else tr("After training"))
        self.generate_button.setText(tr("Answer blind (A/B)") if blind else
                                     tr("Answer before and after"))
        for pane in (self.left_pane, self.right_pane):
            pane.regenerate_button.setVisible(not blind)
        self.ab_panel.setVisible(blind)
        self.status.clear()

    def _clear_answers(self) -> None:
        self._order = None
        self._answers = {}
        self.ab_panel.set_pair(None)
        self.left_pane.clear()
        self.right_pane.clear()
        if self.blind:
            self.left_pane.setTitle(self.tr("Answer A"))
            self.right_pane.setTitle(self.tr("Answer B"))

    # -- prompts -------------------------------------------------------------------
    def _fill_prompts(self) -> None:
        combo = self.samples
        combo.clear()
        combo.addItem(self.tr("Choose a prompt…"), "")
        model = combo.model()

        def header(text: str) -> None:
            combo.addItem(text, "")
            if isinstance(model, QStandardItemModel):
                item = model.item(combo.count() - 1)
                item.setEnabled(False)
                font = item.font()
                font.setBold(True)
                item.setFont(font)

        def add(kind: str, text: str) -> None:
            combo.addItem(text.replace("\n", " ")[:90], text)
            combo.setItemData(combo.count() - 1, kind, KIND_ROLE)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)

        if self.saved_prompts.prompts:
            header(self.tr("Saved prompts"))
            for text in self.saved_prompts.prompts:
                add("saved", text)
        if self._ready() and self.run_dir is not None:
            held = held_out_prompts(self.run_dir)
            if held:
                header(self.tr("Held-out prompts from the run"))
                for text in held:
                    add("held", text)

    def prompt_choices(self, kind: str) -> list[str]:
        return [str(self.samples.itemData(i)) for i in range(self.samples.count())
                if self.samples.itemData(i, KIND_ROLE) == kind]

    def _sample_chosen(self, index: int) -> None:
        text = self.samples.itemData(index)
        if text:
            self.prompt.setPlainText(str(text))
        self.samples.setCurrentIndex(0)

    def save_prompt(self) -> bool:
        try:
            added = self.saved_prompts.add(self.prompt.toPlainText())
        except UserError as exc:
            show_error(self, exc, self.tr("Cannot save the prompt"))
            return False
        if added:
            self._fill_prompts()
            self._update_buttons()
        return added

    def remove_prompt(self) -> bool:
        try:
            removed = self.saved_prompts.remove(self.prompt.toPlainText())
        except UserError as exc:
            show_error(self, exc, self.tr("Cannot remove the prompt"))
            return False
        if removed:
            self._fill_prompts()
            self._update_buttons()
        return removed

    # -- generating ----------------------------------------------------------------
    def settings(self) -> GenerationSettings:
        return GenerationSettings(max_new_tokens=self.tokens.value(),
                                  temperature=self.temperature.value(),
                                  top_p=self.top_p.value(), seed=self.seed.value(),
                                  repeat_penalty=self.repeat_penalty.value())

    def generate(self) -> bool:
        """Answer the prompt on both sides (as A and B in blind mode)."""
        if self.blind:
            text = self.prompt.toPlainText().strip()
            # Drawn before generating: A is answered first, so nothing gives the order away.
            order = BlindPair.shuffle((Message("user", text),), "", "", self.rng)
            a_side, b_side = order.sides
            if not self._start([a_side, b_side],
                               {a_side: self.left_pane, b_side: self.right_pane}):
                return False
            self._order = order
            return True
        return self._start(list(SIDES), {"before": self.left_pane, "after": self.right_pane})

    def regenerate(self, side: Side) -> bool:
        """Answer one side again (not in blind mode, where both are answered anew)."""
        if self.blind:
            return self.generate()
        pane = self.left_pane if side == "before" else self.right_pane
        return self._start([side], {side: pane})

    def _start(self, sides: list[Side], targets: dict[Side, AnswerPane]) -> bool:
        prompt = self.prompt.toPlainText().strip()
        run_dir = self.run_dir
        if not prompt or run_dir is None or not self._ready() or self.runner.is_running():
            return False
        try:
            settings = self.settings()
        except UserError as exc:
            show_error(self, exc, self.tr("Cannot compare"))
            return False
        save_answer_settings(settings)  # the Export page writes them into the Modelfile
        session, control = self.session, JobControl()
        loaded = session.is_loaded(run_dir)

        def job(emit: Callable[[Event], None]) -> tuple[Path, dict[Side, Answer]]:
            return run_dir, session.answer(run_dir, prompt, sides, settings, control=control,
                                           on_event=emit)

        if len(sides) == 2:
            self._clear_answers()
        for pane in targets.values():
            pane.clear()
        self._targets = targets
        self.status.setText(self.tr("Answering…") if loaded else self.tr("Loading the model…"))
        self.runner.start(job, control)
        self._update_buttons()
        return True

    def cancel(self) -> None:
        if self.runner.cancel():
            self.status.setText(self.tr("Cancelling…"))

    def handle_event(self, event: Event) -> None:
        if isinstance(event, TokenGenerated):
            pane = self._targets.get(event.side)
            if pane is not None:
                if not pane.edit.toPlainText() and not self.runner.cancel_requested:
                    self.status.setText(self.tr("Answering…"))  # no longer "Loading …"
                pane.append(event.text)
        elif isinstance(event, PhaseChanged):
            self.status.setText(translate_phase(event.phase, event.message))

    def _done(self, result: tuple[Path, dict[Side, Answer]]) -> None:
        run_dir, answers = result
        if run_dir != self.run_dir:
            return  # the run changed while answering: these answers belong to the old one
        self._answers.update(answers)
        for side, answer in answers.items():
            pane = self._targets.get(side)
            if pane is not None:
                pane.show_answer(answer, show_speed=not self.blind)
        cancelled = self.runner.cancel_requested or any(a.cancelled for a in answers.values())
        if cancelled:
            self.status.setText(self.tr("Cancelled."))
        elif self.blind and self._order is not None:
            pair = self._order.with_answers({side: a.text for side, a in answers.items()})
            self.ab_panel.set_pair(pair)
            self.status.setText(self.tr("Both answers are in: vote below."))
        elif answers:
            last = list(answers.values())[-1]
            self.status.setText(self.tr("{tokens} tokens at {speed:.1f} tokens/s").format(
                tokens=last.tokens, speed=last.tokens_per_second))

    def _revealed(self, pair: BlindPair, verdict: str) -> None:
        tr = self.tr
        a_side, b_side = pair.sides
        self.left_pane.setTitle(tr("A: {side}").format(side=self.ab_panel.side_name(a_side)))
        self.right_pane.setTitle(tr("B: {side}").format(side=self.ab_panel.side_name(b_side)))
        for side, pane in ((a_side, self.left_pane), (b_side, self.right_pane)):
            answer = self._answers.get(side)
            if answer is not None:
                pane.speed.setText(pane.speed_text(answer))
        self._order = None
        self.status.clear()  # "vote below" no longer applies; the panel tells the outcome

    def _ended(self) -> None:
        self._update_buttons()

    # -- votes → Data page ---------------------------------------------------------------
    def open_votes(self, path: str) -> None:
        """Open the votes file on the Data page: through ``open_data_requested`` when the
        window listens to it, else through the window's ``open_data_file``."""
        signal = QMetaMethod.fromSignal(self.open_data_requested)
        if self.isSignalConnected(signal):
            self.open_data_requested.emit(path)
            return
        opener = getattr(self.window(), "open_data_file", None)
        if callable(opener):
            opener(path)

    def shutdown(self) -> None:
        self.runner.shutdown()
        self.session.unload()

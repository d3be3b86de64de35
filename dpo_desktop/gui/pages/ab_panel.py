"""Blind A/B judging under the Compare page's two answers.

The page hands over a :class:`BlindPair` once both answers are in; the judge picks A, B,
tie or both bad; the vote is counted in a :class:`Tally`, a decided vote is appended to
the votes JSONL (winner → chosen, loser → rejected) and only then are the sides
revealed. The votes file opens on the Data page, so the next run trains on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.generation import Side
from dpo_desktop.core.votes import (
    MIN_VOTES_TO_TELL,
    BlindPair,
    Tally,
    Verdict,
    append_vote_pair,
    reading,
)
from dpo_desktop.gui.errors import show_error


class ABPanel(QGroupBox):
    revealed = Signal(object, str)  # the BlindPair and the verdict, after the vote is saved
    open_votes_requested = Signal(str)  # the votes file, to open on the Data page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.setTitle(tr("Blind vote"))
        self.tally = Tally()
        self.pair: BlindPair | None = None
        self.votes_path: Path | None = None
        self.saved_votes = 0
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.vote_buttons: dict[Verdict, QPushButton] = {}
        for verdict, text, tip in (
                ("A", tr("A is better"), tr("Answer A becomes chosen, B rejected")),
                ("B", tr("B is better"), tr("Answer B becomes chosen, A rejected")),
                ("tie", tr("Tie"), tr("Both are about as good; counts half a win, saves no "
                                      "pair")),
                ("both_bad", tr("Both bad"), tr("Neither is acceptable; not counted in the win "
                                                "rate, saves no pair"))):
            button = QPushButton(text)
            button.setObjectName(f"vote_{verdict}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, v=verdict: self.vote(v))
            buttons.addWidget(button)
            self.vote_buttons[verdict] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.reveal_label = QLabel()
        self.reveal_label.setWordWrap(True)
        layout.addWidget(self.reveal_label)
        self.tally_label = QLabel()
        self.tally_label.setWordWrap(True)
        layout.addWidget(self.tally_label)
        files = QHBoxLayout()
        self.votes_label = QLabel()
        self.votes_label.setWordWrap(True)
        self.change_button = QPushButton(tr("Votes file…"))
        self.change_button.setToolTip(tr("Choose the JSONL file that decided votes are "
                                         "appended to"))
        self.change_button.clicked.connect(self._choose_votes_file)
        self.open_button = QPushButton(tr("Open votes in Data page"))
        self.open_button.setToolTip(tr("Review the voted pairs in the pair editor, then train "
                                       "the next run on them"))
        self.open_button.clicked.connect(self._open_votes)
        files.addWidget(self.votes_label, 1)
        files.addWidget(self.change_button)
        files.addWidget(self.open_button)
        layout.addLayout(files)
        self.set_pair(None)
        self._update_labels()

    # -- state -----------------------------------------------------------------------
    def reset(self, votes_path: Path | None) -> None:
        """A new run: a fresh tally, and its own votes file."""
        self.tally = Tally()
        self.saved_votes = 0
        self.votes_path = votes_path
        self.reveal_label.clear()
        self.set_pair(None)
        self._update_labels()

    def set_pair(self, pair: BlindPair | None) -> None:
        """The answers now shown as A and B (None while generating, or after the vote)."""
        self.pair = pair
        for button in self.vote_buttons.values():
            button.setEnabled(pair is not None)
        if pair is not None:
            self.reveal_label.setText(self.tr("Which answer is better? The sides are revealed "
                                              "after your vote."))

    def set_votes_path(self, path: Path) -> None:
        self.votes_path = path
        self._update_labels()

    # -- voting ----------------------------------------------------------------------
    def vote(self, verdict: Verdict) -> bool:
        pair = self.pair
        if pair is None:
            return False
        record = pair.as_pair_record(verdict)
        if record is not None and self.votes_path is not None:
            try:
                append_vote_pair(self.votes_path, record)
            except UserError as exc:  # the disk, a lock or permissions: names the file
                show_error(self, exc, self.tr("Cannot save the vote"))
                return False
            except ValueError as exc:  # a file that is not UTF-8
                show_error(self, UserError(
                    "votes_not_saved", self.tr("The vote could not be saved to {path}.").format(
                        path=self.votes_path),
                    self.tr("Choose another votes file, then vote again."), detail=str(exc)),
                    self.tr("Cannot save the vote"))
                return False
            self.saved_votes += 1
        self.tally.add(pair, verdict)
        self.set_pair(None)
        winner = pair.winner(verdict)
        a_side, b_side = pair.sides
        sides = self.tr("A was {a}; B was {b}.").format(a=self.side_name(a_side),
                                                        b=self.side_name(b_side))
        if winner == "after":
            outcome = self.tr("The trained model won.")
        elif winner == "before":
            outcome = self.tr("The original model won.")
        elif verdict == "tie":
            outcome = self.tr("A tie.")
        else:
            outcome = self.tr("Both bad.")
        if record is None and verdict in ("A", "B"):
            saved = self.tr("The answers are the same, so no pair was saved.")
        elif record is not None:
            saved = self.tr("Saved as a preference pair.")
        else:
            saved = ""
        self.reveal_label.setText(" ".join(t for t in (outcome, sides, saved) if t))
        self._update_labels()
        self.revealed.emit(pair, verdict)
        return True

    def side_name(self, side: Side) -> str:
        """The words for a side, once revealed ("before training", "after training")."""
        return self.tr("after training") if side == "after" else self.tr("before training")

    def tally_text(self) -> str:
        """The votes in plain words; the percentages only once they mean something."""
        tally = self.tally
        kind = reading(tally)
        counts = self.tr("{wins} won, {losses} lost, {ties} tied").format(
            wins=tally.wins, losses=tally.losses, ties=tally.ties)
        if kind == "none":
            text = self.tr("No decided votes yet: the verdict appears here. Ties count half; "
                           "“both bad” is not counted.")
        elif kind == "too_early":
            text = self.tr("After {judged} vote(s), too early to tell (the trained model: "
                           "{counts}). About {needed} votes give a first answer.").format(
                judged=tally.judged, counts=counts, needed=MIN_VOTES_TO_TELL)
        elif kind == "better":
            text = self.tr("The trained model is better: it wins {rate:.0%} of {judged} votes "
                           "({counts}).").format(rate=tally.win_rate, judged=tally.judged,
                                                  counts=counts)
        elif kind == "worse":
            text = self.tr("The trained model is worse: it wins only {rate:.0%} of {judged} "
                           "votes ({counts}).").format(rate=tally.win_rate,
                                                       judged=tally.judged, counts=counts)
        else:
            text = self.tr("No clear winner yet after {judged} votes: the trained model wins "
                           "{rate:.0%} ({counts}). More votes will tell.").format(
                judged=tally.judged, rate=tally.win_rate, counts=counts)
        if tally.both_bad:
            text += " " + self.tr("{count} both bad.").format(count=tally.both_bad)
        return text

    def _update_labels(self) -> None:
        self.tally_label.setText(self.tally_text())
        path = self.votes_path
        if path is None:
            self.votes_label.setText(self.tr("Pick a run to vote on its answers."))
        else:
            self.votes_label.setText(self.tr(
                "Votes file: {path} ({count} pair(s) saved this session)").format(
                path=path, count=self.saved_votes))
        self.change_button.setEnabled(path is not None)
        self.open_button.setEnabled(path is not None and path.is_file())

    def _choose_votes_file(self) -> None:
        start = str(self.votes_path) if self.votes_path else ""
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Votes file"), start, self.tr("JSONL (*.jsonl)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.set_votes_path(Path(chosen))

    def _open_votes(self) -> None:
        if self.votes_path is not None and self.votes_path.is_file():
            self.open_votes_requested.emit(str(self.votes_path))

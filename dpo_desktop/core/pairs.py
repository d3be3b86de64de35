"""Preference pairs from questions and ideal answers: the base model writes the worse side.

The model's own current answer is a natural rejected answer (on-policy data): training
then moves the model from what it says now towards what the business wants. A rejected
answer that is nearly the ideal one teaches nothing, so such rows are skipped (or kept
and flagged). Work is saved after every batch, atomically, so an interrupted run picks
up where it stopped without repeating or losing rows.

:class:`PairsSession` is the whole job from a questions file to a pairs file, and the one
sequence both ``dpo-desktop make-pairs`` and the "Make pairs" dialog run; it keeps the
loaded base model between runs. Like every long core call it returns its result or raises
a ``UserError``: a cancel raises ``Cancelled`` (code ``pairs_cancelled``) after saving,
with ``written`` and ``file`` in its params.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dpo_desktop.core.atomic import atomic_open, atomic_write_text
from dpo_desktop.core.data.questions import Question, QuestionSet
from dpo_desktop.core.data.types import Issue
from dpo_desktop.core.errors import Cancelled, JobControl, UserError
from dpo_desktop.core.events import (
    EventCallback,
    LogLine,
    PhaseChanged,
    ignore_events,
)
from dpo_desktop.core.generation import as_messages, cancel_criteria, prepare_tokenizer
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.core.limits import check_limits
from dpo_desktop.core.limits import metadata as _help  # help text + limits of a field


@dataclass(frozen=True)
class PairSettings:
    max_new_tokens: int = field(default=256, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The longest generated answer, in tokens."), low=1, high=4096))
    temperature: float = field(default=0.7, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "How varied the model's answers are; 0 gives its single most likely answer."),
        low=0.0, high=2.0, step=0.1, decimals=2))
    top_p: float = field(default=0.9, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "With temperature above 0: only words within this share of the probability."),
        low=0.0, low_open=True, high=1.0, step=0.05, decimals=2))
    seed: int = field(default=0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The same seed, file and settings give the same answers."), low=0, high=2**31 - 1))
    batch_size: int = field(default=8, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Questions answered at once. Larger is faster until memory runs out."), low=1,
        high=512))
    similarity_threshold: float = field(default=0.9, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "A generated answer at least this similar to the ideal one (0–1) teaches nothing."),
        low=0.0, high=1.0, step=0.05, decimals=2))
    similar: Literal["skip", "flag"] = field(default="skip", metadata=_help(QT_TRANSLATE_NOOP(
        "messages",
        "What to do with such rows: leave them out, or keep them marked “similar”."),
        choices=("skip", "flag")))

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.max_new_tokens < 1:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "batch size and max new tokens must "
                                                             "be at least 1."),
                QT_TRANSLATE_NOOP("messages", "Use for example a batch size of 8 and 256 max new "
                                              "tokens."), setting="batch_size")
        if not 0.0 <= self.similarity_threshold <= 1.0:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "the similarity threshold must be "
                                                             "between 0 and 1."),
                QT_TRANSLATE_NOOP("messages", "0.9 skips only near-copies of the ideal answer."),
                setting="similarity_threshold")
        check_limits(self)  # the other limits the editors offer (field metadata)


@dataclass(frozen=True)
class PairsResult:
    path: Path
    written: int
    generated: int
    given: int
    skipped_similar: tuple[int, ...]
    flagged_similar: tuple[int, ...]
    resumed: int
    issues: tuple[Issue, ...] = ()  # the questions file's problems (rows left out)


def similarity(a: str, b: str) -> float:
    """0–1, on text folded for case and spacing; character-level, so it works for Japanese."""
    fold_a, fold_b = " ".join(a.lower().split()), " ".join(b.lower().split())
    return difflib.SequenceMatcher(None, fold_a, fold_b, autojunk=False).ratio()


def question_key(question: Question) -> str:
    """Identifies a question by content, so resuming survives rows being moved or added."""
    text = "\x00".join(m.content for m in question.prompt) + "\x01" + question.ideal
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class _Progress:
    """What is already in the output file, plus a side file of the rows that were skipped."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.state = out.with_name(out.name + ".progress.json")
        self.lines: list[str] = []
        self.written: set[str] = set()
        self.skipped_keys: set[str] = set()
        self.skipped_rows: list[int] = []
        if out.exists():
            for number, line in enumerate(out.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise UserError.of(
                        "bad_pairs_file",
                        QT_TRANSLATE_NOOP("messages", "Line {line} of {file} is not valid JSON, "
                                                      "so it cannot be resumed."),
                        QT_TRANSLATE_NOOP("messages", "Choose a new output file, or delete this "
                                                      "one to start again."),
                        line=number, file=str(out)) from None
                self.lines.append(line)
                if isinstance(record, dict) and record.get("key"):
                    self.written.add(str(record["key"]))
        if self.state.exists():
            try:
                data = json.loads(self.state.read_text(encoding="utf-8"))
                self.skipped_keys = set(data.get("skipped_keys", []))
                self.skipped_rows = list(data.get("skipped_rows", []))
            except (OSError, ValueError):
                pass

    def done(self, key: str) -> bool:
        return key in self.written or key in self.skipped_keys

    def save(self, new: Sequence[tuple[str, str]], skipped: Sequence[tuple[str, int]]) -> None:
        """Output first, then the side file: a crash in between only repeats skips."""
        self.lines.extend(line for _, line in new)
        self.written.update(key for key, _ in new)
        with atomic_open(self.out, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(line + "\n" for line in self.lines)
        if skipped:
            self.skipped_keys.update(key for key, _ in skipped)
            self.skipped_rows.extend(row for _, row in skipped)
            atomic_write_text(self.state, json.dumps(
                {"skipped_keys": sorted(self.skipped_keys), "skipped_rows": self.skipped_rows},
                indent=1))


def _record(question: Question, rejected: str, source: str, score: float | None,
            key: str, flagged: bool) -> str:
    record: dict[str, Any] = {
        "prompt": [m.as_dict() for m in question.prompt],
        "chosen": [{"role": "assistant", "content": question.ideal}],
        "rejected": [{"role": "assistant", "content": rejected}],
        "source": source,
        "source_row": question.row,
        "key": key,
    }
    if score is not None:
        record["similarity"] = round(score, 3)
    if flagged:
        record["flag"] = "similar"
    return json.dumps(record, ensure_ascii=False)


class BatchAnswerer:
    """Answers many prompts at once with left padding, which is what makes batching pay."""

    def __init__(self, model: Any, tokenizer: Any) -> None:
        self.model = model
        self.tokenizer = tokenizer
        prepare_tokenizer(tokenizer)
        self.last_token_count = 0

    def answer(self, prompts: Sequence[Sequence[Any]], settings: PairSettings, seed: int,
               control: JobControl) -> list[str]:
        import torch

        texts = [self.tokenizer.apply_chat_template(as_messages(p), add_generation_prompt=True,
                                                    tokenize=False) for p in prompts]
        self.tokenizer.padding_side = "left"
        batch = self.tokenizer(texts, return_tensors="pt", padding=True,
                               add_special_tokens=False)
        device = next(self.model.parameters()).device
        batch = {k: v.to(device) for k, v in batch.items()}
        options: dict[str, Any] = {"max_new_tokens": settings.max_new_tokens,
                                   "pad_token_id": self.tokenizer.pad_token_id,
                                   "stopping_criteria": cancel_criteria(control)}
        if settings.temperature > 0:
            options.update(do_sample=True, temperature=settings.temperature,
                           top_p=settings.top_p)
        else:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        torch.manual_seed(seed)
        with torch.inference_mode():
            output = self.model.generate(**batch, **options)
        new = output[:, batch["input_ids"].shape[1]:]
        eos = self.tokenizer.eos_token_id
        pad = self.tokenizer.pad_token_id
        self.last_token_count = int(((new != pad) & (new != eos)).sum())
        texts = self.tokenizer.batch_decode(new, skip_special_tokens=True)
        return [t.rstrip("\ufffd").strip() for t in texts]  # no half character at a cut


def make_pairs(questions: QuestionSet, answerer: BatchAnswerer, out: str | os.PathLike[str],
               settings: PairSettings | None = None, *, model_name: str = "model",
               limit: int | None = None, on_event: EventCallback = ignore_events,
               control: JobControl | None = None) -> PairsResult:
    """Pairs for ``questions`` into ``out`` (resumed when it exists); see the module
    docstring. Raises ``Cancelled`` once a cancel has stopped it (the batch being answered
    is thrown away and redone next time; everything before it is saved)."""
    settings = settings or PairSettings()
    control = control or JobControl()
    progress = _Progress(Path(out))
    todo: list[tuple[Question, str]] = []
    given_lines: list[tuple[str, str]] = []
    for question in questions.questions[:limit]:
        key = question_key(question)
        if progress.done(key):
            continue
        if question.rejected:
            given_lines.append((key, _record(question, question.rejected, "given", None, key,
                                             False)))
        else:
            todo.append((question, key))
    resumed = len(progress.lines)
    if given_lines:
        progress.save(given_lines, ())
    total = len(todo)
    generated = 0
    skipped: list[int] = []
    flagged: list[int] = []
    if resumed:
        on_event(LogLine.of("info", "pairs_resumed", QT_TRANSLATE_NOOP(
            "messages", "Resuming: {count} pair(s) already in {file}."),
            count=resumed, file=progress.out.name))
    for start in range(0, total, settings.batch_size):
        if control.is_cancelled:
            break
        chunk = todo[start:start + settings.batch_size]
        on_event(PhaseChanged("generating", f"Answering questions {start + 1}–"
                              f"{start + len(chunk)} of {total}", current=start, total=total))
        # The seed depends on the question, not the batch, so resuming repeats answers.
        seed = settings.seed + int(chunk[0][1][:8], 16) % 100_000
        answers = answerer.answer([q.prompt for q, _ in chunk], settings, seed, control)
        if control.is_cancelled:
            break  # a batch cut short is thrown away and redone next time
        lines: list[tuple[str, str]] = []
        skipped_now: list[tuple[str, int]] = []
        for (question, key), answer in zip(chunk, answers):
            score = similarity(answer, question.ideal)
            identical = " ".join(answer.split()) == " ".join(question.ideal.split())
            if not answer or identical or (score >= settings.similarity_threshold
                                           and settings.similar == "skip"):
                skipped_now.append((key, question.row))
                skipped.append(question.row)
                on_event(LogLine.of("info", "pair_similar_skipped", QT_TRANSLATE_NOOP(
                    "messages", "Row {row}: the model's answer is already close to the ideal one "
                                "(similarity {score}); skipped."),
                    row=question.row, score=f"{score:.2f}"))
                continue
            is_flagged = score >= settings.similarity_threshold
            if is_flagged:
                flagged.append(question.row)
            lines.append((key, _record(question, answer, f"generated:{model_name}", score, key,
                                       is_flagged)))
            generated += 1
        progress.save(lines, skipped_now)
    if control.is_cancelled:
        on_event(PhaseChanged("generating", "Stopped", current=None, total=total))
        raise Cancelled.of(
            "pairs_cancelled",
            QT_TRANSLATE_NOOP("messages", "Stopped. {written} pair(s) are saved in {file}."),
            QT_TRANSLATE_NOOP("messages", "Start again with the same output file to continue "
                                          "where it stopped."),
            written=len(progress.lines), file=progress.out.name, path=str(progress.out))
    on_event(PhaseChanged("generating", "Done", current=total, total=total))
    return PairsResult(progress.out, len(progress.lines), generated, len(given_lines),
                       tuple(skipped), tuple(flagged), resumed, questions.issues)


def load_answerer(spec: str = "demo", *, allow_pickle: bool = False,
                  trust_remote_code: bool = False, on_event: EventCallback = ignore_events
                  ) -> tuple[BatchAnswerer, str]:
    """The base model named by ``spec`` (as in training), and a short name for the records."""
    from dpo_desktop.core.generation import load_causal_lm
    from dpo_desktop.core.models import resolve_model

    resolved = resolve_model(spec, allow_pickle=allow_pickle,
                             trust_remote_code=trust_remote_code, on_event=on_event)
    on_event(PhaseChanged("loading_model", f"Loading {resolved.name}"))
    model, tokenizer = load_causal_lm(resolved.path)
    return BatchAnswerer(model, tokenizer), resolved.name


@dataclass(frozen=True)
class PairsRequest:
    """What to make pairs from and where to write them (the command's arguments)."""

    source: Path
    out: Path
    mapping: Mapping[str, str] | None = None  # None: detect the columns
    sheet: str | None = None
    model: str = "demo"
    settings: PairSettings = field(default_factory=PairSettings)
    limit: int | None = None


def read_questions(request: PairsRequest) -> QuestionSet:
    """The request's questions and the file's problems (the rows left out, and why)."""
    from dpo_desktop.core.data.questions import load_questions

    return load_questions(request.source, request.mapping, sheet=request.sheet)


def _require_questions(request: PairsRequest, questions: QuestionSet) -> None:
    """A file without one usable question is a ``UserError`` (after its problems)."""
    if not questions.questions:
        raise UserError.of(
            "no_questions",
            QT_TRANSLATE_NOOP("messages", "“{file}” has no usable question with an ideal "
                                          "answer."),
            QT_TRANSLATE_NOOP("messages", "Check the column choice and fill in the empty "
                                          "cells."),
            file=Path(request.source).name)


class PairsSession:
    """Runs make-pairs requests; keeps the loaded base model for the next one.

    One job at a time uses a session (the dialog runs one, the command one); the base
    model stays loaded until :meth:`unload` or a request for another model.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: tuple[str, BatchAnswerer, str] | None = None  # (spec, answerer, name)

    def is_loaded(self, spec: str) -> bool:
        return self._loaded is not None and self._loaded[0] == spec

    def run(self, request: PairsRequest, *, questions: QuestionSet | None = None,
            control: JobControl | None = None,
            on_event: EventCallback = ignore_events) -> PairsResult:
        """Read the questions (unless given), load the model (unless loaded), make the
        pairs. Returns the result or raises a ``UserError`` (``Cancelled`` on a cancel)."""
        control = control or JobControl()
        with self._lock:
            if questions is None:
                questions = read_questions(request)
            _require_questions(request, questions)
            if not self.is_loaded(request.model):
                self._loaded = None  # free the old model before loading another
                answerer, name = load_answerer(request.model, on_event=on_event)
                self._loaded = (request.model, answerer, name)
            assert self._loaded is not None
            _, answerer, name = self._loaded
            return make_pairs(questions, answerer, request.out, request.settings,
                              model_name=name, limit=request.limit, on_event=on_event,
                              control=control)

    def unload(self) -> None:
        """Free the model's memory (the dialog closes)."""
        self._loaded = None

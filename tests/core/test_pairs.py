"""FAQ → preference pairs: real generation with a tiny model, resume, and the importer."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.questions import load_questions
from dpo_desktop.core.errors import Cancelled, JobControl, UserError
from dpo_desktop.core.events import Event, PhaseChanged
from dpo_desktop.core.pairs import BatchAnswerer, PairSettings, make_pairs, similarity
from dpo_desktop.core.resources import sample_path

# A random tiny model says a newline forever when greedy; sampling gives real (nonsense) text.
FAST = PairSettings(max_new_tokens=8, batch_size=4, temperature=1.0, top_p=1.0)


@pytest.fixture(scope="module")
def answerer(tiny_model_dir: Path) -> BatchAnswerer:
    from dpo_desktop.core.generation import load_causal_lm

    return BatchAnswerer(*load_causal_lm(tiny_model_dir, device="cpu"))


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_pair_differs_and_passes_check_data(answerer: BatchAnswerer,
                                                  tmp_path: Path) -> None:
    questions = load_questions(sample_path("faq_ja.csv"))
    out = tmp_path / "pairs.jsonl"
    result = make_pairs(questions, answerer, out, FAST, model_name="tiny", limit=10)
    assert result.written + len(result.skipped_similar) == 10
    records = _lines(out)
    assert all(r["chosen"][0]["content"] != r["rejected"][0]["content"] for r in records)
    assert all(r["source"] == "generated:tiny" for r in records)
    dataset = load_preferences(out)
    assert dataset.report.rows_valid == len(records) == dataset.report.rows_total
    assert not dataset.report.errors


def test_interrupt_then_resume_loses_and_repeats_nothing(answerer: BatchAnswerer,
                                                         tmp_path: Path) -> None:
    questions = load_questions(sample_path("faq_en.csv"))
    out = tmp_path / "pairs.jsonl"
    control = JobControl()

    def stop_after_first_batch(event: Event) -> None:
        if isinstance(event, PhaseChanged) and event.current == 4:
            control.cancel()  # while the second batch is being generated

    with pytest.raises(Cancelled) as first:  # a cancel ends the job as one: raised
        make_pairs(questions, answerer, out, FAST, limit=12, control=control,
                   on_event=stop_after_first_batch)
    assert first.value.code == "pairs_cancelled" and first.value.params["written"] == 4
    second = make_pairs(questions, answerer, out, FAST, limit=12)
    assert second.resumed == 4
    rows = [r["source_row"] for r in _lines(out)]
    assert len(rows) == len(set(rows)) == 12 - len(second.skipped_similar)
    assert sorted(rows) == [q.row for q in questions.questions[:12]
                            if q.row not in second.skipped_similar]
    third = make_pairs(questions, answerer, out, FAST, limit=12)
    assert third.generated == 0 and third.written == second.written


def test_given_rejected_answers_are_kept(answerer: BatchAnswerer, tmp_path: Path) -> None:
    source = tmp_path / "faq.csv"
    source.write_text("question,answer,rejected\nHours?,We open 9–17 daily.,Whenever.\n"
                      "Parking?,Two spaces behind the shop.,\n", encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    result = make_pairs(load_questions(source), answerer, out, FAST)
    records = {r["source_row"]: r for r in _lines(out)}
    assert result.given == 1
    assert records[2]["source"] == "given" and records[2]["rejected"][0]["content"] == "Whenever."
    assert records[3]["source"].startswith("generated:")


def test_similar_answers_are_skipped_or_flagged(tmp_path: Path) -> None:
    class Parrot(BatchAnswerer):
        """Answers with the ideal text itself (slightly altered): the case to catch."""

        def __init__(self, ideals: dict[str, str]) -> None:
            self.ideals = ideals

        def answer(self, prompts: Any, settings: PairSettings, seed: int,
                   control: JobControl) -> list[str]:
            return [self.ideals[p[-1].content] + "!" for p in prompts]

    questions = load_questions(sample_path("faq_en.csv"))
    parrot = Parrot({q.prompt_text: q.ideal for q in questions.questions})
    skipped = make_pairs(questions, parrot, tmp_path / "a.jsonl", FAST, limit=3)
    assert skipped.written == 0 and len(skipped.skipped_similar) == 3
    flagged = make_pairs(questions, parrot, tmp_path / "b.jsonl",
                         PairSettings(similar="flag", max_new_tokens=8), limit=3)
    assert flagged.written == 3 and all(r["flag"] == "similar"
                                        for r in _lines(tmp_path / "b.jsonl"))


def test_similarity_is_character_level() -> None:
    assert similarity("Hello  World", "hello world") == 1.0
    assert similarity("営業時間は9時からです", "営業時間は9時からです。") > 0.9
    assert similarity("営業時間は9時からです", "駐車場はありません") < 0.5


def test_a_pairs_session_is_the_whole_job_and_keeps_its_model(
        tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one sequence the command and the dialog run: read, load once, make, resume."""
    from dpo_desktop.core import pairs

    loads: list[str] = []
    real = pairs.load_answerer

    def counting(spec: str, **kwargs: Any) -> Any:
        loads.append(spec)
        return real(spec, **kwargs)

    monkeypatch.setattr(pairs, "load_answerer", counting)
    empty = tmp_path / "empty.csv"
    empty.write_text("question,answer\nHours?,\n", encoding="utf-8")
    with pytest.raises(UserError) as info:  # before any model is loaded
        pairs.PairsSession().run(pairs.PairsRequest(empty, tmp_path / "x.jsonl"))
    assert info.value.code == "no_questions" and "empty.csv" in info.value.message
    assert info.value.template and info.value.params == {"file": "empty.csv"} and not loads

    session = pairs.PairsSession()
    request = pairs.PairsRequest(sample_path("faq_en.csv"), tmp_path / "p.jsonl",
                                 model=str(tiny_model_dir), settings=FAST, limit=4)
    first = session.run(request)
    assert first.written + len(first.skipped_similar) == 4
    assert session.is_loaded(str(tiny_model_dir))
    second = session.run(dataclasses.replace(request, limit=6))
    assert second.resumed == first.written and loads == [str(tiny_model_dir)]
    session.unload()
    assert not session.is_loaded(str(tiny_model_dir))

"""End to end with the demo model: the bundled FAQs become pairs, and training on them helps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dpo_desktop.core.config import DataSettings, LoraSettings, RunConfig, TrainingSettings
from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.questions import load_questions
from dpo_desktop.core.pairs import PairSettings, load_answerer, make_pairs
from dpo_desktop.core.resources import sample_path
from dpo_desktop.core.training import Engine


@pytest.mark.e2e
def test_faqs_become_pairs_that_raise_held_out_accuracy(demo_dir: Path, tmp_path: Path) -> None:
    answerer, name = load_answerer("demo")
    settings = PairSettings(max_new_tokens=40, batch_size=8, temperature=0.7, seed=1)
    out = tmp_path / "faq_pairs.jsonl"
    for faq in ("faq_en.csv", "faq_ja.csv"):
        result = make_pairs(load_questions(sample_path(faq)), answerer, out, settings,
                            model_name=name, limit=16)
        assert result.generated + len(result.skipped_similar) == 16
    dataset = load_preferences(out)
    assert dataset.report.rows_valid >= 28 and not dataset.report.errors
    assert all(p.chosen != p.rejected for p in dataset.pairs)
    assert any("\u3040" <= ch <= "\u30ff" for p in dataset.pairs for ch in p.rejected)

    run = tmp_path / "run"
    config = RunConfig(output_dir=str(run), data=DataSettings(path=str(out), eval_fraction=0.2),
                       training=TrainingSettings(max_steps=6, batch_size=4, max_length=256,
                                                 warmup_ratio=0.0),
                       lora=LoraSettings(r=8, alpha=16))
    assert Engine().run(config).status == "completed"
    scores = json.loads((run / "eval.json").read_text(encoding="utf-8"))
    assert scores["eval_rows"] >= 5
    assert scores["after"]["accuracy"] > scores["before"]["accuracy"]
    assert scores["after"]["margin"] > 0
    print(f"\nFAQ pairs: {dataset.report.rows_valid}; eval.json {scores}")

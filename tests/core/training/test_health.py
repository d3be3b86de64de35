"""Health hints: the rules (moved from the GUI), their codes, params and marked templates,
and HealthWatch reporting each hint once (what `dpo-desktop train` prints)."""

from __future__ import annotations

import ast
import math
from pathlib import Path

from dpo_desktop.core.events import LogLine, MemorySample, StepMetrics
from dpo_desktop.core.training import health
from dpo_desktop.core.training.health import HealthWatch, hints


def step(n: int, loss: float, acc: float = 0.5, margin: float = 0.0) -> StepMetrics:
    return StepMetrics(step=n, max_steps=100, epoch=0.0, loss=loss, rewards_accuracy=acc,
                       rewards_margin=margin)


def test_health_rules() -> None:
    assert hints([step(i, 0.5) for i in range(20)]) == []
    assert [h.code for h in hints([step(1, float("nan"))])] == ["nan_loss"]
    assert [h.code for h in hints([step(i, 0.001, 1.0, 5.0 * i) for i in range(1, 8)])] == [
        "overfitting"]
    full = MemorySample(device="cuda:0", allocated=7, reserved=95, total=100)
    assert [h.code for h in hints([], full)] == ["memory_full"]


def test_hints_carry_params_and_render_in_english() -> None:
    stuck = hints([step(i, math.log(2)) for i in range(1, 13)])
    assert [(h.code, h.params) for h in stuck] == [("stuck", (("n", 12),))]
    assert stuck[0].message.startswith("The loss is stuck at 0.693 with zero rewards after "
                                       "12 steps")
    assert "{n}" in stuck[0].template  # the GUI translates the template, then fills it
    full = hints([], MemorySample(device="cuda:0", allocated=0, reserved=96, total=100))[0]
    assert dict(full.params)["share"] == 0.96 and "(96%)" in full.message


def test_every_template_is_marked_for_translation() -> None:
    """lupdate finds a template only inside QT_TRANSLATE_NOOP("messages", ...)."""
    tree = ast.parse(Path(health.__file__).read_text(encoding="utf-8"))
    marked = {ast.literal_eval(node.args[1]) for node in ast.walk(tree)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
              "QT_TRANSLATE_NOOP" and ast.literal_eval(node.args[0]) == "messages"}
    found = hints([step(i, float("nan") if i == 1 else 0.001, 1.0, 5.0 * i)
                   for i in range(1, 8)],
                  MemorySample(device="cuda:0", allocated=0, reserved=99, total=100))
    found += hints([step(i, math.log(2)) for i in range(10)])
    assert {h.code for h in found} == {"nan_loss", "overfitting", "memory_full", "stuck"}
    assert {h.template for h in found} == marked


def test_the_watch_reports_each_hint_once_when_it_first_shows() -> None:
    watch = HealthWatch()
    said = [[h.code for h in watch(step(i, math.log(2)))] for i in range(1, 13)]
    assert said == [[]] * 9 + [["stuck"], [], []]
    assert watch(LogLine(level="info", message="x")) == []
    memory = MemorySample(device="cuda:0", allocated=0, reserved=95, total=100)
    assert [h.code for h in watch(memory)] == ["memory_full"]
    assert watch(memory) == [] and [h.code for h in watch(step(13, float("nan")))] == [
        "nan_loss"]

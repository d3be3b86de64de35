"""Fixtures for the fault suite: the tiny models and runs of the core and GUI tests, and
``fault(kind, needle)`` which injects a write fault (see inject.py) for one test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.conftest import demo_dir, model_cache, tiny_model_dir  # noqa: F401
from tests.core.export.conftest import tiny_base, tiny_run  # noqa: F401
from tests.faults.inject import Fault
from tests.gui.conftest import isolated_settings, tiny_model  # noqa: F401


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str | Path], Fault]:
    """``fault("disk_full", tmp_path / "run" / "checkpoints")``: on until the test ends."""
    made: list[Fault] = []

    def make(kind: str, needle: str | Path) -> Fault:
        injected = Fault(monkeypatch, kind, needle)
        made.append(injected)
        return injected

    yield make  # type: ignore[misc]
    for injected in made:
        injected.active = False

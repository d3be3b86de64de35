"""`dpo-desktop self-check` and the bundle's `--self-check` flag.

The e2e test really converts the demo, trains two steps and opens the About dialog, in
a subprocess as the installer runs it. The others check the plumbing: the flag mapping
of the frozen entry script, and that a failure is one readable message and exit 1.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dpo_desktop.cli import main, self_check
from dpo_desktop.core.errors import UserError

ROOT = Path(__file__).resolve().parents[2]


def load_entry() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dpo_entry", ROOT / "packaging" / "entry.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_entry_maps_the_flag_to_the_subcommand() -> None:
    translate = load_entry().translate
    assert translate(["--self-check"]) == ["self-check"]
    assert translate(["--self-check", "--no-gui"]) == ["self-check", "--no-gui"]
    assert translate([]) == []  # no arguments: the GUI, as `python -m dpo_desktop`
    assert translate(["check-data", "x.csv"]) == ["check-data", "x.csv"]


@pytest.mark.parametrize(("error", "expected"), [
    (UserError("demo_missing", "The embedded demo model is not installed.", "Reinstall."),
     "The embedded demo model is not installed."),
    (RuntimeError("boom"), "unexpected RuntimeError: boom"),
])
def test_a_failed_stage_is_one_message_and_exit_1(
        error: Exception, expected: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DPO_DESKTOP_DEBUG", raising=False)

    def fail(args: object) -> str:
        raise error

    monkeypatch.setattr(self_check, "_check_model", fail)
    assert main(["self-check"]) == 1
    out, err = capsys.readouterr()
    assert "[1/4] embedded model" in out
    assert f"self-check FAILED at “embedded model”: {expected}" in err
    assert "Traceback" not in out + err


@pytest.mark.e2e
def test_self_check_trains_two_steps(tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = os.environ.get("DPO_DESKTOP_CACHE_DIR") or str(tmp_path_factory.mktemp("cache"))
    env = dict(os.environ, DPO_DESKTOP_CACHE_DIR=cache, QT_QPA_PLATFORM="offscreen",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    result = subprocess.run([sys.executable, "-m", "dpo_desktop", "self-check"], env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for line in ("[1/4] embedded model", "support_en.csv: 72/72 rows valid", "step 1/2: loss",
                 "step 2/2: loss", "About dialog lists 16 components", "self-check passed"):
        assert line in out, out
    print(out)  # shown with `pytest -s`: the stage timings

"""`dpo-desktop self-check`: prove that this installation can really train, headless.

It exists for installers: a frozen bundle can start yet miss a data file, a hidden
import or a Qt plugin that only the first real use would reveal. So the check does the
real things (convert and load the embedded model, validate the bundled sample, run two
DPO steps with the real engine, build the About dialog offscreen) and prints a line with
the timing of each. Exit 0 when all pass, 1 with a plain message naming the failed stage.

The model cache is the user's normal one (the converted demo is reused later); the run
directory is temporary and removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop import __version__
from dpo_desktop.core.errors import UserError

SAMPLE = "support_en.csv"


class CheckFailed(Exception):
    """A stage failed in a way the user can read: a message and, maybe, a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Stage:
    name: str
    func: Callable[[argparse.Namespace], str]


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "self-check", help="check this installation: load the demo model and train 2 steps",
        description="Load the embedded demo model, validate the bundled sample data, run a "
                    "tiny DPO training on the CPU and open the About dialog offscreen. "
                    "Exit code 0 when everything works, 1 otherwise. The installers run this "
                    "after building; run it yourself when the app misbehaves.")
    parser.add_argument("--steps", type=int, default=2, help="training steps to run (default 2)")
    parser.add_argument("--no-gui", action="store_true",
                        help="skip the Qt check (for machines without the Qt libraries)")
    parser.set_defaults(func=run)


def _say(text: str) -> None:
    print(text, flush=True)


def run(args: argparse.Namespace) -> int:
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    _say(f"DPO Desktop {__version__} self-check ({frozen}, Python {platform.python_version()}, "
         f"{platform.system()} {platform.machine()})")
    stages = [Stage("embedded model", _check_model), Stage("sample data", _check_data),
              Stage("training", _check_training)]
    if not args.no_gui:
        stages.append(Stage("Qt", _check_qt))
    started = time.perf_counter()
    for number, stage in enumerate(stages, 1):
        _say(f"[{number}/{len(stages)}] {stage.name}…")
        t0 = time.perf_counter()
        try:
            summary = stage.func(args)
        except Exception as exc:  # every failure ends as a message, never a traceback
            _report_failure(stage.name, exc)
            return 1
        _say(f"      ok ({time.perf_counter() - t0:.1f} s): {summary}")
    _say(f"self-check passed in {time.perf_counter() - started:.1f} s")
    return 0


def _report_failure(stage: str, exc: Exception) -> None:
    if isinstance(exc, CheckFailed | UserError):
        message, hint = exc.message, exc.hint
    else:
        message, hint = (f"unexpected {type(exc).__name__}: {exc}",
                         "Run again with DPO_DESKTOP_DEBUG=1 to see the details, and please "
                         "report them.")
    if os.environ.get("DPO_DESKTOP_DEBUG"):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    print(f"self-check FAILED at “{stage}”: {message}", file=sys.stderr, flush=True)
    if hint:
        print(f"hint: {hint}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- stages


def _check_model(args: argparse.Namespace) -> str:
    """Convert (first use only) and load the demo with plain transformers, then one forward."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from dpo_desktop.core.models import demo_gguf_path, demo_model_dir

    gguf = demo_gguf_path()
    t0 = time.perf_counter()
    folder = demo_model_dir()
    converted = time.perf_counter() - t0
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32)
    model.eval()
    prompt = tokenizer.apply_chat_template([{"role": "user", "content": "Hello!"}],
                                           tokenize=False, add_generation_prompt=True)
    inputs = tokenizer(prompt, return_tensors="pt")
    with torch.no_grad():
        logits = model(**inputs).logits
    if not bool(torch.isfinite(logits).all()):
        raise CheckFailed("The demo model produced non-finite scores.",
                          "Delete the converted copy in the cache folder and run again: "
                          f"{folder}")
    params = sum(p.numel() for p in model.parameters())
    del model
    return (f"{gguf.name} → {folder} ({params / 1e6:.0f}M parameters, cache ready in "
            f"{converted:.1f} s, torch {torch.__version__})")


def _check_data(args: argparse.Namespace) -> str:
    from dpo_desktop.core.data import load_preferences
    from dpo_desktop.core.resources import sample_path

    path = sample_path(SAMPLE)
    if not path.is_file():
        raise CheckFailed(f"The bundled sample data is missing ({path}).",
                          "Reinstall DPO Desktop.")
    dataset = load_preferences(path)
    report = dataset.report
    errors = [i for i in report.issues if i.severity == "error"]
    if not dataset.pairs or errors:
        raise CheckFailed(f"The bundled sample {SAMPLE} did not validate: {report.rows_valid} "
                          f"valid rows, {len(errors)} errors.", "Reinstall DPO Desktop.")
    return f"{SAMPLE}: {report.rows_valid}/{report.rows_total} rows valid ({report.encoding})"


def _check_training(args: argparse.Namespace) -> str:
    """Two real DPO steps on the demo: LoRA r=4, 2 pairs a step, 128 tokens, no held-out set."""
    from dpo_desktop.core.config import (
        DataSettings,
        LoraSettings,
        ModelSettings,
        RunConfig,
        TrainingSettings,
    )
    from dpo_desktop.core.events import Event, Failed, PhaseChanged, StepMetrics
    from dpo_desktop.core.training import Engine

    steps = max(1, args.steps)
    run_root = Path(tempfile.mkdtemp(prefix="dpo-desktop-self-check-"))
    config = RunConfig(
        output_dir=str(run_root / "run"),
        model=ModelSettings(spec="demo", backend="cpu-lora"),
        data=DataSettings(eval_fraction=0.0),
        training=TrainingSettings(max_steps=steps, batch_size=2, max_length=128,
                                  save_steps=max(steps, 1), warmup_ratio=0.0),
        lora=LoraSettings(r=4, alpha=8))
    seen: list[StepMetrics] = []
    last = [time.perf_counter()]

    def on_event(event: Event) -> None:
        now = time.perf_counter()
        if isinstance(event, StepMetrics):
            seen.append(event)
            took = event.step_seconds if event.step_seconds is not None else now - last[0]
            margin = "–" if event.rewards_margin is None else f"{event.rewards_margin:+.4f}"
            _say(f"      step {event.step}/{event.max_steps}: loss {event.loss:.4f}, "
                 f"reward margin {margin}, {took:.2f} s")
        elif isinstance(event, PhaseChanged) and event.phase != "downloading":
            _say(f"      · {event.message or event.phase}")
        last[0] = now

    try:
        result = Engine().run(config, on_event)
        if result.status != "completed":
            failure = result.failure or Failed(message=result.message or result.status)
            if os.environ.get("DPO_DESKTOP_DEBUG") and failure.detail:
                print(failure.detail, file=sys.stderr)
            raise CheckFailed(f"training did not complete: {failure.message}", failure.hint)
        if len(seen) != steps:
            raise CheckFailed(f"training reported {len(seen)} steps instead of {steps}.")
        from dpo_desktop.core.training.rundir import RunDir

        if not RunDir(config.output_dir).has_adapter():
            raise CheckFailed("training finished but wrote no adapter.")
    finally:
        shutil.rmtree(run_root, ignore_errors=True)
    unit = "step" if steps == 1 else "steps"
    return f"{steps} {unit}, loss {seen[0].loss:.4f} → {seen[-1].loss:.4f}, adapter saved"


def _check_qt(args: argparse.Namespace) -> str:
    """The platform plugin, the SVG icon and the About dialog: what a bundle most often lacks."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                  or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from dpo_desktop.gui.about import AboutDialog, app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    icon = app_icon()
    pixmap = icon.pixmap(QSize(64, 64))
    if pixmap.isNull():
        raise CheckFailed("The app icon could not be drawn (Qt image plugins missing?).",
                          "Reinstall DPO Desktop.")
    dialog = AboutDialog()
    rows = dialog.licence_table.rowCount()
    dialog.deleteLater()
    return (f"Qt {_qt_version()} on the “{QGuiApplication.platformName()}” platform, icon "
            f"drawn, About dialog lists {rows} components ({type(app).__name__})")


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())

"""`dpo-desktop train`: a training run without the GUI, with a plain text progress bar.

Ctrl-C asks the engine to stop after the current step; it saves a checkpoint at that
step and the adapter, skips the held-out "after" check (it runs when the run is
continued), and marks the run cancelled. A second Ctrl-C aborts at once.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import replace
from types import FrameType
from typing import Any, TextIO

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.events import (
    EvalMetrics,
    Event,
    Failed,
    Finished,
    LogLine,
    PhaseChanged,
    StepMetrics,
)

BAR_WIDTH = 24
DEMO_PRESET = "quick test"  # about two minutes on a 2-core CPU, enough to see the gain


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "train", help="train headless from a run.toml, the demo, or resume a run",
        description="Train a LoRA adapter with DPO. Give a settings file (run.toml), or --demo "
                    "for the embedded SmolLM2 model with the bundled sample data, or --resume "
                    "RUN_DIR to continue a stopped or crashed run from its last checkpoint.")
    parser.add_argument("config", nargs="?", help="a run.toml settings file")
    parser.add_argument("--demo", action="store_true",
                        help="use the embedded demo model (and the sample data unless --data), "
                             "with the quick test preset unless --preset or --max-steps")
    parser.add_argument("--data", help="the preference data file (overrides the settings)")
    parser.add_argument("--out", help="the run directory to create (default: a new folder under "
                                      "the runs folder)")
    parser.add_argument("--max-steps", type=int, help="stop after N optimizer steps")
    parser.add_argument("--preset", help="quick test, balanced or thorough")
    parser.add_argument("--backend", help="auto, unsloth, qlora or cpu-lora")
    parser.add_argument("--resume", metavar="RUN_DIR", help="continue this run directory")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--from-last-good", action="store_const", const="last_good",
                        dest="resume_choice",
                        help="with --resume: if the newest checkpoint is damaged, continue "
                             "from the newest whole one")
    choice.add_argument("--start-over", action="store_const", const="start_over",
                        dest="resume_choice",
                        help="with --resume: train the run again from step 1 on its own data")
    parser.set_defaults(func=run)


def build_config(args: argparse.Namespace) -> Any:
    from dpo_desktop.core.config import RunConfig, apply_preset, load_config, validate

    if args.config and args.demo:
        raise UserError("bad_arguments", "Give either a settings file or --demo, not both.",
                        "Use --data and --max-steps to adjust the demo.")
    if args.config:
        config = load_config(args.config)
    elif args.demo:
        config = RunConfig()
    else:
        raise UserError("bad_arguments", "Nothing to train.",
                        "Give a run.toml, --demo, or --resume RUN_DIR.")
    if args.demo:
        config = replace(config, model=replace(config.model, spec="demo"))
    if args.preset:
        config = apply_preset(config, args.preset)
    if args.data:
        config = replace(config, data=replace(config.data, path=args.data))
    if args.demo and args.max_steps is None and not args.preset:
        config = apply_preset(config, DEMO_PRESET)  # what Start on the Train page does
    if args.max_steps is not None:
        config = replace(config, training=replace(config.training, max_steps=args.max_steps))
    if args.backend:
        config = replace(config, model=replace(config.model, backend=args.backend))
    if args.out:
        config = replace(config, output_dir=args.out)
    return validate(config)


class ProgressPrinter:
    """Turns events into one updating line on a terminal, or one line per step otherwise,
    plus a ``health:`` line the first time each health hint shows (core.training.health:
    the same advice the Train page gives)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr  # looked up now: sys.stderr may have been replaced
        self.tty = self.stream.isatty()
        self._open_line = False
        self._phase = ""  # the last phase line printed: progress updates repeat it
        from dpo_desktop.core.training.health import HealthWatch

        self.health = HealthWatch()

    def __call__(self, event: Event) -> None:
        for hint in self.health(event):
            self._line(f"health: {hint.message}")
        if isinstance(event, StepMetrics):
            self._bar(event)
        elif isinstance(event, PhaseChanged) and event.phase != "downloading":
            text = f"• {event.message or event.phase}"
            if text != self._phase or not event.current:
                self._line(text)
            self._phase = text
        elif isinstance(event, LogLine) and event.level != "debug":
            self._line(("warning: " if event.level == "warning" else "") + event.message)
        elif isinstance(event, EvalMetrics) and event.label in ("before", "after", "eval"):
            self._line(f"  held-out accuracy ({event.label}): "
                       f"{_fmt(event.rewards_accuracy)}, margin {_fmt(event.rewards_margin)}")
        elif isinstance(event, Finished):
            self._line(f"{event.status}: {event.message}")
            for name, path in event.outputs:
                self._line(f"  {name}: {path}")
        elif isinstance(event, Failed):
            self._line(f"error: {event.message}")
            if event.hint:
                self._line(f"hint: {event.hint}")

    def _bar(self, e: StepMetrics) -> None:
        total = max(e.max_steps, 1)
        filled = min(BAR_WIDTH, round(BAR_WIDTH * e.step / total))
        text = (f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {e.step}/{e.max_steps}  "
                f"loss {e.loss:.4f}  acc {_fmt(e.rewards_accuracy)}  "
                f"ETA {_duration(e.eta_seconds)}")
        if self.tty:
            self.stream.write("\r" + text + "\x1b[K")
            self._open_line = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def _line(self, text: str) -> None:
        if self._open_line:
            self.stream.write("\n")
            self._open_line = False
        self.stream.write(text + "\n")
        self.stream.flush()


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core.training import Engine, TrainingControl
    from dpo_desktop.core.training.engine import is_main_process

    control = TrainingControl()
    progress = ProgressPrinter()
    main_rank = is_main_process()

    def printer(event: Event) -> None:
        # Under torchrun every rank runs this; only rank 0 shows progress, any rank errors.
        if main_rank or isinstance(event, Failed):
            progress(event)

    engine = Engine(control)
    first_interrupt: list[float] = []

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        if first_interrupt:
            raise KeyboardInterrupt
        first_interrupt.append(time.time())
        progress._line("stopping after this step and saving a checkpoint "
                       "(press Ctrl-C again to abort)…")
        control.stop(quick=True)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        if args.resume:
            if args.config or args.demo:
                raise UserError("bad_arguments", "--resume takes only the run directory.",
                                f"Run: dpo-desktop train --resume {args.resume}")
            result = engine.resume(args.resume, printer, args.resume_choice or "ask")
        else:
            if args.resume_choice:
                raise UserError("bad_arguments",
                                "--from-last-good and --start-over go with --resume.",
                                "Run: dpo-desktop train --resume RUN_DIR --start-over")
            result = engine.run(build_config(args), printer)
    finally:
        signal.signal(signal.SIGINT, previous)
    if result.status == "completed":
        return 0
    if result.status == "cancelled":
        if result.run_dir is not None and main_rank:
            progress._line(f"continue with: dpo-desktop train --resume {result.run_dir}")
        return 130
    failure = result.failure
    return 2 if failure and failure.code not in ("unexpected", "out_of_memory") else 1

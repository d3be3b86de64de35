"""`dpo-desktop make-pairs FILE --out PAIRS.jsonl`: an FAQ becomes preference pairs.

The base model answers each question; its answer becomes the rejected side and the
file's ideal answer the chosen side. Interrupt it at any time and run the same command
again: it continues where it stopped.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from dpo_desktop.cli.check_data import parse_map
from dpo_desktop.core.events import Event, LogLine, PhaseChanged


def register(sub: Any) -> None:
    from dpo_desktop.core.pairs import PairSettings

    defaults = PairSettings()
    parser = sub.add_parser(
        "make-pairs", help="generate rejected answers for a question/ideal-answer file",
        description=__doc__)
    parser.add_argument("file", help="a file of questions and ideal answers (any data format)")
    parser.add_argument("--out", required=True, help="the JSONL file of pairs to write or resume")
    parser.add_argument("--model", default="demo",
                        help="the base model: demo, a folder, a .gguf file or a hub id")
    parser.add_argument("--max-new-tokens", type=int, default=defaults.max_new_tokens)
    parser.add_argument("--limit", type=int, help="use only the first N questions")
    parser.add_argument("--temperature", type=float, default=defaults.temperature)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--keep-similar", action="store_true",
                        help="keep answers that are nearly the ideal one, marked “similar”")
    parser.add_argument("--map", action="append", metavar="KEY=COLUMN",
                        help="use COLUMN for prompt or chosen (the ideal answer)")
    parser.add_argument("--sheet", help="the XLSX sheet to read")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core.errors import Cancelled, JobControl
    from dpo_desktop.core.pairs import PairSettings, PairsRequest, PairsSession, read_questions

    settings = PairSettings(max_new_tokens=args.max_new_tokens, temperature=args.temperature,
                            seed=args.seed, batch_size=args.batch_size,
                            similar="flag" if args.keep_similar else "skip")
    request = PairsRequest(Path(args.file), Path(args.out), parse_map(args.map),
                           args.sheet, args.model, settings, args.limit)
    questions = read_questions(request)
    for issue in questions.issues:
        print(f"{issue.severity}: {issue.message}", file=sys.stderr)

    def show(event: Event) -> None:
        if isinstance(event, (PhaseChanged, LogLine)):
            print(event.message, file=sys.stderr, flush=True)

    control = JobControl()

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        if control.is_cancelled:  # a second Ctrl-C: stop at once
            raise KeyboardInterrupt
        print("stopping: the batch being answered is thrown away (press Ctrl-C again to "
              "abort at once)…", file=sys.stderr, flush=True)
        control.cancel()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        result = PairsSession().run(request, questions=questions, control=control,
                                    on_event=show)
    except (Cancelled, KeyboardInterrupt):
        print("interrupted: the pairs written so far are kept; run the same command again "
              "to continue.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
    print(f"{result.written} pair(s) in {result.path} ({result.generated} generated now, "
          f"{result.given} given in the file, {result.resumed} from before; "
          f"{len(result.skipped_similar)} skipped as too similar to the ideal answer).")
    return 0

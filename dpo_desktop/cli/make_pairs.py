"""`dpo-desktop make-pairs FILE --out PAIRS.jsonl`: an FAQ becomes preference pairs.

The base model answers each question; its answer becomes the rejected side and the
file's ideal answer the chosen side. Interrupt it at any time and run the same command
again: it continues where it stopped.
"""

from __future__ import annotations

import argparse
import sys
import threading
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
    from dpo_desktop.core.data.questions import load_questions
    from dpo_desktop.core.pairs import PairSettings, load_answerer, make_pairs

    questions = load_questions(args.file, parse_map(args.map), sheet=args.sheet)
    for issue in questions.issues:
        print(f"{issue.severity}: {issue.message}", file=sys.stderr)
    if not questions.questions:
        print("error: no usable questions in the file.", file=sys.stderr)
        return 2
    settings = PairSettings(max_new_tokens=args.max_new_tokens, temperature=args.temperature,
                            seed=args.seed, batch_size=args.batch_size,
                            similar="flag" if args.keep_similar else "skip")

    def show(event: Event) -> None:
        if isinstance(event, (PhaseChanged, LogLine)):
            print(event.message, file=sys.stderr, flush=True)

    answerer, name = load_answerer(args.model, on_event=show)
    cancel = threading.Event()
    try:
        result = make_pairs(questions, answerer, args.out, settings, model_name=name,
                            limit=args.limit, on_event=show, cancel=cancel)
    except KeyboardInterrupt:
        print("interrupted: the pairs written so far are kept; run the same command again "
              "to continue.", file=sys.stderr)
        return 130
    print(f"{result.written} pair(s) in {result.path} ({result.generated} generated now, "
          f"{result.given} given in the file, {result.resumed} from before; "
          f"{len(result.skipped_similar)} skipped as too similar to the ideal answer).")
    return 0

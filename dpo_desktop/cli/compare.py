"""`dpo-desktop compare RUN_DIR --prompt TEXT`: the base and trained answers side by side."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dpo_desktop.core.events import Event, TokenGenerated


def register(sub: Any) -> None:
    from dpo_desktop.core.generation import GenerationSettings

    defaults = GenerationSettings()
    parser = sub.add_parser(
        "compare", help="answer prompts with the model before and after training",
        description="Load a run's base model once and answer each prompt twice: with the "
                    "trained adapter switched off (before) and on (after).")
    parser.add_argument("run_dir", help="the run directory (it holds adapter/)")
    parser.add_argument("--prompt", action="append", required=True, metavar="TEXT",
                        help="a prompt to answer; repeat for several")
    parser.add_argument("--json", action="store_true",
                        help="print [{prompt, before, after}] as JSON")
    parser.add_argument("--max-new-tokens", type=int, default=defaults.max_new_tokens)
    parser.add_argument("--temperature", type=float, default=defaults.temperature)
    parser.add_argument("--top-p", type=float, default=defaults.top_p)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--repeat-penalty", type=float, default=defaults.repeat_penalty,
                        help="1.1 like Ollama and LM Studio; 1 turns it off")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core.compare import CompareSession
    from dpo_desktop.core.generation import GenerationSettings, Side

    settings = GenerationSettings(args.max_new_tokens, args.temperature, args.top_p, args.seed,
                                  repeat_penalty=args.repeat_penalty)
    session = CompareSession()  # the Compare page's job: the model loads once for all prompts
    session.load(args.run_dir)  # a run without an adapter fails here, before any output
    stream = not args.json and sys.stdout.isatty()

    def show(event: Event) -> None:
        if stream and isinstance(event, TokenGenerated):
            print(event.text, end="", flush=True)

    results = []
    for prompt in args.prompt:
        if not args.json:
            print(f"=== Prompt: {prompt}")
        answers = {}
        sides: tuple[Side, ...] = ("before", "after")
        for side in sides:
            if not args.json:
                print(f"--- {side.capitalize()} training:")
            answer = session.answer(args.run_dir, prompt, [side], settings,
                                    on_event=show)[side]
            answers[side] = answer.text
            if not args.json:
                print(("" if stream else answer.text) + f"\n    ({answer.tokens} tokens, "
                      f"{answer.tokens_per_second:.1f} tokens/s)")
        results.append({"prompt": prompt, **answers})
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0

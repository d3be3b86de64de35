"""Benchmark: generating rejected answers for an FAQ, batched against one prompt at a time.

Uses the embedded demo model and the bundled FAQ, both measured in the same run with the
same greedy settings. Prints prompts per second and generated tokens per second, and
the speed-up of batching. Figures are printed, never asserted.

    .venv/bin/python bench/make_pairs.py [--prompts 16] [--batch-size 8] [--max-new-tokens 64]
"""

from __future__ import annotations

import argparse
import sys
import time

from dpo_desktop.core.data.questions import load_questions
from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.pairs import PairSettings, load_answerer
from dpo_desktop.core.resources import sample_path


def run(answerer, prompts, batch_size: int, settings: PairSettings) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    tokens = 0
    start = time.perf_counter()
    for i in range(0, len(prompts), batch_size):
        answerer.answer(prompts[i:i + batch_size], settings, 0, JobControl())
        tokens += answerer.last_token_count
    return time.perf_counter() - start, tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    args = parser.parse_args()
    questions = load_questions(sample_path("faq_en.csv")).questions
    questions += load_questions(sample_path("faq_ja.csv")).questions
    prompts = [q.prompt for q in questions[: args.prompts]]
    settings = PairSettings(max_new_tokens=args.max_new_tokens, temperature=0.0)
    answerer, name = load_answerer("demo")
    answerer.answer(prompts[:1], settings, 0, JobControl())  # warm-up
    results = {}
    for label, batch in (("one at a time", 1), (f"batched ({args.batch_size})", args.batch_size)):
        seconds, tokens = run(answerer, prompts, batch, settings)
        results[label] = (seconds, tokens)
        print(f"{label:>15}: {len(prompts) / seconds:6.2f} prompts/s, "
              f"{tokens / seconds:7.1f} tokens/s ({seconds:.1f} s, {tokens} tokens)")
    (single_s, _), (batch_s, _) = results.values()
    print(f"model: {name}; batching speed-up (prompts/s): {single_s / batch_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`dpo-desktop export RUN_DIR --out DIR`: merge, write a GGUF, verify it, and add the files
Ollama and LM Studio need.

Exit codes: 0 exported and verified; 2 a problem the user can fix (nothing is left behind,
except after an unsupported architecture, where the merged model is kept); 3 exported, but
the GGUF failed its verification.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dpo_desktop.core import events

# Kept here so `dpo-desktop --help` does not import numpy/gguf; a test checks it against
# dpo_desktop.core.export.GGUF_TYPES.
GGUF_CHOICES = ("f16", "bf16", "q8_0", "q4_0", "q5_0", "q5_1")
EXIT_VERIFY_FAILED = 3


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "export", help="merge a run's adapter and write a GGUF for Ollama / LM Studio",
        description="Merge the run's LoRA adapter into a 16-bit copy of its base model, write "
                    "a GGUF file (pure Python, no llama.cpp needed), load it back to verify it, "
                    "and optionally add an Ollama Modelfile and the LM Studio folder layout. "
                    "Everything is written to a temporary folder first and renamed to --out "
                    "at the end.")
    parser.add_argument("run_dir", help="the run directory (it holds adapter/)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="the export folder to create (must not exist, or be empty)")
    parser.add_argument("--gguf", choices=GGUF_CHOICES, default="q8_0", metavar="TYPE",
                        help="GGUF type: " + ", ".join(GGUF_CHOICES) + " (default: q8_0)")
    parser.add_argument("--no-gguf", action="store_true",
                        help="write the merged model only")
    parser.add_argument("--ollama", action="store_true",
                        help="also write an Ollama Modelfile and the `ollama create` command")
    parser.add_argument("--lmstudio", action="store_true",
                        help="also lay the GGUF out as LM Studio expects "
                             "(lmstudio/dpo-desktop/<model>-GGUF/)")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip loading the GGUF back (saves time and memory on big models)")
    parser.add_argument("--name", help="the model name (default: the run folder's name)")
    parser.add_argument("--system", metavar="TEXT",
                        help="the assistant's system prompt for the Modelfile (default: the "
                             "base model's own)")
    parser.add_argument("--merge-dtype", default="auto",
                        choices=("auto", "bfloat16", "float16", "float32"),
                        help="precision of the merge (default: bf16, or the base's fp16)")
    parser.set_defaults(func=run)


class _Progress:
    """Prints phase changes to stderr; per-tensor progress on one line when it is a tty."""

    def __init__(self) -> None:
        self.phase = ""
        self.tty = sys.stderr.isatty()

    def __call__(self, event: events.Event) -> None:
        if isinstance(event, events.PhaseChanged):
            if event.phase == "writing_gguf" and event.current and event.total:
                if self.tty:
                    print(f"\rwriting GGUF: {event.current}/{event.total} tensors", end="",
                          file=sys.stderr, flush=True)
                    if event.current == event.total:
                        print(file=sys.stderr)
                elif event.phase != self.phase:
                    print("writing GGUF…", file=sys.stderr)
            elif event.message:
                print(f"{event.phase}: {event.message}", file=sys.stderr)
            self.phase = event.phase
        elif isinstance(event, events.LogLine) and event.level in ("warning", "error"):
            print(f"{event.level}: {event.message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core.export import ExportOptions, export_run
    from dpo_desktop.core.export.summary import summary_text
    from dpo_desktop.core.generation import GenerationSettings

    options = ExportOptions(
        out_dir=Path(args.out), gguf_type=None if args.no_gguf else args.gguf,
        ollama=args.ollama, lmstudio=args.lmstudio, verify=not args.no_verify,
        merge_dtype=args.merge_dtype, model_name=args.name, system_prompt=args.system,
        parameters=GenerationSettings().app_parameters())  # as `compare` answers by default
    result = export_run(args.run_dir, options, on_event=_Progress())
    print(summary_text(result))
    if result.verified is False:
        print("\nerror: the GGUF did not pass its verification (see above); it was kept in "
              "the export folder for inspection.", file=sys.stderr)
        return EXIT_VERIFY_FAILED
    return 0

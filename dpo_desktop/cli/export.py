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
from dpo_desktop.core.gguf_names import GGUF_TYPES as GGUF_CHOICES  # no numpy/gguf for --help

EXIT_VERIFY_FAILED = 3


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "export", help="merge a run's adapter and write a GGUF for Ollama / LM Studio",
        description="Merge the run's LoRA adapter into a 16-bit copy of its base model, write "
                    "a GGUF file (pure Python, no llama.cpp needed), read it back to check it, "
                    "and optionally add an Ollama Modelfile and the LM Studio folder layout. "
                    "Everything is written to a temporary folder first and renamed to --out "
                    "at the end.")
    parser.add_argument("run_dir", help="the run directory (it holds adapter/)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="the export folder to create (must not exist, or be empty)")
    parser.add_argument("--gguf", choices=GGUF_CHOICES, default="q8_0", metavar="TYPE",
                        help="GGUF type: " + ", ".join(GGUF_CHOICES) + " (default: q8_0; "
                             "q4_k_m is the small file most people use, q8_0 practically "
                             "lossless, the k types follow llama.cpp's own mixes)")
    parser.add_argument("--no-gguf", action="store_true",
                        help="write the merged model only")
    parser.add_argument("--ollama", action="store_true",
                        help="also write an Ollama Modelfile and the `ollama create` command")
    parser.add_argument("--lmstudio", action="store_true",
                        help="also lay the GGUF out as LM Studio expects "
                             "(lmstudio/dpo-desktop/<model>-GGUF/)")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip the check of the written GGUF (every tensor read back, "
                             "and the logits of both models when the RAM allows)")
    parser.add_argument("--name", help="the model name (default: the run folder's name)")
    parser.add_argument("--system", metavar="TEXT",
                        help="the assistant's system prompt for the Modelfile (default: the "
                             "base model's own)")
    parser.add_argument("--merge-dtype", default="auto",
                        choices=("auto", "bfloat16", "float16", "float32"),
                        help="precision of the merge (default: bf16, or the base's fp16)")
    parser.set_defaults(func=run)


_STEP_NAMES = {"merging": "merging", "writing_gguf": "merging and writing the GGUF",
               "verifying": "checking the GGUF"}


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


class _Progress:
    """Prints each step to stderr; on a tty, its byte progress and ETA on one line."""

    def __init__(self) -> None:
        self.phase = ""
        self.tty = sys.stderr.isatty()
        self.open_line = False

    def __call__(self, event: events.Event) -> None:
        from dpo_desktop.core.export.diskspace import human

        if isinstance(event, events.PhaseChanged):
            name = _STEP_NAMES.get(event.phase, event.phase)
            if event.total:
                if self.tty:
                    overall = f" · export {event.overall:.0%}" if event.overall is not None \
                        else ""
                    print(f"\r{name}: {(event.current or 0) / event.total:.0%} of "
                          f"{human(event.total)}, ETA {_eta(event.eta_seconds)}{overall}   ",
                          end="", file=sys.stderr, flush=True)
                    self.open_line = True
                elif event.phase != self.phase:
                    print(f"{name} ({human(event.total)})…", file=sys.stderr)
            elif event.message:
                self._end_line()
                print(f"{event.phase}: {event.message}", file=sys.stderr)
            self.phase = event.phase
        elif isinstance(event, events.LogLine) and event.level in ("warning", "error"):
            self._end_line()
            print(f"{event.level}: {event.message}", file=sys.stderr)
        elif isinstance(event, events.Finished | events.Failed):
            self._end_line()

    def _end_line(self) -> None:
        if self.open_line:
            print(file=sys.stderr)
            self.open_line = False


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

"""The `dpo-desktop` command. With no subcommand it opens the app.

Each subcommand lives in its own module with ``register(subparsers)`` that adds its
parser and sets ``func``. User errors end with a short message and exit code 2; no
traceback reaches the user unless ``DPO_DESKTOP_DEBUG`` is set.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from dpo_desktop import __version__
from dpo_desktop.core.errors import UserError, from_os_error

SUBCOMMANDS = ("gui", "check_data", "compare", "make_pairs", "train", "runs", "doctor", "export",
               "self_check")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dpo-desktop",
        description="Align a small language model to your own taste with DPO. "
                    "Run without a subcommand to open the app.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"dpo_desktop.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # Windows consoles default to a legacy code page
            reconfigure(errors="replace")
    from dpo_desktop.core.noise import quiet_known_noise

    quiet_known_noise()  # known, harmless library messages; real warnings stay
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    commands = {name.replace("_", "-") for name in SUBCOMMANDS}
    if not words or (words[0] not in commands and not words[0].startswith("-")):
        words = ["gui", *words]  # `dpo-desktop FILE` opens FILE in the app
    args = parser.parse_args(words)
    try:
        return int(args.func(args) or 0)
    except (UserError, OSError) as exc:
        # An OSError no job mapped (a full disk, a locked file) is not a bug either.
        error = exc if isinstance(exc, UserError) else from_os_error(exc)
        print(f"error: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"hint: {error.hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a bug, said plainly
        if os.environ.get("DPO_DESKTOP_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc}\n"
              "This is a bug in DPO Desktop. Run again with DPO_DESKTOP_DEBUG=1 to see the "
              "details, and please report them.", file=sys.stderr)
        return 1

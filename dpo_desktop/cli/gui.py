"""`dpo-desktop gui`: open the app (also what a bare `dpo-desktop` does)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("gui", help="open the app (the default)")
    parser.add_argument("file", nargs="?", help="a data file to open")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from dpo_desktop.cli.system_libs import check

    problem = check()  # before Qt: its own error names one missing library, then aborts
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from dpo_desktop.gui.app import main

    return main([args.file] if args.file else [])

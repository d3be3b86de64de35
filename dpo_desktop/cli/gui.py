"""`dpo-desktop gui`: open the app (also what a bare `dpo-desktop` does)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("gui", help="open the app (the default)")
    parser.add_argument("file", nargs="?", help="a data file to open")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.gui.app import main

    return main([args.file] if args.file else [])

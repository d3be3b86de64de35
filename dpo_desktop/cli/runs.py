"""`dpo-desktop runs [--out DIR] [--json]`: the runs with their status and held-out
preference accuracy before and after training, newest first (what the Runs page lists)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

COLUMNS = ("NAME", "STATUS", "BEFORE", "AFTER", "UPDATED", "MODEL")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "runs", help="list the training runs with their status and accuracy",
        description="List the training runs in the runs folder, newest first, with their "
                    "status (an interrupted run can be continued with train --resume) and "
                    "the held-out preference accuracy before and after training.")
    parser.add_argument("--out", metavar="DIR",
                        help="the runs folder (default: the app's runs folder)")
    parser.add_argument("--json", action="store_true", help="print the runs as one JSON object")
    parser.set_defaults(func=run)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns two spaces apart (the last one is not padded)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                       row[-1]]).rstrip() for row in rows]


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core.training.runs import default_runs_dir, list_runs

    runs_dir = Path(args.out).expanduser() if args.out else default_runs_dir()
    runs = list_runs(runs_dir)
    if args.json:
        print(json.dumps({"runs_dir": str(runs_dir), "runs": [r.to_dict() for r in runs]},
                         ensure_ascii=False, indent=2))
        return 0
    if not runs:
        print(f"No runs in {runs_dir} yet.")
        return 0
    print(f"Runs in {runs_dir}:")
    rows = [COLUMNS, *((r.name, r.state, _percent(r.accuracy_before),
                        _percent(r.accuracy_after),
                        time.strftime("%Y-%m-%d %H:%M", time.localtime(r.updated)), r.model)
                       for r in runs)]
    for line in table(rows):
        print(line)
    waiting = [r for r in runs if r.interrupted]
    if waiting:
        print(f"\nContinue an interrupted run with: dpo-desktop train --resume "
              f"{waiting[0].path}")
    return 0

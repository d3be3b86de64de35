"""`dpo-desktop check-data FILE`: the validation report for a preference data file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dpo_desktop.core.errors import UserError


def parse_map(items: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items or []:
        key, sep, column = item.partition("=")
        if not sep or not key.strip() or not column:
            raise UserError("bad_map", f"--map “{item}” is not of the form KEY=COLUMN.",
                            "For example: --map prompt=質問 --map chosen=良い回答")
        mapping[key.strip().lower()] = column
    return mapping


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check-data", help="validate a preference data file and print the report",
        description="Read a CSV, TSV, JSONL, JSON, Parquet or XLSX file of preference pairs, "
                    "detect its encoding and columns, and report every problem by row. "
                    "Exit code 0 when at least one valid row remains, 2 when the file cannot "
                    "be used.")
    parser.add_argument("file", help="the data file")
    parser.add_argument("--map", action="append", metavar="KEY=COLUMN",
                        help="use COLUMN for KEY (prompt, chosen, rejected or system) instead of "
                             "detecting it; repeat for each key")
    parser.add_argument("--sheet", help="the XLSX sheet to read (default: the first)")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core.data import load_preferences
    from dpo_desktop.core.data.report import report_to_dict, report_to_text

    try:
        dataset = load_preferences(args.file, parse_map(args.map), sheet=args.sheet)
    except UserError as exc:
        if args.json:
            print(json.dumps({"error": {"code": exc.code, "message": exc.message,
                                        "hint": exc.hint}}, ensure_ascii=False))
            return 2
        raise
    summary = report_to_dict(dataset)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(report_to_text(summary))
    if summary["rows_valid"] == 0:
        if not args.json:
            print("\nerror: no usable rows remain, so this file cannot be used for training. "
                  "Fix the errors listed above and check it again.", file=sys.stderr)
        return 2
    return 0

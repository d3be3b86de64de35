"""Benchmark: import and validate a 100,000-row CSV (~50 MB, Japanese and English).

Prints seconds and peak RSS for DPO Desktop's import + validation and for a bare
``pandas.read_csv`` of the same file, measured in the same run, each in a fresh child
process so neither inherits the other's memory. Goals: import + validation ≤ 3 s on a
2-core machine and ≤ 2× the bare read. Figures are printed, never asserted.

    .venv/bin/python bench/data_import.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

JA = ["ご注文", "配送", "返品", "営業時間", "予約", "お支払い", "領収書", "キャンセル", "駐車場",
      "アレルギー", "ありがとうございます", "恐れ入りますが", "確認いたします", "承知しました"]
EN = ["order", "delivery", "refund", "opening hours", "booking", "invoice", "warranty",
      "thank you", "please", "tracking number", "store", "parcel", "tomorrow", "receipt"]

CHILD = r"""
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "pandas":
    import pandas
    frame = pandas.read_csv(path)
    rows = len(frame)
else:
    from dpo_desktop.core.data import load_preferences
    dataset = load_preferences(path)
    dataset.split()
    rows = dataset.report.rows_valid
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "rss": rss, "rows": rows}))
"""


def sentence(rng: random.Random, words: int) -> str:
    pool = JA if rng.random() < 0.5 else EN
    sep = "" if pool is JA else " "
    return sep.join(rng.choice(pool) for _ in range(words)) + ("。" if pool is JA else ".")


def generate(path: Path, rows: int) -> None:
    rng = random.Random(1234)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["prompt", "chosen", "rejected"])
        for i in range(rows):
            writer.writerow([f"{sentence(rng, 8)} #{i}", sentence(rng, 26), sentence(rng, 11)])


def measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="take the best of K runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.csv"
        generate(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        results = {kind: min((measure(kind, path) for _ in range(args.repeat)),
                             key=lambda r: r["seconds"]) for kind in ("pandas", "dpo")}
    base, ours = results["pandas"], results["dpo"]
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB (mixed Japanese/English, UTF-8)")
    print(f"pandas.read_csv (baseline): {base['seconds']:.2f} s, peak RSS "
          f"{base['rss'] / 2**20:.0f} MiB")
    print(f"dpo-desktop import+validate+split: {ours['seconds']:.2f} s, peak RSS "
          f"{ours['rss'] / 2**20:.0f} MiB, {int(ours['rows']):,} valid rows")
    print(f"ratio time: {ours['seconds'] / base['seconds']:.2f}x (goal ≤ 2x); "
          f"ratio RSS: {ours['rss'] / base['rss']:.2f}x; goal ≤ 3 s: "
          f"{'met' if ours['seconds'] <= 3 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

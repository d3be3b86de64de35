"""Benchmark: time from launching the app to its first painted window.

Each measurement is a fresh child process (a cold start of the interpreter, Qt and our
modules), timed from just before the process is spawned until the window has been
painted once. The baseline, measured in the same run, is a bare ``QApplication`` +
``QMainWindow`` doing the same. Goal: DPO Desktop ≤ 1.5 s. It also reports whether any
heavy library (torch, transformers, …) was imported before the first paint: none should
be. Figures are printed, never asserted.

    .venv/bin/python bench/startup.py [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "pyqtgraph")

CHILD_TEMPLATE = r"""
import json, sys, time
kind = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
if kind == "app":
    from dpo_desktop.gui.app import create_application
    app = create_application()
    from dpo_desktop.gui.main_window import MainWindow
    window = MainWindow()
else:
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    window.resize(1200, 800)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is window:
            t = time.time()
            heavy = [m for m in HEAVY_NAMES if m in sys.modules]
            print(json.dumps({"painted": t, "heavy": heavy}), flush=True)
            QTimer.singleShot(0, app.quit)
            obj.removeEventFilter(self)
        return False

probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""
CHILD = f"HEAVY_NAMES = {HEAVY!r}\n" + CHILD_TEMPLATE


def measure(kind: str, env: dict[str, str]) -> tuple[float, list[str]]:
    start = time.time()
    result = subprocess.run([sys.executable, "-c", CHILD, kind], capture_output=True,
                            text=True, env=env, timeout=120, check=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("{"))
    data = json.loads(line)
    return data["painted"] - start, data["heavy"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": home, "DPO_DESKTOP_RUNS_DIR": str(Path(home) / "runs")}
        measure("app", env)  # warm the OS file cache once; not counted
        results: dict[str, list[float]] = {"baseline": [], "app": []}
        heavy: list[str] = []
        for _ in range(args.repeat):
            for kind in ("baseline", "app"):
                seconds, loaded = measure(kind, env)
                results[kind].append(seconds)
                if kind == "app":
                    heavy = sorted(set(heavy) | set(loaded))
    base = statistics.median(results["baseline"])
    app = statistics.median(results["app"])
    print(f"platform: {env['QT_QPA_PLATFORM']}, {args.repeat} runs each, median (min–max)")
    for kind, label in (("baseline", "bare QApplication + QMainWindow"),
                        ("app", "DPO Desktop main window")):
        values = results[kind]
        print(f"  {label:34} {statistics.median(values):.3f} s "
              f"({min(values):.3f}–{max(values):.3f})")
    print(f"  ratio app / baseline:              {app / base:.2f}×")
    print(f"  goal ≤ 1.5 s:                      {'met' if app <= 1.5 else 'NOT met'}")
    print(f"  heavy modules before first paint:  {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()

"""Render every page of the app to PNGs under docs/screenshots/ (``make screenshots``).

Everything shown is real: the bundled sample (English, or Japanese with ``--lang ja``,
written to docs/screenshots/ja/) on the Data page, the hardware
probe of this machine, and a short training run of the embedded demo model (a few
steps on the CPU), captured while it trains and after, then its before/after answers.
Settings and runs go to a temporary folder, never the user's.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--steps N] [--out DIR]
        [--lang en|ja]

Japanese needs a font with Japanese glyphs (Debian/Ubuntu: apt-get install fonts-noto-cjk);
the script stops with that advice rather than render empty boxes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=8, help="training steps of the demo run")
    parser.add_argument("--out", default="",
                        help="default: docs/screenshots, or docs/screenshots/ja for --lang ja")
    parser.add_argument("--lang", choices=("en", "ja"), default="en",
                        help="the UI language of the screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=820)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="dpo-screenshots-"))
    os.environ["DPO_DESKTOP_RUNS_DIR"] = str(scratch / "runs")
    os.environ["DPO_DESKTOP_EXPORTS_DIR"] = str(scratch / "exports")

    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from dpo_desktop.core.resources import sample_path
    from dpo_desktop.gui.app import create_application
    from dpo_desktop.gui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    _app = create_application(language=args.lang)  # the app must outlive the window
    if args.lang == "ja":
        from PySide6.QtGui import QFontDatabase

        if not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese):
            raise SystemExit("no Japanese font: install one (apt-get install fonts-noto-cjk)")
    japanese = args.lang == "ja"
    out = Path(args.out or ROOT / "docs" / "screenshots" / ("ja" if japanese else ""))
    out.mkdir(parents=True, exist_ok=True)

    def wait_until(predicate: Callable[[], bool], seconds: float, what: str) -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(50)
        timer.timeout.connect(lambda: predicate() and loop.quit())
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        timer.start()
        deadline.start(int(seconds * 1000))
        loop.exec()
        if not predicate():
            raise SystemExit(f"timed out waiting for {what}")

    window = MainWindow(runs_dir=scratch / "runs")
    window.resize(args.width, args.height)
    window.show()
    window.start_background_jobs()
    wait_until(lambda: window.hardware is not None, 120, "the hardware probe")

    def shot(name: str, page: str) -> None:
        window.show_page(page)
        wait_until(lambda: True, 0.4, "layout")  # let lazy charts build and paint
        window.grab().save(str(out / f"{name}.png"))
        print(f"wrote {out / name}.png")

    shot("1-model", "model")
    window.open_data_file(sample_path("support_ja.csv" if japanese else "support_en.csv"))
    wait_until(lambda: window.data_page.token_stats_ready, 180, "token counts")
    shot("2-data", "data")

    train = window.train_page
    editors = train.advanced.editors
    editors[("training", "max_steps")].setValue(args.steps)
    editors[("training", "batch_size")].setValue(2)
    editors[("training", "max_length")].setValue(192)
    train.name_edit.setText("demo-screenshot")
    window.show_page("train")
    finished: list[str] = []
    train.run_finished.connect(lambda _run, status: finished.append(status))
    train.start()
    wait_until(lambda: len(train.steps) >= max(2, args.steps // 2) or bool(finished), 900,
               "training steps")
    shot("3-train-running", "train")
    wait_until(lambda: bool(finished), 900, "the end of training")
    if finished[0] != "completed":
        raise SystemExit("training did not complete:\n" + train.log.toPlainText())
    shot("3-train-finished", "train")

    compare = window.compare_page
    compare.prompt.setPlainText("駐車場はありますか？" if japanese else
                                "My parcel has not arrived yet. What can I do?")
    compare.tokens.setValue(60)
    compare.generate()
    wait_until(lambda: not compare.runner.is_running(), 600, "the answers")
    shot("4-compare", "compare")
    export = window.export_page
    export.system_edit.setPlainText(
        "あなたはさくらベーカリーの親切なアシスタントです。丁寧に、簡潔に答えてください。"
        if japanese else "You are the friendly assistant of Sakura Bakery. Answer politely "
        "and briefly.")
    export.gguf_combo.setCurrentIndex(export.gguf_combo.findData("q8_0"))
    window.show_page("export")
    export.export()  # a real export of the demo run: the summary is what the user sees
    wait_until(lambda: not export.runner.is_running(), 900, "the export")
    shot("5-export", "export")
    window.runs_page.refresh()
    window.runs_page.table.selectRow(0)
    shot("6-runs", "runs")
    guide = window.show_guide()
    for index in range(2):
        guide.go(index)
        wait_until(lambda: True, 0.3, "layout")
        guide.grab().save(str(out / f"7-guide-{index + 1}.png"))
        print(f"wrote {out}/7-guide-{index + 1}.png")
    guide.close()
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

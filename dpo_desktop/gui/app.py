"""Starting the app: the QApplication, then the main window.

Heavy libraries (torch, transformers) are never imported here, so the first window
appears quickly; pages import them off the start-up path when they need them.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dpo_desktop import __version__


def create_application(argv: Sequence[str] | None = None, language: str | None = None
                       ) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    from dpo_desktop.core.noise import quiet_known_noise

    quiet_known_noise()  # also when the app is started without the CLI (scripts, tests)
    app = QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("DPO Desktop")
    app.setOrganizationName("DPO Desktop")
    app.setApplicationVersion(__version__)
    from dpo_desktop.gui import i18n
    from dpo_desktop.gui.about import app_icon

    app.setWindowIcon(app_icon())
    from dpo_desktop.gui.collector import UiThreadCollector

    # Garbage holding widgets must die on this thread, never in a job's (see collector).
    UiThreadCollector(app)  # lives as long as the app, its parent

    i18n.install(app, language)  # the OS locale, or the language chosen in Settings
    # No style sheet and no fixed colours: the platform style and the OS light or dark
    # palette apply as they are, and palette changes reach every widget.
    return app


def install_interrupt_handler(window: Any) -> QTimer:
    """Ctrl-C in the terminal quits like File → Quit, without asking: a run in progress
    stops after its step with a checkpoint there, then the window closes.

    Python only sees a signal when Python code runs, so a timer wakes it while Qt's event
    loop waits. Returns the timer (keep a reference)."""
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, window.quit_now))
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    app = create_application()
    from dpo_desktop.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    install_interrupt_handler(window)
    files = [a for a in args if not a.startswith("-")]
    if files:
        window.open_data_file(files[0])
    window.start_background_jobs()
    from dpo_desktop.gui.guide import show_on_first_launch

    show_on_first_launch(window)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

"""Starting the app: the QApplication, then the main window.

Heavy libraries (torch, transformers) are never imported here, so the first window
appears quickly; pages import them off the start-up path when they need them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

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

    i18n.install(app, language)  # the OS locale, or the language chosen in Settings
    # No style sheet and no fixed colours: the platform style and the OS light or dark
    # palette apply as they are, and palette changes reach every widget.
    return app


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    app = create_application()
    from dpo_desktop.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    files = [a for a in args if not a.startswith("-")]
    if files:
        window.open_data_file(files[0])
    window.start_background_jobs()
    from dpo_desktop.gui.guide import show_on_first_launch

    show_on_first_launch(window)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

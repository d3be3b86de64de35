"""The main window: a step list (Model → Data → Train → Compare → Export, plus Runs) and
one page per step.

The window wires the pages together and owns what spans them: the loaded data set (a
:class:`DataDocument` that the Data page edits and the other pages read), the status
bar's device label, settings that persist between sessions, drag and drop of data files, keyboard
shortcuts, and a clean stop when the window closes during training. Nothing heavy is
imported here: torch and transformers load in worker threads when first needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from dpo_desktop.core.data import PreferenceDataset
from dpo_desktop.core.data.document import DRAFTS
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.training.rundir import default_runs_dir
from dpo_desktop.gui.data_document import DataDocument
from dpo_desktop.gui.pages.compare_page import ComparePage
from dpo_desktop.gui.pages.data_page import DataPage
from dpo_desktop.gui.pages.export_page import ExportPage
from dpo_desktop.gui.pages.model_page import ModelPage
from dpo_desktop.gui.pages.runs_page import RunsPage
from dpo_desktop.gui.pages.train_page import TrainPage
from dpo_desktop.gui.tasks import run_in_pool
from dpo_desktop.gui.widgets.hardware_card import device_summary

PAGES = ("model", "data", "train", "compare", "export", "runs")


class MainWindow(QMainWindow):
    hardware_ready = Signal(object)

    def __init__(self, runs_dir: str | Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("DPO Desktop"))
        self.setAcceptDrops(True)
        self.runs_dir = Path(runs_dir) if runs_dir else default_runs_dir()
        self.hardware: HardwareInfo | None = None
        self._close_when_stopped = False

        self.document = DataDocument(self, drafts_dir=self.runs_dir.parent / DRAFTS)
        self.model_page = ModelPage()
        self.data_page = DataPage(document=self.document)
        self.train_page = TrainPage(runs_dir=self.runs_dir)
        self.compare_page = ComparePage(prompts_path=self.runs_dir.parent / "prompts.json")
        self.compare_page.open_data_requested.connect(self.open_data_file)
        self.export_page = ExportPage(runs_dir=self.runs_dir)
        self.runs_page = RunsPage(self.runs_dir)
        self.pages: dict[str, QWidget] = dict(zip(PAGES, (
            self.model_page, self.data_page, self.train_page, self.compare_page,
            self.export_page, self.runs_page)))

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setMaximumWidth(180)
        titles = (self.tr("1  Model"), self.tr("2  Data"), self.tr("3  Train"),
                  self.tr("4  Compare"), self.tr("5  Export"), self.tr("Runs"))
        tips = (self.tr("Choose the model to train"), self.tr("Load or build preference pairs"),
                self.tr("Settings, then watch the training live"),
                self.tr("Answers before and after training"),
                self.tr("Merge, GGUF, Ollama and LM Studio"), self.tr("Past training runs"))
        for name, title, tip in zip(PAGES, titles, tips):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(tip)
            self.steps.addItem(item)
        # Never narrower than its longest title ("4  Compare" was cut at the minimum size).
        self.steps.setMinimumWidth(min(180, self.steps.sizeHintForColumn(0)
                                       + 2 * self.steps.frameWidth() + 8))
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.steps.currentRowChanged.connect(self._page_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.device_label = QLabel(device_summary(None))
        self.statusBar().addPermanentWidget(self.device_label)
        self._wire()
        self._build_actions()
        self.resize(1200, 800)
        self._restore_settings()
        self.train_page.set_model(self.model_page.spec, self.model_page.label)
        self.data_page.set_model(self.model_page.spec)
        self.train_page.emit_shape()
        self.runs_page.refresh()
        if self.export_page.run_dir is not None:  # the latest finished run, after a restart
            self.compare_page.set_run(self.export_page.run_dir)

    # -- wiring -----------------------------------------------------------------------
    def _wire(self) -> None:
        self.model_page.model_changed.connect(self.train_page.set_model)
        self.model_page.model_changed.connect(lambda spec, _: self.data_page.set_model(spec))
        self.train_page.shape_changed.connect(self.model_page.set_training_shape)
        self.train_page.shape_changed.connect(
            lambda _batch, length, _rank: self.data_page.set_max_length(length))
        self.train_page.set_data(self.document)
        self.train_page.navigate.connect(self.show_page)
        self.train_page.run_finished.connect(self._run_finished)
        self.data_page.status_message.connect(self.statusBar().showMessage)
        self.runs_page.run_opened.connect(self._run_opened)
        self.runs_page.resume_requested.connect(self._resume_run)

    def _build_actions(self) -> None:
        def action(text: str, slot: Any, shortcut: Any = None) -> QAction:
            item = QAction(text, self)
            if shortcut is not None:
                item.setShortcut(QKeySequence(shortcut))
            item.triggered.connect(slot)
            self.addAction(item)
            return item

        tr = self.tr
        self.open_action = action(tr("&Open data file…"), self.choose_data_file,
                                  QKeySequence.StandardKey.Open)
        self.save_action = action(tr("&Save data as…"), lambda: self.data_page.save_as(),
                                  QKeySequence.StandardKey.Save)
        self.new_action = action(tr("&New data set"), self._new_dataset,
                                 QKeySequence.StandardKey.New)
        self.add_row_action = action(tr("&Add row"), self._add_row, "Ctrl+Shift+A")
        self.settings_action = action(tr("Se&ttings…"), self.show_settings,
                                      QKeySequence.StandardKey.Preferences)
        quit_action = action(tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.start_action = action(tr("&Start training"), self._start_training, "Ctrl+Return")
        self.pause_action = action(tr("&Pause / resume"), self._toggle_pause, "Ctrl+Shift+P")
        self.stop_action = action(tr("S&top training"), self.train_page.stop, "Ctrl+.")
        menu = self.menuBar().addMenu(tr("&File"))
        for item in (self.open_action, self.new_action, self.save_action, self.add_row_action):
            menu.addAction(item)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addAction(quit_action)
        training = self.menuBar().addMenu(tr("&Training"))
        for item in (self.start_action, self.pause_action, self.stop_action):
            training.addAction(item)
        go = self.menuBar().addMenu(tr("&Go"))
        for index, name in enumerate(PAGES):
            item = self.steps.item(index)
            go.addAction(action(item.text().strip(), lambda _=False, n=name: self.show_page(n),
                                f"Ctrl+{index + 1}"))
        help_menu = self.menuBar().addMenu(tr("&Help"))
        self.guide_action = action(tr("&Getting started…"), self.show_guide,
                                   QKeySequence.StandardKey.HelpContents)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(action(tr("&About this computer…"), self._about))
        help_menu.addAction(action(tr("About &DPO Desktop…"), self._about_app))

    # -- pages ------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        self.steps.setCurrentRow(PAGES.index(name))

    def current_page(self) -> str:
        return PAGES[max(0, self.stack.currentIndex())]

    def _page_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)
            if PAGES[row] == "runs":
                self.runs_page.refresh()

    # -- data ------------------------------------------------------------------------
    def choose_data_file(self) -> None:
        self.show_page("data")
        self.data_page.choose_file()

    def open_data_file(self, path: str | Path) -> None:
        """Open a data file on the Data page (menu, drop, command line); it is read off the
        UI thread, and ``document.import_finished`` says how it went."""
        self.show_page("data")
        self.data_page.open_file(path)

    @property
    def dataset(self) -> PreferenceDataset | None:
        return self.document.dataset

    def _new_dataset(self) -> None:
        self.show_page("data")
        self.data_page.new_dataset()

    def _add_row(self) -> None:
        self.show_page("data")
        self.data_page.add_row()

    # -- training and runs ------------------------------------------------------------------
    def _start_training(self) -> None:
        self.show_page("train")
        self.train_page.start()

    def _toggle_pause(self) -> None:
        if self.train_page.status == "paused":
            self.train_page.resume()
        else:
            self.train_page.pause()

    def _run_finished(self, run_dir: str, status: str) -> None:
        self.runs_page.refresh()
        if run_dir and status in ("completed", "cancelled"):
            self.compare_page.set_run(Path(run_dir))
            self.export_page.set_run(Path(run_dir))
        if self._close_when_stopped:
            QTimer.singleShot(0, self.close)

    def _run_opened(self, run_dir: str) -> None:
        self.compare_page.set_run(Path(run_dir))
        self.export_page.set_run(Path(run_dir))
        self.show_page("compare")

    def _resume_run(self, run_dir: str) -> None:
        if self.train_page.resume_run(Path(run_dir)):
            self.show_page("train")

    # -- background start-up work -----------------------------------------------------------
    def start_background_jobs(self) -> None:
        """Probe the hardware and list the HF cache off the UI thread; offer to continue an
        interrupted run. Called once the window is shown, never during construction."""
        from dpo_desktop.core import hardware

        run_in_pool(self, hardware.probe, self.set_hardware,
                    lambda exc: self.device_label.setText(self.tr("Hardware check failed")))
        self.model_page.load_cache_list()
        QTimer.singleShot(500, self.offer_interrupted_run)

    def set_hardware(self, info: HardwareInfo) -> None:
        self.hardware = info
        self.device_label.setText(device_summary(info))
        self.model_page.set_hardware(info)
        self.hardware_ready.emit(info)

    def offer_interrupted_run(self) -> bool:
        """Offer the newest interrupted run: one whose process is gone (a crash, a power
        cut, however recent; told by its run.lock) or that Quit or Ctrl-C stopped. A run
        the user said No to is not offered again until it changes."""
        from dpo_desktop.core.training.runs import list_runs

        if self.train_page.is_running():
            return False
        waiting = [run for run in list_runs(self.runs_dir) if run.interrupted]
        if not waiting:
            return False
        run = waiting[0]
        settings = QSettings()
        seen = f"{run.path}@{run.updated}"
        if settings.value("runs/declined_resume") == seen:
            return False
        answer = QMessageBox.question(
            self, self.tr("Continue training?"),
            self.tr("The run “{name}” was interrupted. Continue it from its last checkpoint?"
                    ).format(name=run.name))
        if answer == QMessageBox.StandardButton.Yes:
            self._resume_run(str(run.path))
            return True
        settings.setValue("runs/declined_resume", seen)
        return False

    def show_guide(self) -> QWidget:
        """Help → Getting started: the first-run guide, again."""
        from dpo_desktop.gui.guide import open_guide

        return open_guide(self)

    def show_settings(self) -> None:
        """File → Settings: language (applies on restart) and the start-up guide."""
        from dpo_desktop.gui.settings_dialog import show_settings

        show_settings(self)

    def _about_app(self) -> None:
        from dpo_desktop.gui.about import show_about

        show_about(self)

    def _about(self) -> None:
        from dpo_desktop.core.hardware import describe

        text = "\n".join(describe(self.hardware)) if self.hardware else device_summary(None)
        QMessageBox.information(self, self.tr("About this computer"), text)

    # -- settings -----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        spec = settings.value("model/spec")
        if isinstance(spec, str) and spec:
            self.model_page.set_spec(spec, str(settings.value("model/label") or spec))
        self.train_page.restore_settings(settings)
        self.document.restore_settings(settings)  # read off the UI thread: no wait here
        page = settings.value("window/page")
        self.show_page(page if isinstance(page, str) and page in PAGES else "model")

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/page", self.current_page())
        settings.setValue("model/spec", self.model_page.spec)
        settings.setValue("model/label", self.model_page.label)
        self.train_page.save_settings(settings)
        self.document.save_settings(settings)
        settings.sync()

    def quit_now(self) -> None:
        """Quit without asking (Ctrl-C in the terminal): a run stops after its step with a
        checkpoint there, skipping the "after" check, and the window closes after it."""
        if self.train_page.is_running() and not self._close_when_stopped:
            self._close_when_stopped = True
            self.train_page.stop(quick=True)
            self.statusBar().showMessage(self.tr("Saving a checkpoint, then closing…"))
        self.close()

    # -- drop and close --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_data_file(urls[0].toLocalFile())
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.train_page.is_running():
            if not self._close_when_stopped:
                answer = QMessageBox.question(
                    self, self.tr("Training is running"),
                    self.tr("Stop training and quit? A checkpoint is saved at the current "
                            "step, and the run is offered to continue from there next time."))
                if answer != QMessageBox.StandardButton.Yes:
                    event.ignore()
                    return
                self._close_when_stopped = True
                # quick: save a checkpoint and close; the held-out "after" check (up to a
                # minute or more) runs when the run is continued
                self.train_page.stop(quick=True)
                self.statusBar().showMessage(self.tr("Saving a checkpoint, then closing…"))
            event.ignore()  # closes for real once the run has finished
            return
        self.save_settings()
        for page in (self.model_page, self.data_page, self.compare_page, self.export_page):
            page.shutdown()
        super().closeEvent(event)

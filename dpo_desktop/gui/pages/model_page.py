"""Step 1, Model: what this computer has, which models fit it, and where the model comes from.

The catalog's fit badges come from ``core.memory`` for the batch size and max length
chosen on the Train page. The embedded demo model is preselected so a new user can go
through the whole flow without a download.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.catalog import CATALOG, DEMO, CatalogEntry, ModelFit, find, fit_table
from dpo_desktop.core.config import PRESETS
from dpo_desktop.core.errors import Cancelled, JobControl
from dpo_desktop.core.events import PhaseChanged
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.memory import format_bytes
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.messages import model_name, translate_note
from dpo_desktop.gui.tasks import run_in_pool
from dpo_desktop.gui.widgets.hardware_card import HardwareCard
from dpo_desktop.gui.workers import JobRunner

COLUMNS = ("model", "size", "license", "memory", "fit", "time")
QUICK_STEPS = int(PRESETS["quick test"]["max_steps"])


def format_duration(seconds: float) -> str:
    """Rough on purpose: seconds, minutes, hours or days (the table's and the guide's)."""
    translate = QCoreApplication.translate
    if seconds < 90:
        return translate("ModelPage", "{n} s").format(n=f"{seconds:.0f}")
    if seconds < 90 * 60:
        return translate("ModelPage", "{n} min").format(n=f"{seconds / 60:.0f}")
    if seconds < 36 * 3600:
        return translate("ModelPage", "{n} h").format(n=f"{seconds / 3600:.1f}")
    return translate("ModelPage", "{n} days").format(n=f"{seconds / 86400:.1f}")


class ModelPage(QWidget):
    model_changed = Signal(str, str)  # spec, label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = DEMO.spec
        self.label = model_name(DEMO.spec, DEMO.name)
        self.hardware: HardwareInfo | None = None
        self._shape = {"batch_size": 4, "max_length": 512, "lora_rank": 16}
        self.fits: list[ModelFit] = []
        self._download = JobRunner(self)
        self._download.event.connect(self._download_event)
        self._download.done.connect(self._downloaded)
        self._download.cancelled.connect(self._download_cancelled)
        self._download.failed.connect(self._download_failed)
        self._download.finished.connect(self._download_ended)
        self._build()
        self.refresh_badges()
        self.table.selectRow(0)

    def _build(self) -> None:
        tr = self.tr
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.card = HardwareCard(self)
        top.addWidget(self.card, 1)
        chosen = QGroupBox(tr("Model to train"), self)
        chosen_layout = QVBoxLayout(chosen)
        self.selected_label = QLabel()
        self.selected_label.setWordWrap(True)
        self.selected_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        chosen_layout.addWidget(self.selected_label)
        chosen_layout.addWidget(self.note_label)
        chosen_layout.addStretch(1)
        top.addWidget(chosen, 1)
        layout.addLayout(top)

        layout.addWidget(QLabel(tr("Recommended small instruct models. The badge says whether "
                                   "training fits this computer's memory with the current "
                                   "batch size and max length.")))
        self.table = QTableWidget(len(CATALOG), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([tr("Model"), tr("Size"), tr("License"),
                                              tr("Memory needed"), tr("Fit"),
                                              tr("Time per step")])
        header = self.table.horizontalHeaderItem(5)
        if header is not None:
            header.setToolTip(tr("Without a GPU: the estimated time of one training step on "
                                 "this computer's processor."))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, entry in enumerate(CATALOG):
            name = QTableWidgetItem(model_name(entry.spec, entry.name))
            name.setData(Qt.ItemDataRole.UserRole, entry.spec)
            tip = entry.spec if entry.spec != "demo" else tr("Embedded in the app")
            if entry.gated:
                tip += "\n" + tr("Gated: accept the license on huggingface.co first.")
            if entry.note:
                tip += "\n" + translate_note(entry.note)
            name.setToolTip(tip)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(entry.params_label))
            self.table.setItem(row, 2, QTableWidgetItem(entry.license))
            for column in (3, 4, 5):
                self.table.setItem(row, column, QTableWidgetItem("—"))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._catalog_selected)
        layout.addWidget(self.table, 1)

        other = QGroupBox(tr("Other sources"), self)
        grid = QVBoxLayout(other)
        row1 = QHBoxLayout()
        self.folder_button = QPushButton(tr("Local folder…"))
        self.folder_button.setToolTip(tr("A Hugging Face model folder with config.json and "
                                         ".safetensors weights"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.gguf_button = QPushButton(tr("GGUF file…"))
        self.gguf_button.setToolTip(tr("A .gguf file; it is converted once for training"))
        self.gguf_button.clicked.connect(self.choose_gguf)
        self.cache_combo = QComboBox()
        self.cache_combo.setMinimumWidth(220)
        self.cache_combo.addItem(tr("Hugging Face cache…"), "")
        self.cache_combo.activated.connect(self._cache_chosen)
        for widget in (self.folder_button, self.gguf_button, self.cache_combo):
            row1.addWidget(widget)
        row1.addStretch(1)
        grid.addLayout(row1)
        row2 = QHBoxLayout()
        self.hub_edit = QLineEdit()
        self.hub_edit.setPlaceholderText(tr("Hub id, e.g. HuggingFaceTB/SmolLM2-360M-Instruct"))
        self.download_button = QPushButton(tr("Download"))
        self.download_button.clicked.connect(self.start_download)
        self.download_progress = QProgressBar()
        self.download_progress.setVisible(False)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._download.cancel)
        for widget in (self.hub_edit, self.download_button, self.download_progress,
                       self.cancel_button):
            row2.addWidget(widget)
        grid.addLayout(row2)
        layout.addWidget(other)
        self._show_selected()

    # -- hardware and badges -------------------------------------------------------------
    def set_hardware(self, info: HardwareInfo) -> None:
        self.hardware = info
        self.card.set_info(info)
        self.refresh_badges()

    def set_training_shape(self, batch_size: int, max_length: int, lora_rank: int) -> None:
        shape = {"batch_size": batch_size, "max_length": max_length, "lora_rank": lora_rank}
        if shape != self._shape:
            self._shape = shape
            self.refresh_badges()

    def training_shape(self) -> dict[str, int]:
        """The batch size, max length and LoRA rank the figures are estimated for."""
        return dict(self._shape)

    def refresh_badges(self) -> None:
        info = self.hardware
        texts = {"fits": self.tr("✓ fits"), "tight": self.tr("! tight"),
                 "wont_fit": self.tr("✗ won't fit"), None: self.tr("…")}
        self.fits = fit_table(info, **self._shape)
        for row, model in enumerate(self.fits):
            memory = self.item(row, 3)
            memory.setText(format_bytes(model.needed.total))
            on_cpu = info is None or not info.cuda
            memory.setToolTip("\n".join(f"{self._part(k, on_cpu)}: {format_bytes(v)}"
                                        for k, v in model.needed.parts().items()))
            fit = self.item(row, 4)
            text = texts[model.badge]
            if model.four_bit_on_cpu and model.badge != "wont_fit":
                text = self.tr("{badge} (4-bit)").format(badge=text)
            fit.setText(text)
            fit.setData(Qt.ItemDataRole.UserRole, model.badge)
            fit.setToolTip(self._fit_tip(model))
            time_item = self.item(row, 5)
            seconds = model.step_seconds
            time_item.setText(self.tr("up to {time}").format(time=self._duration(seconds))
                              if seconds is not None else "—")
            time_item.setData(Qt.ItemDataRole.UserRole, seconds)
            time_item.setToolTip(self._time_tip(model))
        for column in (1, 2, 3, 4, 5):
            self.table.resizeColumnToContents(column)
        self._show_selected()

    def _duration(self, seconds: float) -> str:
        return format_duration(seconds)

    def _fit_tip(self, model: ModelFit) -> str:
        info = self.hardware
        tip = self.tr("Estimated for batch size {batch} and max length {length}").format(
            batch=self._shape["batch_size"], length=self._shape["max_length"])
        if model.four_bit_on_cpu:
            tip += "\n" + self._four_bit_text()
        elif info is not None and not info.cuda and model.entry.params > 600e6:
            tip += "\n" + self.tr("No GPU: this fits in RAM but trains very slowly on the CPU.")
        return tip

    def _four_bit_text(self) -> str:
        return self.tr("Too big for this computer's RAM in full precision, so it trains in "
                       "4-bit (QLoRA on the CPU): far less memory, but slower than full "
                       "precision.")

    def _time_tip(self, model: ModelFit) -> str:
        if model.step_seconds is None:
            return self.tr("Estimated only for training on the CPU, once the hardware check "
                           "has finished.")
        return self.tr("An estimate for this computer's processor at batch size {batch} and "
                       "max length {length}; short pairs train faster. The Quick test preset "
                       "({steps} steps) takes up to {total}.").format(
            batch=self._shape["batch_size"], length=self._shape["max_length"],
            steps=QUICK_STEPS, total=self._duration(model.step_seconds * QUICK_STEPS))

    def item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _part(self, key: str, on_cpu: bool = False) -> str:
        names = {"weights": self.tr("Model weights"), "lora": self.tr("LoRA + optimizer"),
                 "activations": self.tr("Activations"), "logits": self.tr("Logits"),
                 "overhead": (self.tr("Backward pass and memory slack") if on_cpu
                              else self.tr("CUDA context and slack"))}
        return names.get(key, key)

    def badge(self, spec: str) -> str | None:
        for row, entry in enumerate(CATALOG):
            if entry.spec == spec:
                value = self.item(row, 4).data(Qt.ItemDataRole.UserRole)
                return str(value) if value else None
        return None

    # -- choosing -----------------------------------------------------------------------
    def _catalog_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            entry = CATALOG[rows[0].row()]
            self.set_spec(entry.spec, model_name(entry.spec, entry.name))

    def set_spec(self, spec: str, label: str | None = None) -> None:
        """Choose a model: a catalog spec, folder, .gguf file or hub id."""
        entry = find(spec)
        label = label or (model_name(entry.spec, entry.name) if entry else
                          Path(spec).name or spec)
        changed = (spec, label) != (self.spec, self.label)
        self.spec, self.label = spec, label
        if entry is not None:
            row = CATALOG.index(entry)
            if self.table.currentRow() != row:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)
        else:
            self.table.blockSignals(True)
            self.table.clearSelection()
            self.table.blockSignals(False)
        self._show_selected()
        if changed:
            self.model_changed.emit(spec, label)

    def _show_selected(self) -> None:
        entry = find(self.spec)
        self.selected_label.setText(self.tr("<b>{label}</b><br>{spec}").format(
            label=self.label, spec=self.spec if self.spec != "demo" else self.tr(
                "embedded in the app: no download")))
        note = self._entry_note(entry)
        model = next((m for m in self.fits if entry is not None and m.entry == entry), None)
        if model is not None and model.four_bit_on_cpu:
            note += " " + self._four_bit_text()
        if model is not None and model.step_seconds is not None:
            note += " " + self.tr("On this computer: up to {step} per training step, so the "
                                  "Quick test preset ({steps} steps) takes up to {total}."
                                  ).format(step=self._duration(model.step_seconds),
                                           steps=QUICK_STEPS,
                                           total=self._duration(model.step_seconds
                                                                 * QUICK_STEPS))
        self.note_label.setText(note.strip())

    def _entry_note(self, entry: CatalogEntry | None) -> str:
        if entry is None:
            return self.tr("Checked when training starts.")
        note = translate_note(entry.note)
        if entry.spec != "demo":
            note = (note + " " if note else "") + self.tr(
                "Downloaded on first use unless it is already in the Hugging Face cache.")
        return note

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"))
        if folder:
            self.use_local(folder)

    def choose_gguf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a GGUF file"), "",
                                              self.tr("GGUF models (*.gguf)"))
        if path:
            self.use_local(path)

    def use_local(self, path: str) -> None:
        """Use a folder or .gguf file, checking it in the background."""
        self.set_spec(path, Path(path).name)
        if Path(path).is_dir():
            from dpo_desktop.core import models

            run_in_pool(self, lambda: models.inspect_folder(Path(path)),
                        lambda resolved: self.note_label.setText(
                            self.tr("{name}: a {kind} model.").format(
                                name=resolved.name, kind=resolved.model_type or "?")),
                        lambda exc: show_error(self, exc, self.tr("Cannot use this model")))

    def load_cache_list(self) -> None:
        """List the models already in the HF cache (off the UI thread)."""
        from dpo_desktop.core import models

        run_in_pool(self, models.list_cached_models, self._show_cache)

    def _show_cache(self, ids: list[str]) -> None:
        self.cache_combo.blockSignals(True)
        while self.cache_combo.count() > 1:
            self.cache_combo.removeItem(1)
        for repo in ids:
            self.cache_combo.addItem(repo, repo)
        if not ids:
            self.cache_combo.setItemText(0, self.tr("Hugging Face cache: empty"))
        self.cache_combo.blockSignals(False)

    def _cache_chosen(self, index: int) -> None:
        repo = self.cache_combo.itemData(index)
        if repo:
            self.set_spec(str(repo), str(repo))

    # -- downloading ----------------------------------------------------------------------
    def start_download(self) -> None:
        repo = self.hub_edit.text().strip()
        if not repo or self._download.is_running():
            return
        control = JobControl()

        def job(emit: Any) -> Any:
            from dpo_desktop.core import models

            return models.resolve_model(repo, on_event=emit, control=control)

        self.download_progress.setRange(0, 0)
        self.download_progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.download_button.setEnabled(False)
        self._download.start(job, control)

    def _download_event(self, event: Any) -> None:
        if isinstance(event, PhaseChanged) and event.total:
            self.download_progress.setRange(0, 1000)
            self.download_progress.setValue(int(1000 * (event.current or 0) / event.total))
            self.download_progress.setFormat(f"{format_bytes(event.current or 0)} / "
                                             f"{format_bytes(event.total)}")

    def _downloaded(self, resolved: Any) -> None:
        self.set_spec(self.hub_edit.text().strip(), resolved.name)

    def _download_cancelled(self, _stop: Cancelled) -> None:
        self.note_label.setText(self.tr("Download cancelled."))

    def _download_failed(self, exc: BaseException) -> None:
        show_error(self, exc, self.tr("Download failed"))

    def _download_ended(self) -> None:
        self.download_progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.download_button.setEnabled(True)

    def shutdown(self) -> None:
        """Abandon a download and wait for its thread (window closing)."""
        self._download.shutdown()

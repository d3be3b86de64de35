"""The hardware card: what this computer can train with, in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.memory import format_bytes


def device_summary(info: HardwareInfo | None) -> str:
    """The status-bar text: the GPU and its VRAM, or that only demo-sized models fit."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    if info is None:
        return translate("hardware", "Checking the hardware…")
    if info.cuda:
        vram = (format_bytes(info.vram_total) if info.vram_total
                else translate("hardware", "unknown VRAM"))
        return translate("hardware", "{gpu} · {vram} VRAM").format(gpu=info.device_name,
                                                                   vram=vram)
    return translate("hardware", "CPU only: demo-sized models")


class HardwareCard(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("This computer"), parent)
        form = QFormLayout(self)
        self.device = QLabel(self.tr("Checking…"))
        self.memory = QLabel("—")
        self.ram = QLabel("—")
        self.features = QLabel("—")
        self.backend = QLabel("—")
        for label in (self.device, self.memory, self.ram, self.features, self.backend):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        form.addRow(self.tr("Device:"), self.device)
        form.addRow(self.tr("GPU memory:"), self.memory)
        form.addRow(self.tr("RAM:"), self.ram)
        form.addRow(self.tr("Features:"), self.features)
        form.addRow(self.tr("Training method:"), self.backend)

    def set_info(self, info: HardwareInfo) -> None:
        from dpo_desktop.core.hardware import choose_backend

        self.device.setText(info.device_name if info.cuda else self.tr(
            "No NVIDIA GPU found: training runs on the CPU ({cores} cores)").format(
            cores=info.cpu_cores))
        if info.cuda and info.vram_total:
            self.memory.setText(self.tr("{free} free of {total}").format(
                free=format_bytes(info.vram_free or 0), total=format_bytes(info.vram_total)))
        else:
            self.memory.setText(self.tr("none"))
        if info.ram_total:
            self.ram.setText(self.tr("{free} available of {total}").format(
                free=format_bytes(info.ram_available or 0), total=format_bytes(info.ram_total)))
        yes, no = self.tr("yes"), self.tr("no")
        if info.cuda:
            bf16, bnb = (yes if info.bf16 else no), (yes if info.bitsandbytes else no)
        else:  # both describe the CPU here: say so, so "yes" is not read as a GPU feature
            bf16 = self.tr("yes (on the CPU)") if info.bf16 else no
            bnb = self.tr("yes (on the CPU)") if info.bitsandbytes else no
        self.features.setText(self.tr("bf16: {bf16} · 4-bit (bitsandbytes): {bnb} · unsloth: "
                                      "{unsloth}").format(bf16=bf16, bnb=bnb,
                                                          unsloth=yes if info.unsloth else no))
        backend = choose_backend(info)
        texts = {"cpu-lora": self.tr("LoRA on the CPU (slow: meant for the demo and models "
                                     "under 0.5B)"),
                 "qlora": self.tr("QLoRA: 4-bit model on the GPU"),
                 "unsloth": self.tr("QLoRA with unsloth's faster kernels")}
        text = texts.get(backend, backend)
        if backend == "cpu-lora" and info.bitsandbytes:
            text += self.tr("; a model too big for the RAM in full precision trains in 4-bit "
                            "instead (slower)")
        self.backend.setText(text)

"""Health hints in plain words, from the metrics seen so far.

Pure functions over events (no widgets), so they are easy to test; the Train page shows
what they return. Thresholds are rules of thumb from DPO practice, not guarantees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from dpo_desktop.core.events import MemorySample, StepMetrics

LN2 = math.log(2)  # the DPO loss when chosen and rejected score the same
STUCK_STEPS = 10
OVERFIT_STEPS = 5
MARGIN_EXPLODING = 10.0
MEMORY_FULL = 0.92


def hints(steps: Sequence[StepMetrics], memory: MemorySample | None = None
          ) -> list[tuple[str, str]]:
    """``(code, text)`` for each problem visible in the metrics so far."""
    found: list[tuple[str, str]] = []
    if any(not math.isfinite(s.loss) for s in steps):
        found.append(("nan_loss", QCoreApplication.translate("health",
            "The loss became NaN (not a number): training has diverged. Lower the learning "
            "rate (for example to 1e-4) and check the data for empty or extremely long rows.")))
    recent = steps[-STUCK_STEPS:]
    if len(recent) == STUCK_STEPS and all(
            abs(s.loss - LN2) < 0.005 and abs(s.rewards_margin or 0.0) < 0.01 for s in recent):
        found.append(("stuck", QCoreApplication.translate("health",
            "The loss is stuck at 0.693 with zero rewards after {n} steps: the model is not "
            "learning a preference. The learning rate may be too low, or the chosen and "
            "rejected answers may be too alike.").format(n=len(steps))))
    tail = steps[-OVERFIT_STEPS:]
    if len(tail) == OVERFIT_STEPS and all(
            (s.rewards_accuracy or 0.0) >= 0.999 for s in tail) and \
            (tail[-1].rewards_margin or 0.0) > MARGIN_EXPLODING and \
            (tail[-1].rewards_margin or 0.0) > (tail[0].rewards_margin or 0.0):
        found.append(("overfitting", QCoreApplication.translate("health",
            "Accuracy is 1.0 and the reward margin keeps growing: the model is memorising the "
            "training pairs. Use fewer epochs, a lower learning rate or a higher beta, or add "
            "data.")))
    if memory is not None and memory.total:
        used = memory.nvml_used or memory.reserved or memory.allocated
        if used / memory.total > MEMORY_FULL:
            found.append(("memory_full", QCoreApplication.translate("health",
                "GPU memory is nearly full ({share:.0%}). If the run fails with out of memory, "
                "lower the batch size or the max length.").format(share=used / memory.total)))
    return found

"""An engine double that replays recorded events and obeys pause/stop like the real one.

Each training step waits for a permit from ``steps`` (a semaphore the test releases), so
tests decide exactly when steps happen; no sleeps, no torch.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, ClassVar

from dpo_desktop.core.events import Event, Finished, StepMetrics
from dpo_desktop.core.training import RunResult
from tests.gui.events import recorded_run


class FakeEngine:
    steps = threading.Semaphore(0)
    events: ClassVar[list[Event]] = recorded_run()
    configs: ClassVar[list[Any]] = []

    def __init__(self, control: Any) -> None:
        self.control = control

    def run(self, config: Any, on_event: Any) -> RunResult:
        FakeEngine.configs.append(config)
        root = Path(config.output_dir)
        (root / "adapter").mkdir(parents=True, exist_ok=True)
        for event in self.events:
            if isinstance(event, StepMetrics):
                while not FakeEngine.steps.acquire(timeout=0.05):
                    if self.control.stop_requested:
                        break
                self.control.wait_while_paused(0.05)
                if self.control.stop_requested:
                    on_event(Finished(status="cancelled", message="Stopped."))
                    return RunResult("cancelled", root, "Stopped.")
            on_event(event)
        return RunResult("completed", root, "Finished.")

    @classmethod
    def reset(cls) -> None:
        cls.steps = threading.Semaphore(0)
        cls.configs = []

"""Recorded engine events for GUI tests that must not load torch."""

from __future__ import annotations

import math

from dpo_desktop.core.events import (
    EvalMetrics,
    Event,
    Finished,
    LogLine,
    MemorySample,
    PhaseChanged,
    StepMetrics,
)


def recorded_run(steps: int = 12, *, stuck: bool = False) -> list[Event]:
    """A plausible run: phases, steps with memory samples, an eval, then Finished."""
    events: list[Event] = [PhaseChanged("loading_model", "Loading demo…"),
                           LogLine("info", "Backend: cpu-lora."),
                           EvalMetrics(step=0, rewards_accuracy=0.5, rewards_margin=0.0,
                                       label="before"),
                           PhaseChanged("training", "Training (cpu-lora)…")]
    for step in range(1, steps + 1):
        loss = math.log(2) if stuck else 0.69 * math.exp(-step / 8)
        margin = 0.0 if stuck else step * 0.2
        events.append(StepMetrics(step=step, max_steps=steps, epoch=step / steps, loss=loss,
                                  rewards_margin=margin, rewards_accuracy=0.5 if stuck else 0.8,
                                  tokens_per_second=900.0 + step, eta_seconds=steps - step))
        events.append(MemorySample(device="cpu", allocated=(1 + step) * 2**28))
        if step == steps // 2:
            events.append(EvalMetrics(step=step, loss=0.5, rewards_accuracy=0.75,
                                      rewards_margin=0.4))
    events.append(Finished(status="completed", message=f"Finished {steps} steps."))
    return events

"""The bridge from TRL's trainer to our events, and the place pause and stop take effect.

The trainer calls these hooks on its own thread between steps; they turn its log dicts
(``loss``, ``rewards/chosen`` …) into :class:`StepMetrics` / :class:`EvalMetrics`, add
timing, throughput, an ETA and memory samples, and honour :class:`TrainingControl`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from transformers import TrainerCallback

from dpo_desktop.core.events import EvalMetrics, EventCallback, MemorySample, StepMetrics
from dpo_desktop.core.hardware import process_rss
from dpo_desktop.core.training.control import TrainingControl

ETA_SMOOTHING = 0.3  # weight of the newest step in the moving average of step time


def memory_sample() -> MemorySample:
    """CUDA allocator figures (plus NVML where present) on a GPU, process RSS on the CPU."""
    import torch

    if not torch.cuda.is_available():
        return MemorySample(device="cpu", allocated=process_rss())
    index = torch.cuda.current_device()
    free, total = torch.cuda.mem_get_info(index)
    return MemorySample(
        device=f"cuda:{index}", allocated=int(torch.cuda.memory_allocated(index)),
        reserved=int(torch.cuda.memory_reserved(index)),
        peak=int(torch.cuda.max_memory_allocated(index)), total=int(total),
        nvml_used=int(total - free))


def _max_over_ranks(value: int) -> int:
    """``value`` MAX-ed over all ranks under torchrun / accelerate launch; as is otherwise.

    A stop must take effect on every rank at the same step, and the same kind of stop
    (a quick one skips the "after" scoring, which gathers across ranks): a rank that stops
    alone leaves the others waiting forever in the next all-reduce.
    """
    import torch
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return value
    device = (torch.device("cuda", torch.cuda.current_device())
              if dist.get_backend() == "nccl" else torch.device("cpu"))
    tensor = torch.tensor([value], device=device)
    dist.all_reduce(tensor, op=dist.ReduceOp.MAX)
    return int(tensor.item())


def _float(logs: dict[str, Any], key: str) -> float | None:
    value = logs.get(key)
    return float(value) if isinstance(value, int | float) else None


class EventBridge(TrainerCallback):
    """Emits events from trainer hooks and applies pause/stop between steps."""

    def __init__(self, emit: EventCallback, control: TrainingControl,
                 set_status: Callable[[str], None]) -> None:
        self.emit = emit
        self.control = control
        self.set_status = set_status
        self._last_step_end = time.perf_counter()
        self._step_seconds: float | None = None  # smoothed
        self._last_step_raw: float | None = None
        self._tokens_mark: tuple[float, int] | None = None

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self._last_step_end = time.perf_counter()
        self._tokens_mark = (self._last_step_end, int(state.num_input_tokens_seen or 0))

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        now = time.perf_counter()
        raw = now - self._last_step_end
        self._last_step_raw = raw
        self._step_seconds = raw if self._step_seconds is None else (
            ETA_SMOOTHING * raw + (1 - ETA_SMOOTHING) * self._step_seconds)
        if self.control.pause_requested and not self.control.stop_requested:
            self.set_status("paused")
            self.control.wait_while_paused()
            self.set_status("running")
        local = 2 if self.control.quick_stop else int(self.control.stop_requested)
        agreed = _max_over_ranks(local)
        if agreed > local:  # another rank got Ctrl-C: stop at the same step as it does
            self.control.stop(quick=agreed == 2)
        if self.control.stop_requested:
            # A full checkpoint (adapter, optimizer, scheduler, RNG, trainer state) at this
            # step, so that continuing the run picks up exactly here.
            control.should_training_stop = True
            control.should_save = True
        self._last_step_end = time.perf_counter()  # a pause does not count as step time

    def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None,
               **kwargs: Any) -> None:
        logs = logs or {}
        step = int(state.global_step)
        if "loss" in logs:
            remaining = max(int(state.max_steps) - step, 0)
            eta = None if self._step_seconds is None else remaining * self._step_seconds
            self.emit(StepMetrics(
                step=step, max_steps=int(state.max_steps), epoch=float(state.epoch or 0.0),
                loss=float(logs["loss"]), rewards_chosen=_float(logs, "rewards/chosen"),
                rewards_rejected=_float(logs, "rewards/rejected"),
                rewards_margin=_float(logs, "rewards/margins"),
                rewards_accuracy=_float(logs, "rewards/accuracies"),
                learning_rate=_float(logs, "learning_rate"), grad_norm=_float(logs, "grad_norm"),
                tokens_per_second=self._tokens_per_second(state),
                step_seconds=self._last_step_raw, eta_seconds=eta))
            self.emit(memory_sample())
        elif "eval_loss" in logs:
            self.emit(EvalMetrics(
                step=step, loss=_float(logs, "eval_loss"),
                rewards_accuracy=_float(logs, "eval_rewards/accuracies"),
                rewards_margin=_float(logs, "eval_rewards/margins"), label="eval"))

    def _tokens_per_second(self, state: Any) -> float | None:
        seen = int(state.num_input_tokens_seen or 0)
        now = time.perf_counter()
        mark, self._tokens_mark = self._tokens_mark, (now, seen)
        if mark is None or seen <= mark[1] or now <= mark[0]:
            return None
        return (seen - mark[1]) / (now - mark[0])

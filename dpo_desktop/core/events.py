"""The events the engine emits while it works.

Every event is a frozen dataclass of plain values (numbers, strings, tuples): never a
tensor, model or trainer, so events can cross threads and processes, be written to
``metrics.jsonl`` one per line, and be read back with :func:`event_from_dict`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from dpo_desktop.core.i18n import PlainValue

if TYPE_CHECKING:
    from dpo_desktop.core.errors import UserError

Phase = Literal[
    "loading_model", "preparing_data", "precomputing_reference", "evaluating", "training",
    "saving", "merging", "writing_gguf", "verifying", "generating", "downloading",
]


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Event:
    time: float = field(default_factory=_now, kw_only=True)

    @property
    def kind(self) -> str:
        return type(self).__name__

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class PhaseChanged(Event):
    phase: Phase
    message: str = ""
    # Progress within the phase, when known (e.g. bytes downloaded, tensors written).
    current: int | None = None
    total: int | None = None
    # The phase's remaining time, and the fraction done of a job of several phases (one
    # progress bar over a whole export), when known.
    eta_seconds: float | None = None
    overall: float | None = None


@dataclass(frozen=True)
class StepMetrics(Event):
    step: int
    max_steps: int
    epoch: float
    loss: float
    rewards_chosen: float | None = None
    rewards_rejected: float | None = None
    rewards_margin: float | None = None
    rewards_accuracy: float | None = None
    learning_rate: float | None = None
    grad_norm: float | None = None
    tokens_per_second: float | None = None
    step_seconds: float | None = None
    eta_seconds: float | None = None


@dataclass(frozen=True)
class EvalMetrics(Event):
    step: int
    loss: float | None = None
    rewards_accuracy: float | None = None
    rewards_margin: float | None = None
    label: str = "eval"  # "before" / "after" for the held-out accuracy around training


@dataclass(frozen=True)
class MemorySample(Event):
    """Bytes. On the CPU, ``allocated`` is the process RSS and the CUDA fields are None."""

    device: str
    allocated: int
    reserved: int | None = None
    peak: int | None = None
    total: int | None = None
    nvml_used: int | None = None


@dataclass(frozen=True)
class LogLine(Event):
    level: Literal["debug", "info", "warning", "error"]
    message: str
    code: str = ""
    # The marked template behind ``message`` and its values (see core/i18n.py).
    template: str = ""
    params: tuple[tuple[str, PlainValue], ...] = ()


    @classmethod
    def of(cls, level: Literal["debug", "info", "warning", "error"], code: str, template: str,
           **params: Any) -> LogLine:
        """The line with its English text rendered from a marked ``template``."""
        from dpo_desktop.core.i18n import plain_params, render

        return cls(level, render(template, params), code=code, template=template,
                   params=plain_params(params))


@dataclass(frozen=True)
class Finished(Event):
    status: Literal["completed", "cancelled"]
    outputs: tuple[tuple[str, str], ...] = ()  # (name, path) pairs, e.g. ("adapter", "/…")
    message: str = ""


@dataclass(frozen=True)
class Failed(Event):
    message: str
    hint: str = ""
    detail: str = ""
    code: str = ""
    # The error's params as (name, value) pairs, so the GUI can fill a translated template.
    params: tuple[tuple[str, PlainValue], ...] = ()
    # The marked templates behind message and hint (core/i18n.py); "" when there are none.
    template: str = ""
    hint_template: str = ""

    @classmethod
    def of(cls, error: UserError) -> Failed:
        """The event that reports ``error`` (a ``UserError``), templates and params included."""
        from dpo_desktop.core.i18n import plain_params

        return cls(message=error.message, hint=error.hint, detail=error.detail,
                   code=error.code, params=plain_params(error.params),
                   template=error.template, hint_template=error.hint_template)


@dataclass(frozen=True)
class TokenGenerated(Event):
    """A piece of streamed text from generation; ``side`` is e.g. "before" or "after"."""

    side: str
    text: str


EventCallback = Callable[[Event], None]

EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (PhaseChanged, StepMetrics, EvalMetrics, MemorySample, LogLine, Finished, Failed,
                TokenGenerated)
}


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an event written by :meth:`Event.to_dict` (e.g. a line of metrics.jsonl)."""
    values = dict(data)
    cls = EVENT_TYPES[values.pop("event")]
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {
        k: (tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v)
        for k, v in values.items() if k in names}
    return cls(**kwargs)


def ignore_events(event: Event) -> None:
    """The default callback: do nothing."""

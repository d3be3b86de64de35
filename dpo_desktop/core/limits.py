"""Limits of a setting (lowest, highest, allowed choices), kept in its dataclass field's
metadata next to its help text, so validation and every settings editor read one place.

A settings dataclass (``RunConfig``'s sections, ``GenerationSettings``, ``PairSettings``)
declares its fields' metadata with :func:`metadata`. Core checks a value with :func:`problem`; the
GUI builds a spin box or a combo box from :func:`limits_of` (``gui/widgets/settings_form``),
so no editor repeats a number.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Limits:
    """``low``/``high`` are inclusive unless ``low_open``/``high_open``; ``step`` and
    ``decimals`` only shape editors (how far an arrow click moves, digits shown)."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()
    step: float | None = None
    decimals: int | None = None

    def allows(self, value: Any) -> bool:
        if self.choices:
            return value in self.choices
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return not (self.high is not None
                    and (value > self.high or (self.high_open and value == self.high)))

    def describe(self) -> str:
        """The range in words for messages: "0 to 0.5", "above 0", "at least 1"."""
        low, high = _number(self.low), _number(self.high)
        if self.low is not None and self.high is not None:
            left, right = "(" if self.low_open else "[", ")" if self.high_open else "]"
            if not (self.low_open or self.high_open):
                return f"{low} to {high}"
            return f"{left}{low}, {high}{right}"
        if self.low is not None:
            return f"above {low}" if self.low_open else f"at least {low}"
        if self.high is not None:
            return f"below {high}" if self.high_open else f"at most {high}"
        return ""

    def notation(self) -> str:
        """The range in symbols, the same in every language: "0–2", "> 0", "[0, 0.5)"."""
        low, high = _number(self.low), _number(self.high)
        if self.low is not None and self.high is not None:
            if not (self.low_open or self.high_open):
                return f"{low}–{high}"
            return f"{'(' if self.low_open else '['}{low}, {high}{')' if self.high_open else ']'}"
        if self.low is not None:
            return f"{'>' if self.low_open else '≥'} {low}"
        if self.high is not None:
            return f"{'<' if self.high_open else '≤'} {high}"
        return ""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def metadata(help: str, *, choices: Sequence[str] = (), **limits: Any) -> dict[str, Any]:
    """A settings field's metadata: its help text and its :class:`Limits` (``low``,
    ``high``, ``low_open``, ``high_open``, ``step``, ``decimals``) and ``choices``.
    Use as ``field(default=..., metadata=metadata("Help.", low=0.0, high=0.5))``."""
    return {"help": help, **({"choices": tuple(choices)} if choices else {}),
            "limits": Limits(choices=tuple(choices), **limits)}


def limits_of(owner: Any, name: str) -> Limits:
    """The limits of field ``name`` of dataclass ``owner`` (a class or an instance)."""
    for item in dataclasses.fields(owner):
        if item.name == name:
            limits = item.metadata.get("limits")
            if isinstance(limits, Limits):
                return limits
            choices = item.metadata.get("choices")
            return Limits(choices=tuple(choices)) if choices else Limits()
    raise KeyError(name)


def problem(owner: Any, name: str, value: Any) -> str | None:
    """Why ``value`` does not fit field ``name``'s limits, or None when it does."""
    limits = limits_of(owner, name)
    if limits.allows(value):
        return None
    if limits.choices:
        return f"“{value}” is not one of {', '.join(limits.choices)}."
    return f"{value} is outside {limits.describe()}."


def check_limits(settings: Any, prefix: str = "") -> None:
    """Raise a ``bad_setting`` :class:`UserError` naming the first field of ``settings``
    (a dataclass instance) whose value is outside its limits."""
    for item in dataclasses.fields(settings):
        value = getattr(settings, item.name)
        limits = limits_of(settings, item.name)
        if limits.allows(value):
            continue
        name = f"{prefix}{item.name}"
        if limits.choices:
            raise UserError.of(
                "bad_setting",
                QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a choice."),
                QT_TRANSLATE_NOOP("messages", "Choose one of: {choices}."),
                setting=name, value=value, choices=", ".join(limits.choices))
        raise UserError.of(
            "bad_setting",
            QT_TRANSLATE_NOOP("messages", "Setting {setting}: {value} is outside {range}."),
            QT_TRANSLATE_NOOP("messages", "Use a value in {range}."),
            setting=name, value=value, range=limits.notation())

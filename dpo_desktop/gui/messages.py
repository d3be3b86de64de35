"""Core messages in the UI language: templates translated, params filled, labels by code.

Core speaks in codes, marked English templates and params (core/i18n.py): every
``UserError``, ``Failed``, data ``Issue`` and ``LogLine`` carries the template it was
rendered from. This module translates that template (context ``messages``) and fills in
the same params, with the words derived from them (row, cell, field names) in the UI
language too. Nothing here reads English text back into values; a message without a
template is shown as core wrote it.

What is left are labels and code tables: phases, the end of a run, setting labels and
section titles, and model names. Setting tooltips are the core help texts (marked in
core/config.py, core/generation.py and core/pairs.py), translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from dpo_desktop.core.i18n import CONTEXT, QT_TRANSLATE_NOOP, derived


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _translated(template: str) -> str | None:
    """The template in the UI language, or None when it has no translation."""
    text = _tr(template)
    return None if text == template else text


# Catalog names that are words, not product names: the demo's "(embedded demo)".
MODEL_NAMES = {"demo": QT_TRANSLATE_NOOP("messages", "SmolLM2 135M Instruct (embedded demo)")}


def model_name(spec: str, name: str) -> str:
    """A catalog entry's name in the UI language (``name`` when it has no translation)."""
    template = MODEL_NAMES.get(spec)
    return (_translated(template) if template else None) or name


def translate_note(note: str) -> str:
    """A catalog entry's note (marked in core/catalog.py) in the UI language."""
    return _tr(note) if note else note


def render(template: str, params: Mapping[str, Any] | Any = ()) -> str:
    """A core template in the UI language, filled from its ``params`` (a mapping or
    ``(key, value)`` pairs) and the words derived from them (core/i18n.py ``derived``).

    A translated template names a setting by its label (“ベータ”); untranslated, the
    template is filled in English exactly as core did, so a message is never lost.
    """
    raw = dict(params) if params else {}
    values = derived(raw, _tr)
    text = _translated(template)
    if text is not None and isinstance(raw.get("setting"), str):
        section, _, name = str(raw["setting"]).rpartition(".")
        values["setting"] = setting_label(section, name)
    for candidate in (text, template):
        if candidate is None:
            continue
        try:
            return candidate.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return template


def translate_error(error: Any) -> tuple[str, str]:
    """``(message, hint)`` of a ``UserError`` or ``Failed`` in the UI language; the core
    English when the error carries no template."""
    message = str(getattr(error, "message", "") or error)
    hint = str(getattr(error, "hint", "") or "")
    template = str(getattr(error, "template", "") or "")
    if not template:
        return message, hint
    params = getattr(error, "params", None) or {}
    hint_template = str(getattr(error, "hint_template", "") or "")
    return render(template, params), (render(hint_template, params) if hint_template else hint)


def translate_issue(issue: Any) -> str:
    """The text of a data ``Issue`` in the UI language."""
    template = getattr(issue, "template", "")
    return render(template, issue.params) if template else str(issue.message)


def translate_log(code: str, message: str, template: str = "", params: Any = ()) -> str:
    """A ``LogLine``'s text in the UI language (``code`` is kept for callers' filters)."""
    return render(template, params) if template else message


# ----------------------------------------------------------------- events

PHASES = {
    "loading_model": QT_TRANSLATE_NOOP("messages", "Loading the model…"),
    "downloading": QT_TRANSLATE_NOOP("messages", "Downloading the model…"),
    "preparing_data": QT_TRANSLATE_NOOP("messages", "Preparing the data…"),
    "precomputing_reference": QT_TRANSLATE_NOOP("messages", "Scoring the pairs with the "
                                                            "original model…"),
    "evaluating": QT_TRANSLATE_NOOP("messages", "Measuring the held-out pairs…"),
    "training": QT_TRANSLATE_NOOP("messages", "Training…"),
    "saving": QT_TRANSLATE_NOOP("messages", "Saving the adapter…"),
    "merging": QT_TRANSLATE_NOOP("messages", "Merging the adapter into the model…"),
    "writing_gguf": QT_TRANSLATE_NOOP("messages", "Writing the GGUF file…"),
    "verifying": QT_TRANSLATE_NOOP("messages", "Checking the exported model…"),
    "generating": QT_TRANSLATE_NOOP("messages", "Writing answers…"),
}
FINISHED = {"completed": QT_TRANSLATE_NOOP("messages", "Training completed."),
            "cancelled": QT_TRANSLATE_NOOP("messages", "Training was stopped; the adapter "
                                                       "trained so far was saved.")}


def translate_phase(phase: str, message: str = "") -> str:
    """A PhaseChanged event's text: the phase's label, else the core message."""
    template = PHASES.get(phase)
    translated = _translated(template) if template else None
    return translated or message or phase


def translate_finished(status: str, message: str = "") -> str:
    template = FINISHED.get(status)
    return (_translated(template) if template else None) or message


# ----------------------------------------------------------------- settings

SECTION_TITLES = {"model": QT_TRANSLATE_NOOP("messages", "Model loading"),
                  "data": QT_TRANSLATE_NOOP("messages", "Data"),
                  "training": QT_TRANSLATE_NOOP("messages", "Training"),
                  "lora": QT_TRANSLATE_NOOP("messages", "LoRA adapter")}

# "section.field" -> the label of a RunConfig setting (its tooltip is the core help text).
LABELS = {
    "name": QT_TRANSLATE_NOOP("messages", "Name"),
    "output_dir": QT_TRANSLATE_NOOP("messages", "Output dir"),
    "model.spec": QT_TRANSLATE_NOOP("messages", "Spec"),
    "model.backend": QT_TRANSLATE_NOOP("messages", "Backend"),
    "model.allow_pickle": QT_TRANSLATE_NOOP("messages", "Allow pickle"),
    "model.trust_remote_code": QT_TRANSLATE_NOOP("messages", "Trust remote code"),
    "data.path": QT_TRANSLATE_NOOP("messages", "Path"),
    "data.mapping": QT_TRANSLATE_NOOP("messages", "Mapping"),
    "data.sheet": QT_TRANSLATE_NOOP("messages", "Sheet"),
    "data.eval_fraction": QT_TRANSLATE_NOOP("messages", "Eval fraction"),
    "training.beta": QT_TRANSLATE_NOOP("messages", "Beta"),
    "training.loss_type": QT_TRANSLATE_NOOP("messages", "Loss type"),
    "training.label_smoothing": QT_TRANSLATE_NOOP("messages", "Label smoothing"),
    "training.rpo_alpha": QT_TRANSLATE_NOOP("messages", "Rpo alpha"),
    "training.learning_rate": QT_TRANSLATE_NOOP("messages", "Learning rate"),
    "training.lr_scheduler": QT_TRANSLATE_NOOP("messages", "Lr scheduler"),
    "training.warmup_ratio": QT_TRANSLATE_NOOP("messages", "Warmup ratio"),
    "training.epochs": QT_TRANSLATE_NOOP("messages", "Epochs"),
    "training.max_steps": QT_TRANSLATE_NOOP("messages", "Max steps"),
    "training.batch_size": QT_TRANSLATE_NOOP("messages", "Batch size"),
    "training.grad_accumulation": QT_TRANSLATE_NOOP("messages", "Grad accumulation"),
    "training.max_length": QT_TRANSLATE_NOOP("messages", "Max length"),
    "training.truncation": QT_TRANSLATE_NOOP("messages", "Truncation"),
    "training.seed": QT_TRANSLATE_NOOP("messages", "Seed"),
    "training.precompute_reference": QT_TRANSLATE_NOOP("messages", "Precompute reference"),
    "training.eval_steps": QT_TRANSLATE_NOOP("messages", "Eval steps"),
    "training.save_steps": QT_TRANSLATE_NOOP("messages", "Save steps"),
    "training.gradient_checkpointing": QT_TRANSLATE_NOOP("messages", "Gradient checkpointing"),
    "training.liger_kernel": QT_TRANSLATE_NOOP("messages", "Liger kernels"),
    "lora.r": QT_TRANSLATE_NOOP("messages", "R"),
    "lora.alpha": QT_TRANSLATE_NOOP("messages", "Alpha"),
    "lora.dropout": QT_TRANSLATE_NOOP("messages", "Dropout"),
    "lora.target_modules": QT_TRANSLATE_NOOP("messages", "Target modules"),
}


def _key(section: str, name: str) -> str:
    return f"{section}.{name}" if section else name


def section_title(section: str) -> str:
    return _tr(SECTION_TITLES[section]) if section in SECTION_TITLES else section


def setting_label(section: str, name: str) -> str:
    """The label of a RunConfig field, e.g. ``setting_label("training", "beta")``."""
    label = LABELS.get(_key(section, name))
    return _tr(label) if label else name.replace("_", " ").capitalize()


def setting_help(section: str, name: str) -> str:
    """A RunConfig field's tooltip: its core help text (a marked template), translated."""
    from dpo_desktop.core.config import help_text

    try:
        return help_text_tip(help_text(section, name))
    except KeyError:
        return ""


def help_text_tip(text: str) -> str:
    """A marked core help text (any settings dataclass's ``help``) in the UI language."""
    return _tr(text) if text else text

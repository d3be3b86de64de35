"""``RunConfig``: every choice a training run depends on, with help text and validation.

The help text on each field is the single source for GUI tooltips and CLI ``--help``.
A config is saved as ``run.toml`` in the run directory and can be run again as it is.
All checking happens in :func:`validate`, which names the setting and how to fix it.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dpo_desktop.core.data.types import FIELDS as MAPPING_KEYS
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import CHOOSE_ONE, QT_TRANSLATE_NOOP
from dpo_desktop.core.limits import limits_of
from dpo_desktop.core.limits import metadata as _help  # help text + limits of a field

# tomllib is in the standard library from 3.11; 3.10 needs the tomli backport.
tomllib: Any = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

BACKENDS = ("auto", "unsloth", "qlora", "cpu-lora")
LOSS_TYPES = ("sigmoid", "ipo", "hinge", "robust", "bco_pair", "sppo_hard", "nca_pair",
              "apo_zero", "apo_down")
SCHEDULERS = ("linear", "cosine", "constant", "constant_with_warmup", "cosine_with_restarts",
              "polynomial", "inverse_sqrt")
TRUNCATION_MODES = ("keep_start", "keep_end")




@dataclass(frozen=True)
class ModelSettings:
    spec: str = field(default="demo", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The base model: “demo” (the embedded SmolLM2-135M-Instruct), a Hugging Face model "
        "folder, a .gguf file, or a hub id such as HuggingFaceTB/SmolLM2-360M-Instruct.")))
    backend: str = field(default="auto", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "How to train: “auto” picks unsloth, then qlora on an NVIDIA GPU; without one, "
        "cpu-lora, or qlora when only a 4-bit model fits in RAM. “qlora” loads the model in "
        "4-bit (on a CPU: far less memory, but slower); “cpu-lora” trains in full precision "
        "on the CPU (slow, for small models)."), choices=BACKENDS))
    allow_pickle: bool = field(default=False, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Allow checkpoints stored only as pickle files (.bin/.pt). Pickles can run code when "
        "loaded: turn this on only for sources you trust.")))
    trust_remote_code: bool = field(default=False, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Allow a model to run its own Python code while loading. Only for authors you trust.")))


@dataclass(frozen=True)
class DataSettings:
    path: str = field(default="", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The preference data file (CSV, TSV, JSONL, JSON, Parquet or XLSX). Empty: the bundled "
        "English support sample.")))
    mapping: tuple[tuple[str, str], ...] = field(default=(), metadata=_help(QT_TRANSLATE_NOOP(
        "messages",
        "Which column holds prompt, chosen, rejected (and optionally system). Empty: detected "
        "from the header.")))
    sheet: str = field(default="", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The XLSX sheet to read. Empty: the first sheet.")))
    eval_fraction: float = field(default=0.15, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Share of pairs held out to measure preference accuracy before and after training "
        "(0 to 0.5)."), low=0.0, high=0.5))


@dataclass(frozen=True)
class TrainingSettings:
    beta: float = field(default=0.1, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "How far the model may drift from the original. Higher keeps it closer; 0.1 is usual."),
        low=0.0, low_open=True))
    loss_type: str = field(default="sigmoid", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The DPO loss. “sigmoid” is standard DPO; ipo, hinge, robust, bco_pair, sppo_hard, "
        "nca_pair, apo_zero and apo_down are variants."), choices=LOSS_TYPES))
    label_smoothing: float = field(default=0.0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "For the robust loss: the share of labels you think are wrong (0 to 0.5)."),
        low=0.0, high=0.5, high_open=True))
    rpo_alpha: float = field(default=0.0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Weight of an extra supervised (NLL) term on the chosen answers (RPO). 0 turns it off; "
        "1.0 is the paper's value."), low=0.0))
    learning_rate: float = field(default=5e-4, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Step size for the LoRA weights. 1e-4 to 5e-4 suits LoRA; too high makes the loss jump."),
        low=0.0, low_open=True, high=0.1))
    lr_scheduler: str = field(default="cosine", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "How the learning rate changes over the run."), choices=SCHEDULERS))
    warmup_ratio: float = field(default=0.1, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Share of the steps spent ramping the learning rate up from 0 (0 to 0.5)."),
        low=0.0, high=0.5))
    epochs: float = field(default=3.0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Passes over the training pairs. Ignored when max steps is set."), low=0.0, low_open=True))
    max_steps: int = field(default=0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Stop after this many optimizer steps. 0: use epochs."), low=0))
    batch_size: int = field(default=4, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Pairs per step on the device. Lower it if memory runs out."), low=1))
    grad_accumulation: int = field(default=1, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Steps whose gradients are summed before an update: the effective batch is "
        "batch size × this, at the memory cost of one batch."), low=1))
    max_length: int = field(default=512, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Longest prompt + answer in tokens; longer pairs are cut. Lower it if memory runs out."),
        low=16))
    truncation: str = field(default="keep_start", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Which part of an over-long pair to keep: the start (keep_start) or the end (keep_end)."),
        choices=TRUNCATION_MODES))
    seed: int = field(default=42, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Random seed for the split, the adapter's start and the data order: same seed, same run."),
        low=0, high=2**31 - 1))
    precompute_reference: bool = field(default=False, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Compute the original model's scores once before training instead of at every step: "
        "faster steps and less memory, a short wait at the start. Off: on by itself when the "
        "run covers the data more than once.")))
    eval_steps: int = field(default=0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Measure the held-out pairs every N steps. 0: only before and after training."), low=0))
    save_steps: int = field(default=10, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Write a checkpoint every N steps, so a crash can resume (the last two are kept)."),
        low=1))
    gradient_checkpointing: bool = field(default=False, metadata=_help(QT_TRANSLATE_NOOP(
        "messages",
        "Recompute activations instead of storing them: much less memory, about 30% slower. "
        "Off: on by itself when the memory estimate does not fit. Always on for qlora.")))
    liger_kernel: bool = field(default=True, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "On an NVIDIA GPU, use Liger-Kernel's fused layers when liger-kernel is installed "
        "(pip install dpo-desktop[liger]): faster steps, less memory. No effect on the CPU.")))


@dataclass(frozen=True)
class LoraSettings:
    r: int = field(default=16, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "LoRA rank: the adapter's capacity. 8 to 64; higher learns more and uses more memory."),
        low=1))
    alpha: int = field(default=32, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "LoRA scaling; usually twice the rank."), low=1))
    dropout: float = field(default=0.0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Dropout inside the adapter (0 to 0.5); helps against overfitting small data sets."),
        low=0.0, high=1.0, high_open=True))
    target_modules: tuple[str, ...] = field(
        default=("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"),
        metadata=_help(QT_TRANSLATE_NOOP("messages",
                                         "The layers that get an adapter, or “all-linear” for "
                                         "every linear layer.")))


@dataclass(frozen=True)
class RunConfig:
    name: str = field(default="", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The run's name, used for its folder. Empty: the date and time.")))
    output_dir: str = field(default="", metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The run directory. Empty: <runs folder>/<name>.")))
    model: ModelSettings = field(default_factory=ModelSettings)
    data: DataSettings = field(default_factory=DataSettings)
    training: TrainingSettings = field(default_factory=TrainingSettings)
    lora: LoraSettings = field(default_factory=LoraSettings)


SECTIONS = ("model", "data", "training", "lora")

# Presets change only the training section; they are starting points, not magic.
PRESETS: dict[str, dict[str, Any]] = {
    # The first demo run: about 2 minutes on a 2-core CPU, model load and both held-out
    # checks included (bench/demo_run.py), with held-out accuracy ≥ 0.9 on the sample.
    # No warmup: with 10 steps, one warmup step would be a step at learning rate 0.
    "quick test": {"max_steps": 10, "epochs": 1.0, "max_length": 256, "save_steps": 10,
                   "learning_rate": 1e-3, "warmup_ratio": 0.0},
    "balanced": {"max_steps": 0, "epochs": 3.0, "learning_rate": 5e-4, "max_length": 512,
                 "warmup_ratio": 0.1},
    "thorough": {"max_steps": 0, "epochs": 5.0, "learning_rate": 2e-4, "max_length": 1024,
                 "warmup_ratio": 0.1,
                 "grad_accumulation": 4, "eval_steps": 50, "save_steps": 50},
}


def apply_preset(config: RunConfig, preset: str) -> RunConfig:
    """``config`` with the named preset's training values (see :data:`PRESETS`)."""
    if preset not in PRESETS:
        raise UserError.of("bad_setting",
                           QT_TRANSLATE_NOOP("messages", "Unknown preset “{preset}”."),
                           CHOOSE_ONE,
                           setting="preset", preset=preset, choices=tuple(PRESETS))
    return replace(config, training=replace(config.training, **PRESETS[preset]))


def help_text(section: str, name: str) -> str:
    """The help text of a setting, e.g. ``help_text("training", "beta")``: a marked template
    (the GUI shows it translated as the tooltip, the CLI in English)."""
    owner: Any = RunConfig if section == "" else type(getattr(RunConfig(), section))
    for item in fields(owner):
        if item.name == name:
            return str(item.metadata.get("help", ""))
    raise KeyError(f"{section}.{name}")


# ---------------------------------------------------------------- validation

# Hints that several settings share (marked once).
USUAL_0_1 = QT_TRANSLATE_NOOP("messages", "0.1 is usual.")
LORA_LR = QT_TRANSLATE_NOOP("messages", "1e-4 to 5e-4 suits LoRA.")


def _bad(setting: str, template: str, hint: str, **params: Any) -> UserError:
    """A ``bad_setting`` error; ``template`` starts with “Setting {setting}: ”, which the GUI
    shows as the setting's label."""
    return UserError.of("bad_setting", template, hint, setting=setting, **params)


def validate(config: RunConfig) -> RunConfig:
    """Check every setting; raise a :class:`UserError` naming the first bad one."""
    m, d, t, lo = config.model, config.data, config.training, config.lora
    if not m.spec.strip():
        raise _bad("model.spec",
                   QT_TRANSLATE_NOOP("messages", "Setting {setting}: no model is set."),
                   QT_TRANSLATE_NOOP("messages", "Use “demo”, a folder, a .gguf file or a hub id."))
    if m.backend not in BACKENDS:
        raise _bad("model.backend", QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is "
                                                                  "not a backend."),
                   CHOOSE_ONE, value=m.backend, choices=BACKENDS)
    keys = [k for k, _ in d.mapping]
    for key in keys:
        if key not in MAPPING_KEYS:
            raise _bad("data.mapping",
                       QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a "
                                                     "mapping key."),
                       QT_TRANSLATE_NOOP("messages", "Use {choices}."), value=key,
                       choices=MAPPING_KEYS)
    if len(set(keys)) != len(keys):
        raise _bad("data.mapping", QT_TRANSLATE_NOOP("messages", "Setting {setting}: a key is "
                                                                 "mapped twice."),
                   QT_TRANSLATE_NOOP("messages", "Map each key to one column."))
    _within(d, "data.eval_fraction", QT_TRANSLATE_NOOP("messages", "0.1 or 0.15 is usual."))
    _within(t, "training.beta", USUAL_0_1)
    if t.loss_type not in LOSS_TYPES:
        raise _bad("training.loss_type",
                   QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a loss "
                                                 "type."),
                   CHOOSE_ONE, value=t.loss_type, choices=LOSS_TYPES)
    _within(t, "training.label_smoothing",
            QT_TRANSLATE_NOOP("messages", "Use 0, or about 0.1 with the robust loss."))
    if t.label_smoothing > 0 and t.loss_type not in ("robust", "sigmoid"):
        raise _bad("training.label_smoothing",
                   QT_TRANSLATE_NOOP("messages", "Setting {setting}: it has no effect with loss "
                                                 "“{loss}”."),
                   QT_TRANSLATE_NOOP("messages", "Set it to 0, or use the robust loss."),
                   loss=t.loss_type)
    _within(t, "training.rpo_alpha", QT_TRANSLATE_NOOP("messages", "Use 0 (off) or about 1."))
    _within(t, "training.learning_rate", LORA_LR)
    if t.lr_scheduler not in SCHEDULERS:
        raise _bad("training.lr_scheduler",
                   QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a "
                                                 "scheduler."),
                   CHOOSE_ONE, value=t.lr_scheduler, choices=SCHEDULERS)
    _within(t, "training.warmup_ratio", USUAL_0_1)
    _within(t, "training.max_steps",
            QT_TRANSLATE_NOOP("messages", "Use 0 to train for the given epochs, or a "
                                          "positive step count."))
    if t.max_steps == 0:
        _within(t, "training.epochs",
                QT_TRANSLATE_NOOP("messages", "Use 1 to 5 epochs, or set max steps."))
    _within(t, "training.batch_size", QT_TRANSLATE_NOOP("messages", "Use 1 to 8 on a small GPU."))
    _within(t, "training.grad_accumulation", QT_TRANSLATE_NOOP("messages", "Use 1 or more."))
    _within(t, "training.max_length", QT_TRANSLATE_NOOP("messages", "512 or 1024 is usual."))
    if t.truncation not in TRUNCATION_MODES:
        raise _bad("training.truncation",
                   QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a truncation "
                                                 "mode."),
                   QT_TRANSLATE_NOOP("messages", "Use keep_start or keep_end."), value=t.truncation)
    _within(t, "training.seed", QT_TRANSLATE_NOOP("messages", "42 is the default."))
    _within(t, "training.eval_steps", QT_TRANSLATE_NOOP("messages", "Use 0 (off) or a step count."))
    _within(t, "training.save_steps",
            QT_TRANSLATE_NOOP("messages", "Use a step count such as 10 or 50."))
    _within(lo, "lora.r", QT_TRANSLATE_NOOP("messages", "8 to 64 is usual."))
    _within(lo, "lora.alpha", QT_TRANSLATE_NOOP("messages", "Twice the rank is usual."))
    _within(lo, "lora.dropout", QT_TRANSLATE_NOOP("messages", "0 to 0.1 is usual."))
    if not lo.target_modules or any(not re.fullmatch(r"[\w.\-]+", x) for x in lo.target_modules):
        raise _bad("lora.target_modules",
                   QT_TRANSLATE_NOOP("messages", "Setting {setting}: the list is empty or has an "
                                                 "odd name."),
                   QT_TRANSLATE_NOOP("messages", "List layer names such as q_proj, v_proj, or use "
                                                 "all-linear."))
    if config.name and not re.fullmatch(r"[\w.\- ]+", config.name):
        raise _bad("name", QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” cannot be a "
                                                         "folder name."),
                   QT_TRANSLATE_NOOP("messages", "Use letters, digits, spaces, dots, dashes and "
                                                 "underscores."),
                   value=config.name)
    return config


def _within(section: Any, setting: str, hint: str) -> None:
    """Check one field against the limits in its metadata (``_help(..., low=, high=)``);
    ``hint`` is a marked template."""
    name = setting.rpartition(".")[2]
    value = getattr(section, name)
    limits = limits_of(section, name)
    if limits.allows(value):
        return
    if limits.high is None and limits.low is not None:
        template = (QT_TRANSLATE_NOOP("messages", "Setting {setting}: {value} must be above {low}.")
                    if limits.low_open else
                    QT_TRANSLATE_NOOP("messages", "Setting {setting}: {value} must be at least "
                                                  "{low}."))
        raise _bad(setting, template, hint, value=value, low=f"{limits.low:g}")
    raise _bad(setting, QT_TRANSLATE_NOOP("messages", "Setting {setting}: {value} is outside "
                                                      "{range}."),
               hint, value=value, range=limits.notation())


# ---------------------------------------------------------------- TOML


def config_to_dict(config: RunConfig) -> dict[str, Any]:
    """Plain values: sections as dicts, the mapping as a dict, tuples as lists."""
    out: dict[str, Any] = {"name": config.name, "output_dir": config.output_dir}
    for section in SECTIONS:
        values = dataclasses.asdict(getattr(config, section))
        if section == "data":
            values["mapping"] = dict(config.data.mapping)
        if section == "lora":
            values["target_modules"] = list(config.lora.target_modules)
        out[section] = values
    return out


def config_from_dict(data: Mapping[str, Any], source: str = "") -> RunConfig:
    """Build and validate a config; unknown or mistyped keys are named in the error.

    ``source`` names where the values came from (“run.toml”), for the messages.
    """
    top = {f.name for f in fields(RunConfig)} - set(SECTIONS)
    for key in data:
        if key == "resolved":  # informational, written by the engine into run.toml
            continue
        if key not in top and key not in SECTIONS:
            raise _bad(key, QT_TRANSLATE_NOOP("messages", "Setting {setting}: unknown setting in "
                                                          "{source}.")
                       if source else
                       QT_TRANSLATE_NOOP("messages", "Setting {setting}: unknown setting in the "
                                                     "settings."),
                       QT_TRANSLATE_NOOP("messages", "Known top-level keys: {known}."),
                       source=source, known=sorted(top | set(SECTIONS)))
    sections: dict[str, Any] = {}
    defaults = RunConfig()
    for section in SECTIONS:
        raw = data.get(section, {})
        if not isinstance(raw, Mapping):
            raise _bad(section,
                       QT_TRANSLATE_NOOP("messages", "Setting {setting}: must be a table."),
                       QT_TRANSLATE_NOOP("messages", "Write it as [{setting}]."))
        sections[section] = _section_from_dict(section, getattr(defaults, section), raw)
    config = RunConfig(name=_typed("name", data.get("name", ""), str),
                       output_dir=_typed("output_dir", data.get("output_dir", ""), str),
                       **sections)
    return validate(config)


def _section_from_dict(section: str, default: Any, raw: Mapping[str, Any]) -> Any:
    known = {f.name: f for f in fields(default)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        setting = f"{section}.{key}"
        if key not in known:
            raise _bad(setting,
                       QT_TRANSLATE_NOOP("messages", "Setting {setting}: unknown setting."),
                       QT_TRANSLATE_NOOP("messages", "Known: {known}."), known=tuple(known))
        current = getattr(default, key)
        if key == "mapping":
            if not isinstance(value, Mapping) or not all(isinstance(v, str)
                                                         for v in value.values()):
                raise _bad(setting,
                           QT_TRANSLATE_NOOP("messages", "Setting {setting}: must be a table of "
                                                         "key = \"column\"."),
                           QT_TRANSLATE_NOOP("messages", "For example: mapping = {{ prompt = "
                                                         "\"question\" }}"))
            values[key] = tuple((str(k), str(v)) for k, v in value.items())
        elif key == "target_modules":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                raise _bad(setting,
                           QT_TRANSLATE_NOOP("messages", "Setting {setting}: must be a list of "
                                                         "layer names."),
                           QT_TRANSLATE_NOOP("messages", "For example: [\"q_proj\", \"v_proj\"]"))
            values[key] = tuple(items)
        elif isinstance(current, bool):
            values[key] = _typed(setting, value, bool)
        elif isinstance(current, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _bad(setting, QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is "
                                                                  "not a number."),
                           QT_TRANSLATE_NOOP("messages", "Write a number such as 0.1."),
                           value=str(value))
            values[key] = float(value)
        elif isinstance(current, int):
            values[key] = _typed(setting, value, int)
        else:
            values[key] = _typed(setting, value, str)
    return replace(default, **values)


# What a mistyped value should have been, per type: (message, hint).
_TYPED = {
    bool: (QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not true or false."),
           QT_TRANSLATE_NOOP("messages", "Write true or false.")),
    int: (QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a whole number."),
          QT_TRANSLATE_NOOP("messages", "Write a whole number.")),
    str: (QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not text in quotes."),
          QT_TRANSLATE_NOOP("messages", "Write text in quotes.")),
}


def _typed(setting: str, value: Any, kind: type) -> Any:
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    message, hint = _TYPED[kind]
    raise _bad(setting, message, hint, value=str(value))


def load_config(path: str | os.PathLike[str]) -> RunConfig:
    """Read and validate a ``run.toml``."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError.of(
            "config_not_found",
            QT_TRANSLATE_NOOP("messages", "The settings file “{path}” does not exist."),
            QT_TRANSLATE_NOOP("messages", "Check the path."), path=str(file)) from exc
    except ValueError as exc:  # TOMLDecodeError and UnicodeDecodeError
        raise UserError.of(
            "config_bad_toml",
            QT_TRANSLATE_NOOP("messages", "“{file}” is not valid TOML: {reason}."),
            QT_TRANSLATE_NOOP("messages", "Fix the line it names, or save the settings again from "
                                          "the app."), path=str(file), file=file.name,
            reason=str(exc)) from exc
    return config_from_dict(data, source=f"“{file.name}”")


def config_to_toml(config: RunConfig) -> str:
    """TOML text for ``config``: top-level keys, then one table per section."""
    data = config_to_dict(config)
    lines = ["# DPO Desktop run settings: run again with `dpo-desktop train run.toml`."]
    lines += [f"{key} = {_toml_value(data[key])}" for key in ("name", "output_dir")]
    for section in SECTIONS:
        lines.append("")
        lines.append(f"[{section}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in data[section].items()]
    return "\n".join(lines) + "\n"


def save_config(config: RunConfig, path: str | os.PathLike[str]) -> None:
    from dpo_desktop.core.atomic import atomic_write_text

    atomic_write_text(path, config_to_toml(config))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else
                                                         ("inf" if value > 0 else "-inf"))
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_string(str(k))} = {_toml_value(v)}"
                                for k, v in value.items()) + " }" if value else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\u{ord(char):04x}"))
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'

"""Answers before and after training, from one loaded model.

The trained model is the base plus a LoRA adapter, so "before" is the same model with
the adapter disabled: one copy in memory, and both sides use exactly the same base
weights, chat template and seed. Tokens stream out as events; the job's
:class:`JobControl` is checked between tokens, so a cancel takes effect within one token.
An answer cut short by a cancel is still returned, marked ``cancelled``: its text so far
is worth showing (the documented exception to "a cancelled job raises ``Cancelled``").
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dpo_desktop.core.data.types import Message
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.events import (
    EventCallback,
    PhaseChanged,
    TokenGenerated,
    ignore_events,
)
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.core.limits import check_limits
from dpo_desktop.core.limits import metadata as _help  # help text + limits of a field
from dpo_desktop.core.training.rundir import RunDir

Side = Literal["before", "after"]




@dataclass(frozen=True)
class GenerationSettings:
    max_new_tokens: int = field(default=200, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The longest answer, in tokens (about ¾ of an English word, or one Japanese "
        "character)."), low=1, high=4096))
    temperature: float = field(default=0.0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "0 always picks the most likely word (repeatable). Higher values give more varied "
        "answers; 0.7 is a common choice."), low=0.0, high=2.0, step=0.1, decimals=2))
    top_p: float = field(default=0.9, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "With temperature above 0: only words within this share of the probability are "
        "considered. Lower is safer, higher more varied."), low=0.0, low_open=True, high=1.0,
        step=0.05, decimals=2))
    seed: int = field(default=0, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "The random seed. Both sides use the same seed, so a difference comes from training, "
        "not from chance."), low=0, high=2**31 - 1))
    repeat_penalty: float = field(default=1.1, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "Makes words used in the last 64 tokens less likely, so answers do not loop. 1.1 is "
        "what Ollama and LM Studio use by default; 1 turns it off."), low=1.0, high=2.0,
        step=0.05, decimals=2))
    repeat_last_n: int = field(default=64, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "How many recent tokens the repeat penalty looks at (Ollama's default: 64)."), low=0,
        high=4096))
    top_k: int = field(default=40, metadata=_help(QT_TRANSLATE_NOOP("messages",
        "With temperature above 0: only the this many most likely words are considered "
        "(Ollama and LM Studio use 40)."), low=0, high=1000))

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "max new tokens must be at least 1."),
                QT_TRANSLATE_NOOP("messages", "Set max new tokens to a positive number such as "
                                              "200."), setting="max_new_tokens")
        if self.temperature < 0:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "temperature cannot be negative."),
                QT_TRANSLATE_NOOP("messages", "Use 0 for repeatable answers, or a value such as "
                                              "0.7."), setting="temperature")
        if not 0 < self.top_p <= 1:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "top-p must be above 0 and at most "
                                                             "1."),
                QT_TRANSLATE_NOOP("messages", "Use a value such as 0.9."), setting="top_p")
        if self.repeat_penalty < 1:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "repeat penalty must be at least 1."),
                QT_TRANSLATE_NOOP("messages", "Use 1.1 (the Ollama default), or 1 to turn it "
                                              "off."), setting="repeat_penalty")
        if self.repeat_last_n < 0 or self.top_k < 0:
            raise UserError.of(
                "bad_setting", QT_TRANSLATE_NOOP("messages", "repeat last n and top-k cannot be "
                                                             "negative."),
                QT_TRANSLATE_NOOP("messages", "Use 64 and 40, the Ollama defaults."),
                setting="top_k")
        check_limits(self)  # the upper limits the editors offer (field metadata)

    def app_parameters(self) -> tuple[tuple[str, float | int], ...]:
        """The same settings as Ollama ``PARAMETER`` names, for the exported Modelfile, so
        the model answers in Ollama as it did in the preview."""
        return (("temperature", self.temperature), ("top_p", self.top_p),
                ("top_k", self.top_k), ("repeat_penalty", self.repeat_penalty),
                ("repeat_last_n", self.repeat_last_n))


@dataclass(frozen=True)
class Answer:
    side: Side
    text: str
    tokens: int
    seconds: float
    cancelled: bool = False

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


Prompt = str | Sequence[Message] | Sequence[dict[str, str]]


def as_messages(prompt: Prompt) -> list[dict[str, str]]:
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    out = []
    for m in prompt:
        if isinstance(m, Message):
            out.append(m.as_dict())
        else:
            out.append({"role": str(m["role"]), "content": str(m["content"])})
    return out


class _Stream:
    """transformers' streamer protocol: decodes the whole answer so far and emits the new
    part, so a character split across tokens (common in Japanese) is never cut in half."""

    def __init__(self, tokenizer: Any, side: Side, on_event: EventCallback) -> None:
        self.tokenizer = tokenizer
        self.side = side
        self.on_event = on_event
        self.ids: list[int] = []
        self.text = ""
        self.prompt_seen = False

    def put(self, value: Any) -> None:
        if not self.prompt_seen:  # generate() first passes the prompt
            self.prompt_seen = True
            return
        self.ids.extend(int(i) for i in value.reshape(-1).tolist())
        self._emit(final=False)

    def end(self) -> None:
        self._emit(final=True)

    def _emit(self, final: bool) -> None:
        text = self.tokenizer.decode(self.ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            if not final:
                return  # wait for the rest of the character
            text = text.rstrip("\ufffd")
        if len(text) > len(self.text) and text.startswith(self.text):
            self.on_event(TokenGenerated(self.side, text[len(self.text):]))
        self.text = text


def load_causal_lm(folder: Path, device: str | None = None, *,
                   four_bit: bool = False) -> tuple[Any, Any]:
    """A model for inference in 16-bit on a GPU, 32-bit on the CPU (where 16-bit is slow).

    ``four_bit`` loads it the way the qlora backend trained it (bitsandbytes NF4), so a
    qlora run's answers come from the weights its adapter was trained against; it
    computes in bf16 where the device has native bf16, else in fp16 (GPU) or fp32 (CPU).
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.float32
    if device == "cuda":
        dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if four_bit:
        from transformers import BitsAndBytesConfig

        from dpo_desktop.core.hardware import cpu_bf16_supported

        if device == "cpu" and cpu_bf16_supported():
            dtype = torch.bfloat16
        quantization = BitsAndBytesConfig(  # type: ignore[no-untyped-call]
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=dtype)
        model: Any = AutoModelForCausalLM.from_pretrained(
            folder, dtype=dtype, quantization_config=quantization, device_map={"": device},
            use_safetensors=True)
    else:
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype, use_safetensors=True)
        model.to(device)
    model.eval()
    return model, AutoTokenizer.from_pretrained(folder)


def trained_in_four_bit(run_dir: Path) -> bool:
    """True when the run's ``run.toml`` says it resolved to the qlora or unsloth backend
    (both train against a 4-bit base); an unreadable file counts as full precision."""
    from dpo_desktop.core.config import tomllib

    try:
        with RunDir(run_dir).config.open("rb") as handle:
            resolved = tomllib.load(handle).get("resolved", {})
    except (OSError, ValueError):
        return False
    return isinstance(resolved, dict) and resolved.get("backend") in ("qlora", "unsloth")


def prepare_tokenizer(tokenizer: Any) -> None:
    """Chat models need a template (ChatML when the model has none) and a pad token."""
    if getattr(tokenizer, "chat_template", None) is None:
        from dpo_desktop.core.models import CHATML_TEMPLATE

        tokenizer.chat_template = CHATML_TEMPLATE
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token


def cancel_criteria(control: JobControl) -> Any:
    """Stops ``generate`` after the current token once ``control`` is cancelled."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class _Cancel(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            return torch.full((input_ids.shape[0],), control.is_cancelled, dtype=torch.bool,
                              device=input_ids.device)

    return StoppingCriteriaList([_Cancel()])


def _model_name(run_dir: Path, base: Path) -> str:
    """The base model as the user chose it (run.toml's spec), not the cache folder name."""
    from dpo_desktop.core.catalog import display_name
    from dpo_desktop.core.config import tomllib

    try:
        data = tomllib.loads(RunDir(run_dir).config.read_text(encoding="utf-8"))
        spec = str(data.get("model", {}).get("spec", "")).strip()
    except (OSError, ValueError):
        spec = ""
    return display_name(spec) if spec else base.name


def _recent_penalty(penalty: float, last_n: int) -> Any:
    """llama.cpp's repeat penalty: the tokens among the last ``last_n`` (prompt included)
    get their logit divided by ``penalty`` when positive, multiplied when negative."""
    import torch
    from transformers import LogitsProcessor, LogitsProcessorList

    class _RecentRepeatPenalty(LogitsProcessor):
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            recent = input_ids[:, -last_n:]
            picked = torch.gather(scores, 1, recent)
            picked = torch.where(picked < 0, picked * penalty, picked / penalty)
            return scores.scatter(1, recent, picked)

    return LogitsProcessorList([_RecentRepeatPenalty()])


class Generator:
    """A base model with its trained adapter, ready to answer with either."""

    def __init__(self, model: Any, tokenizer: Any) -> None:
        self.model = model
        self.tokenizer = tokenizer
        prepare_tokenizer(tokenizer)

    @classmethod
    def from_run(cls, run_dir: str | Path, *, on_event: EventCallback = ignore_events,
                 device: str | None = None) -> Generator:
        """Load a finished (or stopped) run's adapter onto its base model; no retraining."""
        folder = RunDir(run_dir)
        adapter, config_file = folder.adapter, folder.adapter_config
        if not folder.has_adapter():
            raise UserError.of(
                "no_adapter",
                QT_TRANSLATE_NOOP("messages", "{run} has no trained adapter "
                                              "(adapter/adapter_config.json is missing)."),
                QT_TRANSLATE_NOOP("messages", "Pick a run that finished or was stopped after at "
                                              "least one saved step."), run=str(run_dir))
        base = Path(json.loads(config_file.read_text(encoding="utf-8"))
                    ["base_model_name_or_path"])
        if not base.is_dir():
            raise UserError.of(
                "base_missing",
                QT_TRANSLATE_NOOP("messages", "The base model of this run is no longer at "
                                              "{path}."),
                QT_TRANSLATE_NOOP("messages", "Restore that folder, or train the run again."),
                path=str(base))
        on_event(PhaseChanged("loading_model",
                              f"Loading {_model_name(Path(run_dir), base)} with the trained "
                              "adapter"))
        from peft import PeftModel

        base_model, tokenizer = load_causal_lm(base, device=device,
                                               four_bit=trained_in_four_bit(Path(run_dir)))
        model: Any = PeftModel.from_pretrained(base_model, adapter)
        model.eval()
        if (adapter / "tokenizer_config.json").is_file():
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(adapter)
        return cls(model, tokenizer)

    def generate(self, prompt: Prompt, side: Side, settings: GenerationSettings | None = None,
                 *, on_event: EventCallback = ignore_events,
                 control: JobControl | None = None) -> Answer:
        import torch

        settings = settings or GenerationSettings()
        flag = control or JobControl()
        encoded = self.tokenizer.apply_chat_template(
            as_messages(prompt), add_generation_prompt=True, return_tensors="pt",
            return_dict=True)
        device = next(self.model.parameters()).device
        inputs = {k: v.to(device) for k, v in encoded.items()}
        stream = _Stream(self.tokenizer, side, on_event)
        sample = settings.temperature > 0
        options: dict[str, Any] = {
            "max_new_tokens": settings.max_new_tokens, "do_sample": sample,
            "streamer": stream, "stopping_criteria": cancel_criteria(flag),
            "pad_token_id": self.tokenizer.pad_token_id,
        }
        if sample:
            options.update(temperature=settings.temperature, top_p=settings.top_p,
                           top_k=settings.top_k or None)
        else:  # silence "temperature is set but do_sample is False" from generation configs
            options.update(temperature=None, top_p=None, top_k=None)
        # Our penalty, not transformers' repetition_penalty (which looks at the whole
        # prompt too): llama.cpp's, over the last tokens only, as Ollama and LM Studio do.
        options.update(repetition_penalty=1.0)
        if settings.repeat_penalty != 1 and settings.repeat_last_n > 0:
            options["logits_processor"] = _recent_penalty(settings.repeat_penalty,
                                                          settings.repeat_last_n)
        torch.manual_seed(settings.seed)
        start = time.perf_counter()
        with torch.inference_mode(), self._adapter(side):
            output = self.model.generate(**inputs, **options)
        seconds = time.perf_counter() - start
        new_tokens = int(output.shape[-1] - inputs["input_ids"].shape[-1])
        # A cut at max_new_tokens can split a multi-byte character: drop the half.
        text = self.tokenizer.decode(output[0, inputs["input_ids"].shape[-1]:],
                                     skip_special_tokens=True).rstrip("\ufffd").strip()
        return Answer(side, text, new_tokens, seconds, cancelled=flag.is_cancelled)

    def compare(self, prompt: Prompt, settings: GenerationSettings | None = None, *,
                on_event: EventCallback = ignore_events,
                control: JobControl | None = None) -> tuple[Answer, Answer]:
        before = self.generate(prompt, "before", settings, on_event=on_event, control=control)
        if control is not None and control.is_cancelled:
            return before, Answer("after", "", 0, 0.0, cancelled=True)
        after = self.generate(prompt, "after", settings, on_event=on_event, control=control)
        return before, after

    def _adapter(self, side: Side) -> Any:
        import contextlib

        disable = getattr(self.model, "disable_adapter", None)
        if side == "before":
            if disable is None:
                raise UserError.of(
                    "no_adapter",
                    QT_TRANSLATE_NOOP("messages", "This model has no adapter to switch off."),
                    QT_TRANSLATE_NOOP("messages", "Load a trained run to compare before and "
                                                  "after."))
            return disable()
        return contextlib.nullcontext()

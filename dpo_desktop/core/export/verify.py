"""Check the written GGUF against the merged model, one tensor at a time.

Four checks, each reported pass/fail with its figures:

* ``metadata``: the hyperparameters transformers reads from the GGUF match the merged config.
* ``tokenizer``: the GGUF's tokenizer (rebuilt by transformers) splits sample texts, in
  English, Japanese, digits, emoji and a chat turn, into the same ids as the merged one.
* ``file``: every tensor of the file, read back from disk, equals the merged tensor (read
  back from the merged shards, transformed and rounded to the type the file stores it in),
  exactly; and the file holds exactly the planned tensors with the planned types and
  shapes. The stored bytes are compared with the rounded merged block's bytes; where they
  differ, both are dequantized with gguf-py and compared value by value (equal bytes always
  decode to equal values). This proves the file's names, layouts, transforms and quantized
  blocks are right, for every type, while holding one block of one tensor at a time. It
  decides pass or fail.
* ``logits``: the GGUF model against the merged model itself, i.e. what the type loses.
  It loads both models in fp32, one after the other, so it runs only when they fit in a
  memory budget (half the RAM free when the check starts, unless the caller sets one);
  otherwise it is reported as skipped with the RAM it would have needed.
  A position whose two candidates the merged model scores within 0.5% of its logit range
  is a near-tie that rounding may legitimately swap; raw agreement is reported too.
  f16/bf16 must pick the same next token everywhere but at near-ties, within a small
  max-abs difference (relative to the logit range). q8_0 must agree on at least 99% of
  positions, near-ties counted as agreeing (the issue's bar). For
  q6_k, q5_k_m, q4_k_m and q4_0/q5_0/q5_1 this is reported without a threshold: those types
  trade accuracy for size
  by design, and the ``file`` check already holds them to exactness.

The GGUF model is built with the merged model's config because transformers' GGUF reader
does not carry every setting (rope scaling, Qwen3's head size); the metadata check covers
the settings it does read.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from gguf import GGMLQuantizationType

from dpo_desktop.core import events
from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.export import gguf_arch
from dpo_desktop.core.export.progress import ExportProgress

SAMPLE_TEXTS: tuple[str, ...] = (
    "The quick brown fox jumps over the lazy dog. Don't stop!",
    "こんにちは、世界。今日は良い天気ですね。",
    "Order 66: 3.14159 x 2025 = 6366.3 (approx), call 555-0199.",
    "Emoji test 🎉👍🏽 🇯🇵 ✨ done",
    "  leading spaces\tand\ttabs\nnew lines\n\n",
)

PROMPTS: tuple[str, ...] = (
    "Write a short poem about the sea.",
    "日本の首都はどこですか？",
    "What is 12 * 34? Explain step by step.",
)

# Pass thresholds (see the module docstring).
F16_MAX_REL = 0.02
BF16_MAX_REL = 0.08
Q8_MIN_AGREEMENT = 0.99
Q8_TIE_FRACTION = 0.005

CONFIG_FIELDS = ("hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                 "intermediate_size", "vocab_size", "max_position_embeddings",
                 "tie_word_embeddings")


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool | None  # None: reported only, no threshold
    summary: str
    figures: tuple[tuple[str, float], ...] = ()

    @property
    def status(self) -> str:
        return {True: "pass", False: "FAIL", None: "info"}[self.passed]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "summary": self.summary,
                "figures": dict(self.figures)}


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))
    return bool(a == b)


def check_metadata(merged_config: Any, gguf_dir: Path, gguf_name: str, arch: str) -> Check:
    from transformers import AutoConfig

    read = AutoConfig.from_pretrained(str(gguf_dir), gguf_file=gguf_name)
    fields = [*CONFIG_FIELDS, "rms_norm_eps"]
    if arch == "llama":
        fields.append("head_dim")
    mismatches = []
    compared = 0
    for name in fields:
        want = getattr(merged_config, name, None)
        got = getattr(read, name, None)
        if want is None or got is None:
            continue
        compared += 1
        if not _close(want, got):
            mismatches.append(f"{name}: merged {want}, GGUF {got}")
    want_theta = _theta(merged_config)
    got_theta = _theta(read)
    if want_theta is not None and got_theta is not None:
        compared += 1
        if not _close(float(want_theta), float(got_theta)):
            mismatches.append(f"rope_theta: merged {want_theta}, GGUF {got_theta}")
    if mismatches:
        return Check("metadata", False, "; ".join(mismatches), (("fields", compared),))
    return Check("metadata", True, f"{compared} settings read back equal", (("fields", compared),))


def _theta(config: Any) -> Any:
    params = getattr(config, "rope_parameters", None)
    if isinstance(params, dict) and "rope_theta" in params:
        return params["rope_theta"]
    return getattr(config, "rope_theta", None)


def check_tokenizer(merged_tok: Any, gguf_tok: Any, texts: Sequence[str]) -> Check:
    samples = list(texts)
    template = getattr(merged_tok, "chat_template", None)
    if template:
        samples.append(merged_tok.apply_chat_template(
            [{"role": "user", "content": "Hi! 元気？"}], tokenize=False,
            add_generation_prompt=True))
    bad = []
    for text in samples:
        want = merged_tok(text)["input_ids"]
        got = gguf_tok(text)["input_ids"]
        if want != got:
            bad.append(f"{text[:30]!r}: {len(want)} vs {len(got)} ids")
        elif merged_tok.decode(want) != gguf_tok.decode(got):
            bad.append(f"{text[:30]!r}: decodes differently")
    figures = (("texts", float(len(samples))), ("mismatches", float(len(bad))))
    if bad:
        return Check("tokenizer", False, "differs on " + "; ".join(bad), figures)
    return Check("tokenizer", True, f"{len(samples)} sample texts give the same ids", figures)


def compare_logits(reference: Any, candidate: Any,
                   tie_fraction: float = Q8_TIE_FRACTION) -> dict[str, float]:
    """Figures comparing two logit tensors of shape (positions, vocab)."""
    diff = (reference - candidate).abs()
    spread = (reference.max(-1).values - reference.min(-1).values).clamp_min(1e-12)
    top_ref = reference.argmax(-1)
    top_cand = candidate.argmax(-1)
    same = top_ref == top_cand
    picked = reference.gather(-1, top_cand[:, None])[:, 0]
    gap = reference.max(-1).values - picked
    near_tie = gap <= tie_fraction * spread
    return {
        "positions": float(reference.shape[0]),
        "max_abs_diff": float(diff.max()),
        "max_rel_diff": float((diff.max(-1).values / spread).max()),
        "argmax_agreement": float(same.float().mean()),
        "argmax_agreement_ties_excused": float((same | near_tie).float().mean()),
        "logit_range": float(spread.max()),
        "mean_abs_diff": float(diff.mean()),
    }


def judge_logits(out_type: str, figures: dict[str, float]) -> Check:
    agreement = figures["argmax_agreement"]
    excused = figures["argmax_agreement_ties_excused"]
    rel = figures["max_rel_diff"]
    shown = tuple(figures.items())
    text = (f"argmax agreement {agreement:.2%} over {int(figures['positions'])} positions"
            + (f" ({excused:.2%} counting near-ties)" if excused != agreement else "")
            + f", max-abs diff {figures['max_abs_diff']:.4g} ({rel:.2%} of the logit range)")
    if out_type in ("f16", "bf16"):
        limit = F16_MAX_REL if out_type == "f16" else BF16_MAX_REL
        passed = excused == 1.0 and rel <= limit
        return Check("logits", passed, text + f"; needs 100% and ≤ {limit:.0%}", shown)
    if out_type == "q8_0":
        return Check("logits", excused >= Q8_MIN_AGREEMENT,
                     text + f"; needs ≥ {Q8_MIN_AGREEMENT:.0%}", shown)
    return Check("logits", None, text + "; reported only for types below 8 bits", shown)


def _prompt_ids(tokenizer: Any) -> list[list[int]]:
    out = []
    for prompt in PROMPTS:
        if getattr(tokenizer, "chat_template", None):
            text = tokenizer.apply_chat_template(
                [{"role": "user", "content": prompt}], tokenize=False,
                add_generation_prompt=True) + "Sure."
        else:
            text = prompt
        out.append(list(tokenizer(text, add_special_tokens=True)["input_ids"]))
    return out


def _logits(model: Any, prompts: list[list[int]]) -> Any:
    import torch

    with torch.no_grad():
        model.eval()
        return torch.cat([model(torch.tensor([ids])).logits[0] for ids in prompts])


def _as_gguf_arch(config: Any, arch: str) -> Any:
    """The config to build the GGUF model with: transformers maps tensor names by
    ``model_type``, so a Mistral written as llama.cpp's ``llama`` loads as a Llama."""
    if config.model_type == arch:
        return config
    from transformers import AutoConfig

    values = config.to_dict()
    for key in ("model_type", "architectures", "transformers_version", "_name_or_path"):
        values.pop(key, None)
    return AutoConfig.for_model(arch, **values)


def logits_memory_needed(parameters: int) -> int:
    """Bytes the logits check needs: the merged model in fp32, then the GGUF model, which
    transformers dequantizes into an fp32 state dict before building the model."""
    return 2 * 4 * parameters + 512 * 2**20


def default_memory_budget() -> int:
    """Half of the RAM available now: the rest stays for the user's other programs."""
    from dpo_desktop.core.hardware import _ram

    _, available = _ram()
    return (available or 0) // 2


def _read_bytes(path: Path, offset: int, count: int) -> np.ndarray:
    """Bytes of the file read with plain I/O (not a memory map, whose pages would count
    as this process's memory until it is closed)."""
    out = np.empty(count, dtype=np.uint8)
    with path.open("rb") as handle:
        handle.seek(offset)
        if handle.readinto(out.data) != count:
            raise ValueError(f"{path.name} ends early")
    return out


def _gguf_tensors(gguf_path: Path) -> dict[str, tuple[GGMLQuantizationType, tuple[int, ...],
                                                        int, int]]:
    """name → (type, numpy-order shape, absolute offset, bytes) from the file's table."""
    from gguf import GGUFReader

    reader = GGUFReader(str(gguf_path))
    found = {t.name: (GGMLQuantizationType(int(t.tensor_type)),
                      tuple(int(d) for d in reversed(t.shape.tolist())),
                      int(t.data_offset), int(t.n_bytes)) for t in reader.tensors}
    del reader
    return found


def _decode(raw: np.ndarray, qtype: GGMLQuantizationType, shape: tuple[int, ...]) -> np.ndarray:
    from gguf.quants import dequantize

    rows = shape[0] if len(shape) > 1 else 1
    return np.asarray(dequantize(raw.reshape(rows, -1), qtype), dtype=np.float32).reshape(shape)


def _block_differs(got: np.ndarray, want: np.ndarray, qtype: GGMLQuantizationType,
                   shape: tuple[int, ...]) -> float | None:
    """None when the stored block decodes to the rounded merged block, else the largest
    difference. Equal bytes decode equally (gguf-py's dequantize is a pure function of
    them), so only a block whose bytes differ is dequantized and compared value by value."""
    if np.array_equal(got, want):
        return None
    decoded, rounded = _decode(got, qtype, shape), _decode(want, qtype, shape)
    if np.array_equal(decoded, rounded, equal_nan=True):
        return None
    return float(np.nanmax(np.abs(decoded - rounded)))


def check_tensors(merged_dir: Path, gguf_path: Path, out_type: str, config: Any,
                  progress: ExportProgress | None = None,
                  control: JobControl | None = None) -> Check:
    """The ``file`` check (see the module docstring), one block of rows at a time."""
    from dpo_desktop.core.export.gguf_writer import encode_rows, needs_whole_tensor, plan_tensors
    from dpo_desktop.core.export.merge import BLOCK_VALUES, plan_folder

    plan = plan_folder(merged_dir, config=config)
    spec = gguf_arch.spec_for(config)
    plans, _ = plan_tensors(plan.shapes(), config, spec, out_type)
    stored = _gguf_tensors(gguf_path)
    progress = progress or ExportProgress(events.ignore_events)
    progress.start("verifying", "checking every tensor of the GGUF file",
                   sum(p.nbytes + (plan.folder.tensors[p.hf_name].nbytes if p.hf_name else 0)
                       for p in plans))
    problems: list[str] = []
    missing = sorted({p.gguf_name for p in plans} - set(stored))
    extra = sorted(set(stored) - {p.gguf_name for p in plans})
    if missing or extra:
        problems.append(f"tensors missing {missing[:3]} or unexpected {extra[:3]}")
    checked = mismatched = 0
    worst = 0.0
    for tensor in plans:
        if tensor.gguf_name not in stored:
            continue
        qtype, shape, offset, nbytes = stored[tensor.gguf_name]
        if qtype != tensor.qtype or shape != tensor.shape or nbytes != tensor.nbytes:
            problems.append(f"{tensor.gguf_name}: stored as {qtype.name} {shape}, planned "
                            f"{tensor.qtype.name} {tensor.shape}")
            mismatched += 1
            continue
        rows = shape[0] if len(shape) > 1 else 1
        row_bytes = nbytes // rows
        per_row = max(1, int(np.prod(shape)) // rows)
        whole = not tensor.hf_name or len(shape) < 2 or needs_whole_tensor(spec, tensor.hf_name)
        step = rows if whole else max(1, BLOCK_VALUES // per_row)
        equal = True
        for start in range(0, rows, step):
            if control is not None:
                control.raise_if_cancelled()
            stop = min(rows, start + step)
            if not tensor.hf_name:  # computed, not merged: Llama 3 rope factors
                data = gguf_arch.llama3_rope_factors(config)
                assert data is not None
            else:
                source = plan.folder.read(tensor.hf_name, None if whole else start,
                                          None if whole else stop)
                data = source.float().numpy()
                if whole:
                    data = gguf_arch.transform(spec, config, tensor.hf_name, data)
            want = encode_rows(data, qtype)
            got = _read_bytes(gguf_path, offset + start * row_bytes, (stop - start) * row_bytes)
            differs = _block_differs(got, want, qtype, data.shape)
            if differs is not None:
                equal = False
                worst = max(worst, differs)
            progress.advance(row_bytes * (stop - start) + (
                plan.folder.tensors[tensor.hf_name].nbytes * (stop - start) // rows
                if tensor.hf_name else 0))
        checked += 1
        if not equal:
            mismatched += 1
            problems.append(f"{tensor.gguf_name} differs from the merged tensor rounded to "
                            f"{qtype.name}")
    progress.complete()
    figures = (("tensors", float(checked)), ("mismatched", float(mismatched)),
               ("max_abs_diff", worst))
    if problems:
        return Check("file", False, "; ".join(problems[:5]), figures)
    return Check("file", True, f"all {checked} tensors equal the merged model rounded to "
                 "the file's types", figures)


def _parameters(merged_dir: Path) -> int:
    from dpo_desktop.core.export.merge import plan_folder

    return plan_folder(merged_dir).parameters


def check_logits(merged_dir: Path, gguf_path: Path, out_type: str, arch: str, config: Any,
                 tokenizer: Any, budget: int, default: bool = False) -> Check:
    """The ``logits`` check when it fits in ``budget`` bytes; else reported as skipped."""
    import torch
    from transformers import AutoModelForCausalLM

    from dpo_desktop.core.export.diskspace import human

    needed = logits_memory_needed(_parameters(merged_dir))
    if needed > budget:
        return Check("logits", None, (
            f"skipped: comparing the logits of both models needs about {human(needed)} of RAM "
            f"and the budget was {human(budget)}{' (half of the free RAM)' if default else ''}"
            "; the per-tensor check decides"),
            (("needed_bytes", float(needed)), ("budget_bytes", float(budget))))
    prompts = _prompt_ids(tokenizer)
    model = AutoModelForCausalLM.from_pretrained(str(merged_dir), dtype=torch.float32)
    reference = _logits(model, prompts)
    del model
    gc.collect()
    gguf_model = AutoModelForCausalLM.from_pretrained(
        str(gguf_path.parent), gguf_file=gguf_path.name, config=_as_gguf_arch(config, arch),
        dtype=torch.float32)
    candidate = _logits(gguf_model, prompts)
    del gguf_model
    gc.collect()
    return judge_logits(out_type, compare_logits(reference, candidate))


def verify_gguf(merged_dir: Path, gguf_path: Path, out_type: str, arch: str,
                on_event: events.EventCallback = events.ignore_events, *,
                memory_budget: int | None = None,
                progress: ExportProgress | None = None,
                control: JobControl | None = None) -> tuple[Check, ...]:
    """All four checks; ``memory_budget`` (bytes) gates the logits check (None: half the
    RAM available now)."""
    from transformers import AutoConfig, AutoTokenizer

    progress = progress or ExportProgress(on_event)
    config = AutoConfig.from_pretrained(str(merged_dir))
    checks = [check_tensors(merged_dir, gguf_path, out_type, config, progress, control)]
    checks.insert(0, check_metadata(config, gguf_path.parent, gguf_path.name, arch))
    merged_tok = AutoTokenizer.from_pretrained(str(merged_dir))
    gguf_tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    checks.insert(1, check_tokenizer(merged_tok, gguf_tok, SAMPLE_TEXTS))
    budget = default_memory_budget() if memory_budget is None else memory_budget
    checks.append(check_logits(merged_dir, gguf_path, out_type, arch, config, merged_tok,
                               budget, default=memory_budget is None))
    return tuple(checks)

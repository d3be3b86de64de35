"""Check the written GGUF against the merged model, one tensor at a time.

Four checks, each reported pass/fail with its figures:

* ``metadata``: the hyperparameters transformers reads from the GGUF match the merged config.
* ``tokenizer``: the GGUF's tokenizer (rebuilt by transformers) splits sample texts, in
  English, Japanese, digits, emoji and a chat turn, into the same ids as the merged one.
* ``file``: every tensor of the file, read back from disk, equals the merged tensor (read
  back from the merged shards, transformed and rounded to the type the file stores it in),
  exactly; and the file holds exactly the planned tensors with the planned types and
  shapes. After an export, the pass has recorded a digest of every chunk it computed
  (``written``): each chunk of the GGUF and of the merged shards is read back at the
  offsets the files' own tables give and its digest compared, and the first rows of every
  tensor are encoded again with gguf-py itself and compared with the stored bytes (the
  export's own encoder, ``fast_quant``, is thereby checked against the reference on every
  run). A tensor that fails, and every tensor when nothing was recorded, is compared the
  slow way: the merged tensor re-read and encoded with gguf-py, the bytes compared, and
  where they differ both dequantized with gguf-py and compared value by value (equal
  bytes always decode to equal values). This proves the file's names, layouts, transforms
  and quantized blocks are right, for every type, while holding one chunk at a time. It
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

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from gguf import GGMLQuantizationType

from dpo_desktop.core import events, gcpause
from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.export import gguf_arch
from dpo_desktop.core.export.fast_quant import FAST_TYPES
from dpo_desktop.core.export.gguf_types import TensorPlan
from dpo_desktop.core.export.progress import ExportProgress
from dpo_desktop.core.export.safetensors_stream import PositionalReads, SafetensorsFolder
from dpo_desktop.core.export.written import Chunk, WrittenFiles, digest
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text, render

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
    summary: str  # in English: the CLI, the folder's README and export.json
    figures: tuple[tuple[str, float], ...] = ()
    # The marked template ``summary`` was rendered from and its params, so the GUI can
    # show the summary in the UI language (core/i18n.py); empty for a plain summary.
    template: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, passed: bool | None, template: str,
           figures: tuple[tuple[str, float], ...] = (), **params: Any) -> Check:
        """A check whose summary is ``template`` (marked) filled from ``params``."""
        return cls(name, passed, render(template, params), figures, template,
                   tuple(params.items()))

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
    figures = (("fields", float(compared)),)
    if mismatches:
        return Check.of("metadata", False, QT_TRANSLATE_NOOP(
            "messages", "settings read back differently: {details}"), figures,
            details="; ".join(mismatches))
    return Check.of("metadata", True, QT_TRANSLATE_NOOP(
        "messages", "{count} settings read back equal"), figures, count=compared)


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
        return Check.of("tokenizer", False, QT_TRANSLATE_NOOP("messages", "differs on {details}"),
                        figures, details="; ".join(bad))
    return Check.of("tokenizer", True, QT_TRANSLATE_NOOP(
        "messages", "{count} sample texts give the same ids"), figures, count=len(samples))


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
    values = {"agreement": f"{agreement:.2%}", "positions": int(figures["positions"]),
              "excused": f"{excused:.2%}", "diff": f"{figures['max_abs_diff']:.4g}",
              "rel": f"{rel:.2%}"}
    text = Text(QT_TRANSLATE_NOOP(
        "messages", "argmax agreement {agreement} over {positions} positions, max-abs diff "
                    "{diff} ({rel} of the logit range)") if excused == agreement else
        QT_TRANSLATE_NOOP(
            "messages", "argmax agreement {agreement} over {positions} positions ({excused} "
                        "counting near-ties), max-abs diff {diff} ({rel} of the logit range)"),
        tuple(values.items()))
    if out_type in ("f16", "bf16"):
        limit = F16_MAX_REL if out_type == "f16" else BF16_MAX_REL
        passed = excused == 1.0 and rel <= limit
        return Check.of("logits", passed, QT_TRANSLATE_NOOP(
            "messages", "{measured}; needs 100% and ≤ {limit}"), shown, measured=text,
            limit=f"{limit:.0%}")
    if out_type == "q8_0":
        return Check.of("logits", excused >= Q8_MIN_AGREEMENT, QT_TRANSLATE_NOOP(
            "messages", "{measured}; needs ≥ {limit}"), shown, measured=text,
            limit=f"{Q8_MIN_AGREEMENT:.0%}")
    return Check.of("logits", None, QT_TRANSLATE_NOOP(
        "messages", "{measured}; reported only for types below 8 bits"), shown, measured=text)


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


class _Reader:
    """Plain reads (not a memory map, whose pages would count as this process's memory
    until it is closed) from files kept open for the whole check
    (``safetensors_stream.PositionalReads``), into one buffer kept across calls: a fresh
    array for every read would fault its pages in anew each time. A result is valid
    until the next read."""

    def __init__(self) -> None:
        self._reads = PositionalReads()
        self._buffer = np.empty(0, dtype=np.uint8)

    def read(self, path: Path, offset: int, count: int) -> np.ndarray:
        """``count`` bytes of ``path`` from ``offset``."""
        if self._buffer.size < count:
            self._buffer = np.empty(count, dtype=np.uint8)
        out = self._buffer[:count]
        self._reads.read_into(path, offset, out)
        return out

    def close(self) -> None:
        self._reads.close()


def _gguf_tensors(gguf_path: Path) -> dict[str, tuple[GGMLQuantizationType, tuple[int, ...],
                                                        int, int]]:
    """name → (type, numpy-order shape, absolute offset, bytes) from the file's table."""
    from dpo_desktop.core.export.gguf_table import read_table

    return read_table(gguf_path)


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


def _slow_compare(tensor: TensorPlan, stored: tuple[GGMLQuantizationType, tuple[int, ...],
                                                     int, int],
                  folder: SafetensorsFolder, gguf_path: Path, config: Any,
                  spec: gguf_arch.ArchSpec, progress: ExportProgress,
                  control: JobControl | None, reader: _Reader) -> float | None:
    """Re-read the merged tensor, encode it with gguf-py (the reference, not the export's
    own encoder) and compare with the stored bytes: None when equal, else the largest
    difference of the decoded values."""
    from dpo_desktop.core.export.gguf_writer import encode_rows, needs_whole_tensor
    from dpo_desktop.core.export.merge import BLOCK_VALUES

    qtype, shape, offset, nbytes = stored
    rows = shape[0] if len(shape) > 1 else 1
    row_bytes = nbytes // rows
    per_row = max(1, int(np.prod(shape)) // rows)
    whole = not tensor.hf_name or len(shape) < 2 or needs_whole_tensor(spec, tensor.hf_name)
    step = rows if whole else max(1, BLOCK_VALUES // per_row)
    worst: float | None = None
    for start in range(0, rows, step):
        if control is not None:
            control.raise_if_cancelled()
        stop = min(rows, start + step)
        if not tensor.hf_name:  # computed, not merged: Llama 3 rope factors
            data = gguf_arch.llama3_rope_factors(config)
            assert data is not None
        else:
            source = folder.read(tensor.hf_name, None if whole else start,
                                 None if whole else stop)
            data = source.float().numpy()
            if whole:
                data = gguf_arch.transform(spec, config, tensor.hf_name, data)
        want = encode_rows(data, qtype)
        got = reader.read(gguf_path, offset + start * row_bytes, (stop - start) * row_bytes)
        differs = _block_differs(got, want, qtype, data.shape)
        if differs is not None:
            worst = max(worst or 0.0, differs)
        progress.advance(row_bytes * (stop - start) + (
            folder.tensors[tensor.hf_name].nbytes * (stop - start) // rows
            if tensor.hf_name else 0))
    return worst


def _as_float32(raw: np.ndarray, dtype: str) -> np.ndarray:
    """Stored safetensors bytes as fp32 values (bf16 has no numpy type: widened by hand)."""
    if dtype == "bfloat16":
        widened: np.ndarray = (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
        return widened
    return raw.view({"float16": np.float16, "float32": np.float32}[dtype]).astype(np.float32)


def _sample_matches(tensor: TensorPlan, merged: np.ndarray | None, dtype: str,
                    stored: np.ndarray, config: Any, spec: gguf_arch.ArchSpec) -> bool:
    """Whether gguf-py's own quantizer, given the first rows of the merged tensor (as read
    back from its shard), writes the first bytes the GGUF file stores: a check at run time
    that the export's fast encoder (``fast_quant``) agrees with the reference here."""
    from dpo_desktop.core.export.gguf_writer import encode_rows, needs_whole_tensor

    if not tensor.hf_name:  # computed, not merged: Llama 3 rope factors
        factors = gguf_arch.llama3_rope_factors(config)
        return factors is not None and bool(np.array_equal(stored, encode_rows(
            factors, tensor.qtype)))
    if merged is None or dtype not in ("bfloat16", "float16", "float32"):
        return False
    values = _as_float32(merged, dtype)
    permuted = needs_whole_tensor(spec, tensor.hf_name)
    if len(tensor.shape) < 2:
        if permuted:
            values = gguf_arch.transform(spec, config, tensor.hf_name, values)
    else:
        cols = int(np.prod(tensor.shape[1:]))
        rows = min(4, values.size // cols)
        if permuted:  # one head, permuted as a whole
            rows = tensor.shape[0] // gguf_arch.qk_heads(config, tensor.hf_name)
        values = values[:rows * cols].reshape(rows, cols)
        if permuted:
            values = gguf_arch.permute_qk(values, 1)
    want = encode_rows(values, tensor.qtype)
    return want.size <= stored.size and bool(np.array_equal(stored[:want.size], want))


def _covers(chunks: list[Chunk], nbytes: int) -> bool:
    """The chunks tile the tensor's bytes exactly, in order."""
    at = 0
    for chunk in chunks:
        if chunk.offset != at:
            return False
        at += chunk.length
    return at == nbytes


# Threads that read the files back and digest them (``_ReadBack``).
READ_BACK_WORKERS = 4
# Bytes read back at a time: consecutive chunks are read together into one reused buffer
# that stays in a core's L2 cache while its chunks are digested (0.45 s for the 1.1B
# model's 3.5 GB, against 0.52 s chunk by chunk and 0.48 s with 16 MB windows).
READ_WINDOW = 2 * 2**20


def _chunks_read_back(reader: _Reader, path: Path, base: int, chunks: list[Chunk],
                      progress: ExportProgress | _Tally) -> tuple[bool, np.ndarray | None]:
    """Whether every chunk (consecutive, from ``base`` in ``path``) read back has its
    recorded digest, and a copy of the first chunk's bytes."""
    equal, first = True, None
    at = 0
    while at < len(chunks):
        end, size = at, 0
        while end < len(chunks) and (end == at or size + chunks[end].length <= READ_WINDOW):
            size += chunks[end].length
            end += 1
        window = reader.read(path, base + chunks[at].offset, size)
        start = 0
        for chunk in chunks[at:end]:
            raw = window[start:start + chunk.length]
            equal = equal and digest(raw) == chunk.digest
            if first is None:
                first = raw.copy()
            start += chunk.length
        progress.advance(size)
        at = end
    return equal, first


def _digests_match(tensor: TensorPlan, stored: tuple[GGMLQuantizationType, tuple[int, ...],
                                                       int, int],
                   gguf_path: Path, gguf_chunks: list[Chunk], folder: SafetensorsFolder,
                   shard_chunks: list[Chunk], config: Any, spec: gguf_arch.ArchSpec,
                   progress: ExportProgress | _Tally, reader: _Reader) -> bool:
    """Every recorded chunk of the tensor, read back from the GGUF (at the offset its table
    gives) and from the merged shard (at the offset its header gives), has the digest of
    the bytes the export computed; and the first rows re-encode to the same bytes with
    gguf-py."""
    _, _, offset, nbytes = stored
    if not _covers(gguf_chunks, nbytes):
        return False
    equal, first_gguf = _chunks_read_back(reader, gguf_path, offset, gguf_chunks, progress)
    first_merged: np.ndarray | None = None
    dtype = ""
    if tensor.hf_name:
        info = folder.tensors.get(tensor.hf_name)
        if info is None or info.offset < 0 or not _covers(shard_chunks, info.nbytes) or \
                any(chunk.path.name != info.file.name for chunk in shard_chunks):
            return False
        dtype = info.dtype
        same, first_merged = _chunks_read_back(reader, info.file, info.offset, shard_chunks,
                                               progress)
        equal = equal and same
    if not equal or first_gguf is None:
        return False
    if tensor.qtype not in FAST_TYPES:  # written by the reference encoders themselves
        return True
    return _sample_matches(tensor, first_merged, dtype, first_gguf, config, spec)


def _as_planned(tensor: TensorPlan,
                stored: tuple[GGMLQuantizationType, tuple[int, ...], int, int]) -> bool:
    qtype, shape, _, nbytes = stored
    return qtype == tensor.qtype and shape == tensor.shape and nbytes == tensor.nbytes


class _Tally:
    """Counts the bytes a worker read back; the checking thread reports them as progress
    (progress and cancel are only ever handled in one thread)."""

    def __init__(self) -> None:
        self.nbytes = 0

    def advance(self, nbytes: int) -> None:
        self.nbytes += nbytes


class _ReadBack:
    """The fast part of the ``file`` check (:func:`_digests_match`) for many tensors at
    once, in worker threads with a reader each: the reads and the digests release the
    GIL, so on two cores the 1.1B model's 3.4 GB are read back and digested in 0.43 to
    0.48 s, against 0.55 to 0.78 s in one thread (memory bandwidth bounds both). Results
    come back as futures; a failed tensor is compared the slow way by the caller."""

    def __init__(self, gguf_path: Path, gguf_chunks: dict[str, list[Chunk]],
                 folder: SafetensorsFolder, shard_chunks: dict[str, list[Chunk]],
                 config: Any, spec: gguf_arch.ArchSpec) -> None:
        self._args = (gguf_path, gguf_chunks, folder, shard_chunks, config, spec)
        self._local = threading.local()
        self._readers: list[_Reader] = []
        self._lock = threading.Lock()
        self._futures: list[Future[tuple[bool, int]]] = []
        self._pool = ThreadPoolExecutor(max(1, min(READ_BACK_WORKERS, os.cpu_count() or 1)),
                                        "export-check")

    def submit(self, tensors: list[tuple[TensorPlan, tuple[GGMLQuantizationType,
                                                             tuple[int, ...], int, int]]],
               ) -> dict[str, Future[tuple[bool, int]]]:
        futures = {tensor.gguf_name: self._pool.submit(self._check, tensor, entry)
                   for tensor, entry in tensors}
        self._futures += futures.values()
        return futures

    def _check(self, tensor: TensorPlan,
               entry: tuple[GGMLQuantizationType, tuple[int, ...], int, int],
               ) -> tuple[bool, int]:
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = _Reader()
            with self._lock:
                self._readers.append(reader)
        gguf_path, gguf_chunks, folder, shard_chunks, config, spec = self._args
        tally = _Tally()
        equal = _digests_match(tensor, entry, gguf_path, gguf_chunks.get(tensor.gguf_name, []),
                               folder, shard_chunks.get(tensor.hf_name, []), config, spec,
                               tally, reader)
        return equal, tally.nbytes

    def __enter__(self) -> _ReadBack:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self._futures:  # after a cancel or a failure: nothing more starts
            future.cancel()
        self._pool.shutdown(wait=True)
        for reader in self._readers:
            reader.close()


def check_tensors(merged_dir: Path, gguf_path: Path, out_type: str, config: Any,
                  progress: ExportProgress | None = None,
                  control: JobControl | None = None,
                  written: WrittenFiles | None = None) -> Check:
    """The ``file`` check (see the module docstring), one block of rows at a time.

    With ``written`` (what the export pass recorded), each chunk of both files is read
    back and its digest compared, and a sample of every tensor is re-encoded with gguf-py;
    a tensor that fails either is then compared in full the slow way for its figures.
    Without it, every tensor is re-read from the shards and re-encoded with gguf-py."""
    from dpo_desktop.core.export.gguf_writer import plan_tensors
    from dpo_desktop.core.export.merge import plan_folder

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
    gguf_chunks: dict[str, list[Chunk]] = {}
    shard_chunks: dict[str, list[Chunk]] = {}
    if written is not None:
        for chunk in written.gguf:
            gguf_chunks.setdefault(chunk.tensor, []).append(chunk)
        for chunk in written.shards:
            shard_chunks.setdefault(chunk.tensor, []).append(chunk)
    checked = mismatched = 0
    worst = 0.0
    # Chunk arrays and records, thousands a second: the collector waits (see gcpause).
    with gcpause.paused(), closing(_Reader()) as reader, \
            _ReadBack(gguf_path, gguf_chunks, plan.folder, shard_chunks, config,
                      spec) as read_back:
        planned = [(tensor, stored[tensor.gguf_name]) for tensor in plans
                   if tensor.gguf_name in stored]
        fast = read_back.submit([(t, e) for t, e in planned if _as_planned(t, e)]) \
            if written is not None else {}
        for tensor, entry in planned:
            qtype, shape, _, _ = entry
            if not _as_planned(tensor, entry):
                problems.append(f"{tensor.gguf_name}: stored as {qtype.name} {shape}, "
                                f"planned {tensor.qtype.name} {tensor.shape}")
                mismatched += 1
                continue
            if control is not None:
                control.raise_if_cancelled()
            equal = False
            if tensor.gguf_name in fast:
                equal, read = fast[tensor.gguf_name].result()
                progress.advance(read)
            if not equal:  # compared in full, the slow way, for the figures
                differs = _slow_compare(tensor, entry, plan.folder, gguf_path, config, spec,
                                        progress, control, reader)
                equal = written is None and differs is None
                worst = max(worst, differs or 0.0)
            checked += 1
            if not equal:
                mismatched += 1
                problems.append(f"{tensor.gguf_name} differs from the merged tensor rounded "
                                f"to {qtype.name}")
    progress.complete()
    figures = (("tensors", float(checked)), ("mismatched", float(mismatched)),
               ("max_abs_diff", worst))
    if problems:
        return Check.of("file", False, QT_TRANSLATE_NOOP(
            "messages", "the file differs from the merged model ({count} problems): {details}"),
            figures, count=len(problems), details="; ".join(problems[:5]))
    return Check.of("file", True, QT_TRANSLATE_NOOP(
        "messages", "all {count} tensors equal the merged model rounded to the file's types"),
        figures, count=checked)


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
        return Check.of("logits", None, QT_TRANSLATE_NOOP(
            "messages", "skipped: comparing the logits of both models needs about {needed} of "
                        "RAM and the budget was {budget} (half of the free RAM); the "
                        "per-tensor check decides") if default else QT_TRANSLATE_NOOP(
            "messages", "skipped: comparing the logits of both models needs about {needed} of "
                        "RAM and the budget was {budget}; the per-tensor check decides"),
            (("needed_bytes", float(needed)), ("budget_bytes", float(budget))),
            needed=human(needed), budget=human(budget))
    prompts = _prompt_ids(tokenizer)
    model = AutoModelForCausalLM.from_pretrained(str(merged_dir), dtype=torch.float32)
    reference = _logits(model, prompts)
    del model
    gcpause.collect()
    gguf_model = AutoModelForCausalLM.from_pretrained(
        str(gguf_path.parent), gguf_file=gguf_path.name, config=_as_gguf_arch(config, arch),
        dtype=torch.float32)
    candidate = _logits(gguf_model, prompts)
    del gguf_model
    gcpause.collect()
    return judge_logits(out_type, compare_logits(reference, candidate))


def gguf_config(gguf_path: Path) -> dict[str, Any]:
    """The config dict transformers' GGUF loader builds from ``gguf_path``
    (``load_gguf_checkpoint(path)["config"]``), for the architectures the export writes.

    That loader parses the file with gguf-py's ``GGUFReader``, which decodes every
    vocabulary entry and merge through numpy memory-map slices: about 3 s for a
    49,152-token vocabulary, most of the checks' time. This reads the same metadata with
    transformers' fast reader (``read_gguf_metadata``, which leaves string arrays as their
    length) and maps the keys with transformers' own table (``GGUF_CONFIG_MAPPING``), step
    for step as the loader does: the architecture, its "mistral" rename, the defaults, the
    tied head from the tensor names, the vocabulary size from the token count.
    tests/core/export/test_gguf_roundtrip.py holds it equal to the loader's dict for every
    architecture the export writes."""
    from transformers.integrations.ggml import GGUF_CONFIG_DEFAULTS_MAPPING, GGUF_CONFIG_MAPPING
    from transformers.integrations.gguf.reader import read_gguf_metadata

    mapping: dict[str, dict[str, Any]] = GGUF_CONFIG_MAPPING  # type: ignore[assignment]
    defaults: dict[str, dict[str, Any]] = GGUF_CONFIG_DEFAULTS_MAPPING
    metadata, tensor_names = read_gguf_metadata(str(gguf_path))
    arch = str(metadata["general.architecture"])
    if arch not in {spec.gguf_name for spec in gguf_arch.SUPPORTED.values()}:
        # not written by this export: transformers' own loader, however slow
        from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

        loaded: dict[str, Any] = load_gguf_checkpoint(  # type: ignore[no-untyped-call]
            str(gguf_path), return_tensors=False)
        return dict(loaded["config"])
    # The loader renames llama to mistral when the file's name is exactly "mistral".
    renamed = "mistral" if arch == "llama" and metadata.get("general.name") == "mistral" \
        else arch
    config: dict[str, Any] = {"tie_word_embeddings": "output.weight" not in tensor_names}
    for key, value in defaults.get(renamed, defaults.get(arch) or {}).items():
        config.setdefault(key, value)
    for key, value in metadata.items():
        prefix, _, rest = key.replace(arch, renamed).partition(".")
        target = mapping.get(prefix, {}).get(rest)
        if target is None or target == -1:
            continue
        config[target] = value.replace(arch, renamed) if isinstance(value, str) and \
            arch in value else value
    if "vocab_size" not in config and "tokenizer.ggml.tokens" in metadata:
        config["vocab_size"] = metadata["tokenizer.ggml.tokens"]  # the fast reader's count
    return config


@contextmanager
def _fast_gguf_config(gguf_path: Path) -> Iterator[None]:
    """Inside the block, transformers reads ``gguf_path`` the quick way, for the same
    answers.

    - ``AutoConfig`` and ``AutoTokenizer`` both ask ``load_gguf_checkpoint`` for the config
      of an architecture transformers' fast GGUF path does not cover (llama among them);
      that call would parse the whole vocabulary with gguf-py (see :func:`gguf_config`).
      Here it gets :func:`gguf_config`; any other call passes straight through.
    - transformers' metadata reader maps the file as a ``numpy.memmap`` and slices it once
      per vocabulary entry and merge; each slice of that subclass runs its Python
      ``__array_finalize__``, and reading the 1.1B bench model's 98,000 strings took 0.2 s.
      Here its ``_mapped`` hands out the same map as a plain array: 0.08 s.

    Both functions are restored after, also when the block raises.
    """
    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    real: Callable[..., Any] = gguf_utils.load_gguf_checkpoint

    def config_only(path: Any, return_tensors: bool = False, *args: Any, **kwargs: Any) -> Any:
        if return_tensors or args or kwargs or Path(path) != gguf_path:
            return real(path, return_tensors, *args, **kwargs)
        return {"config": gguf_config(gguf_path)}

    setattr(gguf_utils, "load_gguf_checkpoint", config_only)  # noqa: B010 - see the docstring
    try:
        with _plain_gguf_map():
            yield
    finally:
        setattr(gguf_utils, "load_gguf_checkpoint", real)  # noqa: B010


@contextmanager
def _plain_gguf_map() -> Iterator[None]:
    """transformers' GGUF reader maps files as plain arrays inside the block (see
    :func:`_fast_gguf_config`); a transformers without that helper is left as it is."""
    from transformers.integrations.gguf import reader

    real = getattr(reader, "_mapped", None)
    if real is None:
        yield
        return

    def plain(path: Any) -> np.ndarray:
        return np.asarray(real(path)).view(np.ndarray)

    setattr(reader, "_mapped", plain)  # noqa: B010 - see _fast_gguf_config
    try:
        yield
    finally:
        setattr(reader, "_mapped", real)  # noqa: B010


def verify_gguf(merged_dir: Path, gguf_path: Path, out_type: str, arch: str,
                on_event: events.EventCallback = events.ignore_events, *,
                memory_budget: int | None = None,
                progress: ExportProgress | None = None,
                control: JobControl | None = None,
                written: WrittenFiles | None = None,
                merged_tokenizer: Any = None) -> tuple[Check, ...]:
    """All four checks; ``memory_budget`` (bytes) gates the logits check (None: half the
    RAM available now); ``written``: what the export pass recorded (see ``check_tensors``);
    ``merged_tokenizer``: the tokenizer the export saved into ``merged_dir`` (None: it is
    loaded from there; loading it again took 0.12 to 0.35 s, its tokenizer.json parsed
    twice, for the object that wrote that file).

    The checks run one after the other: the ``file`` check in a thread of its own, beside
    the config and tokenizer checks, took as long as both in turn on two cores (its
    thousands of reads and digests each wait for the GIL that the tokenizer's Python
    holds); measured again with the threaded read-back, the checks took 0.70 to 0.91 s
    side by side against 0.73 to 0.92 s in turn (1.1B bench model, 6 runs each)."""
    from transformers import AutoConfig, AutoTokenizer

    progress = progress or ExportProgress(on_event)
    config = AutoConfig.from_pretrained(str(merged_dir))
    files = check_tensors(merged_dir, gguf_path, out_type, config, progress, control, written)
    with _fast_gguf_config(gguf_path):
        metadata = check_metadata(config, gguf_path.parent, gguf_path.name, arch)
        gguf_tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    merged_tok = merged_tokenizer if merged_tokenizer is not None else \
        AutoTokenizer.from_pretrained(str(merged_dir))
    checks = [metadata, check_tokenizer(merged_tok, gguf_tok, SAMPLE_TEXTS), files]
    budget = default_memory_budget() if memory_budget is None else memory_budget
    checks.append(check_logits(merged_dir, gguf_path, out_type, arch, config, merged_tok,
                               budget, default=memory_budget is None))
    return tuple(checks)

"""One export, from run directory to finished folder: merge, GGUF, verify, app files.

The merge and the GGUF are one streaming pass (``blockpass``): each merged chunk goes to
the merged shards and into the GGUF at once, so the merged model is never read back into
memory. The pass records a digest of every chunk it wrote; the check then reads both
files back, chunk by chunk, and compares. Progress is counted in bytes over both steps
(see ``progress``).

Everything is written into a hidden sibling folder and renamed to ``out_dir`` at the very
end, so a crash, a full disk or a cancel never leaves something that looks like a finished
export. The disk space is checked before any work starts.

``export_run`` ends like every long core call: it returns the ``ExportResult`` or raises a
``UserError`` (``Cancelled`` when its ``JobControl`` was cancelled). The last event it
emits mirrors that end for whoever only watches the events (the log, ``metrics``):
``Finished`` (completed or cancelled) or ``Failed``; a caller acts on the return or the
raise, never on both.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import traceback
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core import events, gcpause
from dpo_desktop.core.errors import Cancelled, JobControl, UserError, from_os_error, newest_file
from dpo_desktop.core.export import diskspace, gguf_types, lmstudio, ollama, q8_kernel
from dpo_desktop.core.export.blockpass import plan_tasks, run_pass
from dpo_desktop.core.export.card import gguf_section, model_card
from dpo_desktop.core.export.gguf_arch import spec_for
from dpo_desktop.core.export.gguf_writer import GGUFReport, GGUFStream, HeadRows
from dpo_desktop.core.export.merge import (
    MergePlan,
    plan_merge,
    report,
    write_metadata,
)
from dpo_desktop.core.export.progress import ExportProgress
from dpo_desktop.core.export.result import ExportResult
from dpo_desktop.core.export.runinfo import RunInfo, read_run
from dpo_desktop.core.export.safetensors_stream import ShardWriter
from dpo_desktop.core.export.summary import instructions_text
from dpo_desktop.core.export.verify import Check, verify_gguf
from dpo_desktop.core.export.written import WrittenFiles
from dpo_desktop.core.i18n import CHOOSE_ONE, QT_TRANSLATE_NOOP, Text

# GGUF-stage errors after which the merged model is still worth keeping.
_GGUF_UNSUPPORTED = {"gguf_unsupported_arch", "gguf_unsupported_tokenizer",
                     "gguf_no_tokenizer_json", "gguf_unmapped_tensor"}


@dataclass(frozen=True)
class ExportOptions:
    out_dir: Path
    gguf_type: str | None = "q8_0"  # None: the merged model only
    ollama: bool = False
    lmstudio: bool = False
    verify: bool = True
    merge_dtype: str = "auto"
    model_name: str | None = None
    # Bytes the logits check may use (None: half the RAM free when the check starts).
    memory_budget: int | None = None
    # The assistant's SYSTEM text in the Modelfile; None or blank: the base model's default.
    system_prompt: str | None = None
    # Ollama PARAMETER lines (GenerationSettings.app_parameters()): answer as in the preview.
    parameters: tuple[tuple[str, float | int], ...] = ()


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "dpo-model"


def _prepare_out(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UserError.of(
            "export_out_exists",
            QT_TRANSLATE_NOOP("messages", "{folder} already exists and is not empty."),
            QT_TRANSLATE_NOOP("messages", "Choose a new --out folder, or delete the old export "
                                          "first."), folder=str(out_dir))


def _gguf_bytes(plan: MergePlan, gguf_type: str) -> int:
    """The GGUF's tensor bytes, exactly, plus room for its header and vocabulary."""
    from dpo_desktop.core.export.gguf_arch import spec_for
    from dpo_desktop.core.export.gguf_writer import plan_tensors

    try:
        plans, _ = plan_tensors(plan.shapes(), plan.config, spec_for(plan.config), gguf_type)
    except UserError:
        return 0  # not writable: only the merged model will be
    return sum(p.nbytes for p in plans) + 16 * 2**20


def _estimate(plan: MergePlan, options: ExportOptions) -> int:
    """What the export will write: the merged shards exactly, the GGUF (twice when LM
    Studio's copy cannot be a hard link), the tokenizer and the small files."""
    tokenizer = sum(p.stat().st_size for p in plan.tokenizer_dir.iterdir()
                    if p.is_file() and p.suffix in (".json", ".model", ".jinja", ".txt"))
    gguf = _gguf_bytes(plan, options.gguf_type) if options.gguf_type else 0
    return plan.output_bytes + gguf * (2 if options.lmstudio else 1) + tokenizer \
        + diskspace.MARGIN_BYTES


def _relocate(path: Path | None, tmp: Path, final: Path) -> Path | None:
    return None if path is None else final / path.relative_to(tmp)


def export_run(run_dir: str | Path, options: ExportOptions,
               on_event: events.EventCallback = events.ignore_events,
               control: JobControl | None = None) -> ExportResult:
    """Export a finished run; see the module docstring. Raises UserError (Cancelled too)."""
    out_dir = Path(options.out_dir).expanduser().resolve()
    tmp: Path | None = None
    deferred: UserError | None = None
    try:
        if options.gguf_type is not None and options.gguf_type not in gguf_types.GGUF_TYPES:
            raise UserError.of(
                "gguf_bad_type", QT_TRANSLATE_NOOP("messages", "“{type}” is not a GGUF type."),
                CHOOSE_ONE,
                type=options.gguf_type, choices=tuple(gguf_types.GGUF_TYPES))
        if options.gguf_type == "q8_0":
            q8_kernel.warm_up()  # while the plan, the metadata and the vocabulary are read
        info = read_run(run_dir)
        _prepare_out(out_dir)
        on_event(events.PhaseChanged("merging", "reading the base model and the adapter"))
        # Parsing the tokenizer, the vocabulary and the GGUF's own tokenizer back builds
        # hundreds of thousands of objects that reference counting frees; each full
        # collection they would trigger walks every object torch and transformers hold
        # (0.2 s each on the 1.1B bench, several per export). See core.gcpause.
        with gcpause.paused():
            plan = plan_merge(info, options.merge_dtype)
            diskspace.check_free_space(out_dir, _estimate(plan, options))
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp = out_dir.parent / f".{out_dir.name}.partial-{uuid.uuid4().hex[:8]}"
            tmp.mkdir()
            result, deferred = _build(info, plan, options, tmp, out_dir, on_event, control)
        for note in result.notes:
            on_event(events.LogLine.of("warning", "export_note", note.template,
                                       **dict(note.params)) if isinstance(note, Text) else
                     events.LogLine("warning", note, code="export_note"))
        _finalize(tmp, out_dir)
        tmp = None
        if deferred is not None:
            on_event(events.Failed.of(deferred))
            raise deferred
        on_event(events.Finished("completed", outputs=_outputs(result),
                                 message=f"exported to {out_dir}"))
        return result
    except Cancelled:
        on_event(events.Finished("cancelled", message="export cancelled; nothing was kept"))
        raise
    except UserError as exc:
        if exc is not deferred:  # that one was reported above
            on_event(events.Failed.of(exc))
        raise
    except OSError as exc:  # a full disk, a lock, a vanished folder: said plainly, not a bug
        mapped = from_os_error(exc, out_dir if tmp is None or exc.filename is not None
                               else newest_file(tmp))
        mapped.detail = traceback.format_exc()
        on_event(events.Failed.of(mapped))
        raise mapped from exc
    except Exception as exc:
        on_event(events.Failed(f"The export failed: {type(exc).__name__}: {exc}",
                               detail=traceback.format_exc(), code="export_failed"))
        raise
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _finalize(tmp: Path, out_dir: Path) -> None:
    if out_dir.is_dir():  # empty, checked before; Windows cannot rename onto it
        out_dir.rmdir()
    os.replace(tmp, out_dir)


def _outputs(result: ExportResult) -> tuple[tuple[str, str], ...]:
    pairs = [("export", str(result.out_dir)), ("merged", str(result.merged.path))]
    if result.gguf is not None:
        pairs.append(("gguf", str(result.gguf.path)))
    if result.modelfile is not None:
        pairs.append(("modelfile", str(result.modelfile)))
    if result.lmstudio_file is not None:
        pairs.append(("lmstudio", str(result.lmstudio_file)))
    return tuple(pairs)


def _open_gguf(plan: MergePlan, options: ExportOptions, path: Path, name: str,
               merged_dir: Path, tokenizer: Any) -> GGUFStream:
    assert options.gguf_type is not None
    return GGUFStream(path, options.gguf_type, model_name=name, meta_dir=merged_dir,
                      config=plan.config, shapes=plan.shapes(), record=options.verify,
                      tokenizer=tokenizer)


def _build(info: RunInfo, plan: MergePlan, options: ExportOptions, tmp: Path, final: Path,
           on_event: events.EventCallback, control: JobControl | None,
           ) -> tuple[ExportResult, UserError | None]:
    # The chunks are planned (and the BLAS probed, mostly outside the GIL) in a thread of
    # their own while this one writes the metadata and the GGUF header, Python that holds
    # the GIL: 0.2 to 0.3 s of a 1.1B model's export that no longer waits in line.
    with ThreadPoolExecutor(1, "export-plan") as planner:
        planned = planner.submit(plan_tasks, plan, _row_rules(plan, options))
        return _build_planned(info, plan, options, tmp, final, on_event, control, planned)


def _row_rules(plan: MergePlan, options: ExportOptions) -> list[HeadRows]:
    """The GGUF's rule for where chunks start, when it will be written (see ``_build``)."""
    if options.gguf_type is None:
        return []
    try:
        spec = spec_for(plan.config)
    except UserError:  # no GGUF for this architecture: only the merged model is written
        return []
    return [HeadRows(spec, plan.config, plan.shapes())]


def _build_planned(info: RunInfo, plan: MergePlan, options: ExportOptions, tmp: Path,
                   final: Path, on_event: events.EventCallback, control: JobControl | None,
                   planned: Future[list[Any]]) -> tuple[ExportResult, UserError | None]:
    name = safe_name(options.model_name or info.name)
    notes: list[Text | str] = list(info.warnings)
    merged_dir = tmp / "merged"
    assert plan.dtype is not None
    tokenizer = write_metadata(plan, merged_dir, model_card(info, dtype=plan.dtype))
    stream: GGUFStream | None = None
    deferred: UserError | None = None
    if options.gguf_type is not None:
        gguf_path = tmp / f"{name}-{options.gguf_type}.gguf"
        try:
            stream = _open_gguf(plan, options, gguf_path, name, merged_dir, tokenizer)
        except UserError as exc:
            if exc.code not in _GGUF_UNSUPPORTED:
                raise
            gguf_path.unlink(missing_ok=True)
            deferred = UserError.of(
                exc.code, exc.template, QT_TRANSLATE_NOOP(
                    "messages", "The merged model was written to {merged}. The merged 16-bit "
                                "model in the “merged” folder is complete; convert it with "
                                "llama.cpp's own converter: python convert_hf_to_gguf.py merged "
                                "--outtype q8_0"),
                **exc.params, merged=str(final / "merged"))
            notes.append(Text(QT_TRANSLATE_NOOP("messages", "GGUF not written: {reason}"),
                              (("reason", Text(exc.template, tuple(exc.params.items()))),)))
    phase: events.Phase = "writing_gguf" if stream is not None else "merging"
    steps: list[tuple[events.Phase, int]] = [(phase, plan.source_bytes)]
    if stream is not None and options.verify:
        steps.append(("verifying", sum(t.nbytes for t in plan.tensors) + stream.nbytes))
    progress = ExportProgress(on_event, steps)
    progress.start(phase, "merging the adapter and writing the GGUF file" if stream else
                   "merging the adapter", plan.source_bytes)
    writer = ShardWriter(merged_dir, plan.tensors, record=stream is not None and options.verify)
    gguf: GGUFReport | None = None
    try:
        run_pass(plan, [writer] + ([stream] if stream is not None else []),
                 progress.advance, control, tasks=planned.result())
        progress.complete()
        writer.close()
        if stream is not None:
            gguf = stream.finish()
    finally:
        writer.abort()
        if stream is not None:
            stream.close()
    merged = report(plan, merged_dir)
    checks: tuple[Check, ...] = ()
    modelfile = command = lm_file = None
    if gguf is not None:
        assert stream is not None
        notes += gguf.notes
        with (merged.path / "README.md").open("a", encoding="utf-8") as card:  # model card
            card.write(gguf_section(gguf.path.name, gguf.out_type, gguf.type_counts))
        if control is not None:
            control.raise_if_cancelled()
        if options.verify:
            checks = verify_gguf(merged.path, gguf.path, gguf.out_type, gguf.arch, on_event,
                                 memory_budget=options.memory_budget, progress=progress,
                                 control=control,
                                 written=WrittenFiles(writer.chunks, stream.chunks),
                                 merged_tokenizer=tokenizer)
        if options.ollama:
            family = ollama.chat_family(getattr(tokenizer, "chat_template", None))
            if family is None:
                notes.append(Text(QT_TRANSLATE_NOOP(
                    "messages", "Ollama: the chat format was not recognised; the Modelfile has "
                                "no TEMPLATE")))
            system = (options.system_prompt or "").strip() or (
                ollama.default_system_prompt(tokenizer, family) if family else None)
            modelfile = tmp / "Modelfile"
            modelfile.write_text(ollama.modelfile_text(gguf.path.name, family, system,
                                                       options.parameters), encoding="utf-8")
            command = ollama.create_command(name, str(final / "Modelfile"))
        if options.lmstudio:
            lm_file = lmstudio.lmstudio_layout(tmp, gguf.path, name)
    result = ExportResult(
        out_dir=final, model_name=name,
        merged=dataclasses.replace(merged, path=final / "merged"),
        gguf=None if gguf is None else dataclasses.replace(gguf, path=final / gguf.path.name),
        checks=checks, modelfile=_relocate(modelfile, tmp, final), ollama_command=command,
        lmstudio_file=_relocate(lm_file, tmp, final), notes=tuple(notes))
    (tmp / "README.md").write_text(instructions_text(result), encoding="utf-8")
    (tmp / "export.json").write_text(
        json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result, deferred

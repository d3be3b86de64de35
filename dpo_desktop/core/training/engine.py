"""``Engine.run(config, on_event)``: one DPO run from settings to a saved LoRA adapter.

It resolves the model, picks a backend, imports and splits the data into the run
directory, builds TRL's ``DPOTrainer`` with a PEFT LoRA adapter (the reference model is
the same model with the adapter disabled, never a second copy), measures held-out
preference accuracy before and after, and writes the run directory. Every problem ends
as a ``Failed`` event and ``status.json`` = failed; nothing is raised to the caller.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from dpo_desktop.core.atomic import atomic_dir, atomic_write_text
from dpo_desktop.core.config import RunConfig, config_to_toml, load_config, validate
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.events import (
    EvalMetrics,
    Event,
    EventCallback,
    Failed,
    Finished,
    LogLine,
    PhaseChanged,
    ignore_events,
)
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.core.training.checkpoints import ADAPTER_CONFIG
from dpo_desktop.core.training.control import as_training_control
from dpo_desktop.core.training.datacopy import check_source, record_source
from dpo_desktop.core.training.resume import ResumeChoice
from dpo_desktop.core.training.rundir import RunDir, default_runs_dir, new_run_name
from dpo_desktop.core.training.runlock import release_lock, write_lock

RunStatus = Literal["completed", "cancelled", "failed"]
# The log lines that say how the data was split.
SPLIT = QT_TRANSLATE_NOOP("messages", "{train} training pairs, {held} held out.")
SPLIT_SKIPPED = QT_TRANSLATE_NOOP("messages", "{train} training pairs, {held} held out, "
                                              "{skipped} rows skipped (see the validation "
                                              "report).")
# The log line that says which backend trains (by the code ``backend:<label>``).
BACKEND_LABELS = {
    "cpu-lora": QT_TRANSLATE_NOOP("messages", "Backend: cpu-lora (full-precision LoRA on the "
                                              "CPU: slow, meant for small models and the demo)."),
    "qlora": QT_TRANSLATE_NOOP("messages", "Backend: qlora (4-bit NF4 QLoRA on the GPU)."),
    "qlora-cpu": QT_TRANSLATE_NOOP("messages", "Backend: qlora (4-bit NF4 QLoRA on the CPU: "
                                               "slower than cpu-lora, but needs far less "
                                               "memory)."),
    "unsloth": QT_TRANSLATE_NOOP("messages", "Backend: unsloth (4-bit, unsloth kernels)."),
}


@dataclass(frozen=True)
class RunResult:
    status: RunStatus
    run_dir: Path | None
    message: str = ""
    failure: Failed | None = None


def run_dir_for(config: RunConfig) -> RunDir:
    if config.output_dir:
        return RunDir(config.output_dir)
    return RunDir(default_runs_dir() / (config.name or new_run_name()))


def is_main_process() -> bool:
    """Under torchrun / accelerate launch only rank 0 writes the run directory."""
    return int(os.environ.get("RANK", "0")) == 0


def _shared_run_name(config: RunConfig) -> RunConfig:
    """Under torchrun, give every rank rank 0's default run name.

    Each rank would otherwise stamp its own time, and a rank that starts a second later
    would put its checkpoint files (the trainer saves per-rank RNG state) in another
    folder. Joining the process group here is what the trainer would do a little later.
    """
    if config.output_dir or config.name or int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return config
    import torch
    from accelerate import PartialState
    from accelerate.utils import broadcast_object_list

    PartialState(cpu=not torch.cuda.is_available())
    name = [new_run_name()]
    broadcast_object_list(name, from_process=0)
    return replace(config, name=str(name[0]))


class Engine:
    """Runs one training job at a time. ``control`` (any :class:`JobControl`; a
    ``TrainingControl`` adds the quick stop) pauses or stops it from another thread.

    ``extra_callbacks`` are added to the trainer (tests use one to inject faults).
    """

    def __init__(self, control: JobControl | None = None,
                 extra_callbacks: Sequence[Any] = ()) -> None:
        self.control = as_training_control(control)
        self.extra_callbacks = list(extra_callbacks)

    def resume(self, run_dir: str | os.PathLike[str],
               on_event: EventCallback = ignore_events, choice: ResumeChoice = "ask"
               ) -> RunResult:
        """Continue ``run_dir`` from its newest whole checkpoint.

        When there is none, or the newest is damaged, ``choice`` decides: ``ask`` (the
        default) fails with a ``resume_choice`` message that names both ways; ``last_good``
        continues from the newest whole checkpoint; ``start_over`` trains again from step
        1 on the run's own data split. Nothing restarts silently.
        """
        from dpo_desktop.core.training.resume import (
            apply_choice,
            choice_needed_error,
            inspect_run,
        )

        folder = RunDir(run_dir)
        try:
            if not folder.config.is_file():
                raise UserError.of(
                    "not_a_run",
                    QT_TRANSLATE_NOOP("messages", "“{path}” is not a run directory (no "
                                                  "run.toml)."),
                    QT_TRANSLATE_NOOP("messages", "Give the folder that `dpo-desktop train` "
                                                  "created."), path=str(folder.root))
            if folder.read_status().get("status") == "completed":
                raise UserError.of(
                    "run_complete",
                    QT_TRANSLATE_NOOP("messages", "The run in “{path}” already completed."),
                    QT_TRANSLATE_NOOP("messages", "Start a new run instead, e.g. with its "
                                                  "run.toml and a new --out."),
                    path=str(folder.root))
            plan = inspect_run(folder.root)
            if plan.in_use_pid is not None:
                raise UserError.of(
                    "run_in_use",
                    QT_TRANSLATE_NOOP("messages", "The run “{run}” is still being trained by "
                                                  "another program (process {pid})."),
                    QT_TRANSLATE_NOOP("messages", "Wait for it to finish, or stop it there "
                                                  "first."),
                    run=folder.root.name, pid=plan.in_use_pid)
            if plan.needs_choice and (choice == "ask" or (choice == "last_good"
                                                          and plan.checkpoint is None)):
                raise choice_needed_error(plan)
            config = replace(load_config(folder.config), output_dir=str(folder.root))
            # "last_good" also drops a cut-off metrics line and newer broken checkpoints
            apply_choice(plan, "start_over" if choice == "start_over" else "last_good")
        except UserError as exc:
            event = _failed(exc)
            on_event(event)
            return RunResult("failed", None, exc.message, event)
        except OSError as exc:
            failure = Failed.of(UserError.of(
                "resume_io",
                QT_TRANSLATE_NOOP("messages", "Cannot prepare “{run}” for resuming: {reason}."),
                QT_TRANSLATE_NOOP("messages", "Check that the run folder can be written to."),
                detail=repr(exc), run=folder.root.name, reason=str(exc.strerror or exc)))
            on_event(failure)
            return RunResult("failed", None, failure.message, failure)
        for problem in plan.notices + (plan.damaged if choice != "start_over" else ()):
            on_event(LogLine.of("warning", f"resume:{problem.code}", problem.template,
                                **problem.params))
        if choice == "start_over":
            on_event(LogLine.of("info", "resume:start_over", QT_TRANSLATE_NOOP(
                "messages", "Starting the run over from step 1.")))
        return self.run(config, on_event, resume=True)

    def run(self, config: RunConfig, on_event: EventCallback = ignore_events, *,
            resume: bool = False) -> RunResult:
        folder: RunDir | None = None
        main = is_main_process()

        def emit(event: Event) -> None:
            if folder is not None and main and folder.root.is_dir():
                folder.append_event(event)
            on_event(event)

        try:
            config = _shared_run_name(validate(config))
            folder = run_dir_for(config)
            self._prepare_folder(folder, config, resume, main)
            return self._train(config, folder, emit, resume, main)
        except KeyboardInterrupt:
            if folder is not None and main and folder.root.is_dir():
                with contextlib.suppress(OSError):  # e.g. the disk is full
                    folder.write_status("cancelled", "Interrupted.", continue_later=True)
            raise
        except BaseException as exc:
            from dpo_desktop.core.training.faults import failure_event

            event = failure_event(exc, folder.root if folder is not None else None)
            # The disk that failed may fail again: the user hears of it all the same.
            with contextlib.suppress(OSError):
                if folder is not None and main and folder.root.is_dir():
                    folder.append_event(event)
            on_event(event)
            if folder is not None and main and folder.root.is_dir():
                with contextlib.suppress(OSError):
                    folder.write_status("failed", event.message, hint=event.hint,
                                        code=event.code)
            if not isinstance(exc, Exception):
                raise
            return RunResult("failed", folder.root if folder else None, event.message, event)
        finally:
            from dpo_desktop.core.training.faults import release_memory

            if folder is not None:
                folder.close()
                if main:
                    release_lock(folder.lock)
            release_memory()

    # ------------------------------------------------------------------ steps

    @staticmethod
    def _prepare_folder(folder: RunDir, config: RunConfig, resume: bool, main: bool) -> None:
        # Only rank 0 checks: under torchrun the other ranks may look after rank 0 has
        # already created the folder. If rank 0 refuses, the launcher stops the others.
        if main and not resume and folder.has_run():
            raise UserError.of(
                "run_exists", QT_TRANSLATE_NOOP("messages", "“{path}” already holds a run."),
                QT_TRANSLATE_NOOP("messages", "Continue it with `dpo-desktop train --resume "
                                              "{path}`, or choose another output folder."),
                path=str(folder.root))
        if main:
            folder.create()
            write_lock(folder.lock)  # before the status: "running" always has an owner
            folder.write_status("running", "Resuming." if resume else "Starting.")

    def _train(self, config: RunConfig, folder: RunDir, emit: EventCallback, resume: bool,
               main: bool) -> RunResult:
        from dpo_desktop.core import hardware, models
        from dpo_desktop.core.training import backends, shared_prompt, speed

        info = hardware.probe(measure_speed=False)
        if config.model.backend != "auto":  # an impossible request fails before any loading
            hardware.choose_backend(info, config.model.backend)
        emit(PhaseChanged("loading_model", f"Loading {config.model.spec}…"))
        resolved = models.resolve_model(config.model.spec, allow_pickle=config.model.allow_pickle,
                                        trust_remote_code=config.model.trust_remote_code,
                                        on_event=emit)
        backend = hardware.choose_backend(info, config.model.backend, resolved.model_type,
                                          _memory_needs(resolved.path, config, info))
        label = backend if info.cuda or backend != "qlora" else "qlora-cpu"
        emit(LogLine.of("info", f"backend:{label}", BACKEND_LABELS[label]))
        if main and not resume:
            atomic_write_text(folder.config, _run_toml(config, backend, resolved.path))
        train_pairs, eval_pairs = self._data(config, folder, emit, resume, main)
        loaded = backends.load(backend, resolved, config, info)
        plan = speed.plan(config, backend, info, train_rows=len(train_pairs),
                          eval_rows=len(eval_pairs),
                          shape=speed.model_shape(getattr(loaded.model, "config", None)),
                          prompt_sharing=shared_prompt.supported(loaded.model),
                          longest_pair=speed.longest_pair_tokens(train_pairs, loaded.tokenizer))
        emit(LogLine.of("info", "speed_plan", QT_TRANSLATE_NOOP(
            "messages", "Speed: precision = {precision}; gradient checkpointing = {checkpointing}; "
                        "reference precompute = {precompute}; length-grouped batches = "
                        "{grouped}; Liger kernels = {liger}; shared prompt pass = {shared}."),
            precision=plan.precision, checkpointing=_on(plan.gradient_checkpointing),
            precompute=_on(plan.precompute_reference), grouped=_on(plan.group_by_length),
            liger=_on(plan.liger), shared=_on(plan.share_prompt)))
        if main and not resume:
            atomic_write_text(folder.config, _run_toml(config, backend, resolved.path, plan))

        emit(PhaseChanged("preparing_data", "Tokenizing the pairs…"))
        trainer = self._trainer(config, folder, loaded, plan, train_pairs, eval_pairs, emit)
        try:
            return self._fit(config, folder, trainer, resolved.path, emit, resume, main, backend)
        finally:
            trainer.model = trainer.model_wrapped = None  # let release_memory free the weights
            del trainer, loaded

    def _data(self, config: RunConfig, folder: RunDir, emit: EventCallback, resume: bool,
              main: bool) -> tuple[Any, Any]:
        from dpo_desktop.core.data import load_preferences, report_to_dict, write_pairs_jsonl
        from dpo_desktop.core.resources import sample_path

        emit(PhaseChanged("preparing_data", "Reading the data…"))
        if resume and folder.train_data.is_file():
            emit(check_source(folder.data))
            train = load_preferences(folder.train_data).pairs
            held = (load_preferences(folder.eval_data).pairs
                    if folder.eval_data.is_file() and folder.eval_data.stat().st_size else ())
            return train, held
        path = Path(config.data.path) if config.data.path else sample_path("support_en.csv")
        dataset = load_preferences(path, dict(config.data.mapping) or None,
                                   sheet=config.data.sheet or None)
        if not dataset.pairs:
            raise UserError.of(
                "no_valid_rows",
                QT_TRANSLATE_NOOP("messages", "“{name}” has no usable preference pairs."),
                QT_TRANSLATE_NOOP("messages", "Run `dpo-desktop check-data {file}` to see the "
                                              "problems by row."),
                file=str(path), name=path.name)
        train, held = dataset.split(config.data.eval_fraction, config.training.seed)
        if not train:
            raise UserError.of(
                "too_few_rows",
                QT_TRANSLATE_NOOP("messages", "“{name}” has too few pairs to train on."),
                QT_TRANSLATE_NOOP("messages", "Add pairs, or lower data.eval_fraction."),
                file=str(path), name=path.name)
        if main:
            write_pairs_jsonl(train, folder.train_data)
            write_pairs_jsonl(held, folder.eval_data)
            folder.write_json(folder.report, report_to_dict(dataset))
            emit(record_source(folder.data, path))
        skipped = dataset.report.rows_total - dataset.report.rows_valid
        if skipped:
            emit(LogLine.of("info", "data_split", SPLIT_SKIPPED, train=len(train),
                            held=len(held), skipped=skipped))
        else:
            emit(LogLine.of("info", "data_split", SPLIT, train=len(train), held=len(held)))
        return train, held

    def _trainer(self, config: RunConfig, folder: RunDir, loaded: Any, plan: Any,
                 train_pairs: Any, eval_pairs: Any, emit: EventCallback) -> Any:
        from transformers.trainer_callback import PrinterCallback, ProgressCallback
        from trl.trainer.dpo_config import DPOConfig
        from trl.trainer.dpo_trainer import DPOTrainer

        from dpo_desktop.core.data import pairs_to_hf_dataset
        from dpo_desktop.core.training.callbacks import EventBridge

        t = config.training
        loss_types, weights = [t.loss_type], [1.0]
        if t.rpo_alpha > 0:  # RPO: DPO plus an NLL term on the chosen answers
            loss_types, weights = [t.loss_type, "sft"], [1.0, t.rpo_alpha]
        has_eval = len(eval_pairs) > 0
        args = DPOConfig(
            output_dir=str(folder.checkpoints), beta=t.beta, loss_type=loss_types,
            loss_weights=weights, label_smoothing=t.label_smoothing,
            learning_rate=t.learning_rate, lr_scheduler_type=t.lr_scheduler,
            warmup_steps=t.warmup_ratio, num_train_epochs=t.epochs,
            max_steps=t.max_steps if t.max_steps > 0 else -1,
            per_device_train_batch_size=t.batch_size, per_device_eval_batch_size=t.batch_size,
            gradient_accumulation_steps=t.grad_accumulation, max_length=t.max_length,
            truncation_mode=t.truncation, seed=t.seed, data_seed=t.seed,
            eval_strategy="steps" if has_eval and t.eval_steps else "no",
            eval_steps=t.eval_steps or None, save_strategy="steps", save_steps=t.save_steps,
            save_total_limit=2, logging_steps=1, report_to="none", disable_tqdm=True,
            include_num_input_tokens_seen="non_padding", dataloader_num_workers=0,
            # Under DDP: every LoRA weight is used in every forward, so skip the per-step
            # search for unused parameters that transformers turns on for PEFT models.
            ddp_find_unused_parameters=False,
            **_checkpointing_names(DPOConfig, {**loaded.trainer_args,
                                               **plan.trainer_args()}))
        trainer_class: Any = DPOTrainer
        if plan.precompute_reference:
            total = len(train_pairs) + len(eval_pairs)
            emit(PhaseChanged("precomputing_reference", PRECOMPUTE_MESSAGE, current=0,
                              total=total))
            trainer_class = _with_precompute_progress(DPOTrainer, emit, total)
        trainer = trainer_class(
            model=loaded.model, ref_model=None, args=args,
            train_dataset=pairs_to_hf_dataset(train_pairs),
            eval_dataset=pairs_to_hf_dataset(eval_pairs) if has_eval else None,
            processing_class=loaded.tokenizer, peft_config=loaded.peft_config)
        if plan.group_by_length:
            from dpo_desktop.core.training import batching

            batching.install(trainer, t.batch_size, t.seed)
        if plan.share_prompt:
            from dpo_desktop.core.training import shared_prompt

            model = trainer.model
            base = model.get_base_model() if hasattr(model, "get_base_model") else model
            outputs: tuple[str, ...] = ("log_probs", "entropy", "mean_logits", "is_top1")
            if getattr(trainer, "use_weighting", False):  # WPO weights read this one
                outputs += ("log_sum_sq_probs",)
            shared_prompt.install(base, outputs)
        if plan.frozen_bf16:  # after PEFT wrapped it: the LoRA weights stay fp32
            from dpo_desktop.core.training.frozen import store_frozen_linears_in_bf16

            store_frozen_linears_in_bf16(trainer.model)
        for noisy in (PrinterCallback, ProgressCallback):
            trainer.remove_callback(noisy)
        for callback in self.extra_callbacks:  # before the bridge, so they act on this step
            trainer.add_callback(callback)
        trainer.add_callback(EventBridge(emit, self.control, lambda s: self._status(folder, s)))
        return trainer

    @staticmethod
    def _status(folder: RunDir, status: str) -> None:
        if is_main_process():
            folder.write_status("paused" if status == "paused" else "running",
                                "Paused." if status == "paused" else "Training.")

    def _fit(self, config: RunConfig, folder: RunDir, trainer: Any, base: Path,
             emit: EventCallback, resume: bool, main: bool, backend: str) -> RunResult:
        from dpo_desktop.core.training.scoring import score_eval_set

        beta = config.training.beta
        results = folder.read_eval() if resume else {}
        if "before" not in results:
            before = score_eval_set(trainer, beta, _eval_progress(
                emit, "Measuring held-out preference accuracy before training…"))
            results = {"before": before.to_dict() if before else None,
                       "eval_rows": before.rows if before else 0}
            if before:
                emit(EvalMetrics(step=0, rewards_accuracy=before.accuracy,
                                 rewards_margin=before.margin, label="before"))
            if main:
                folder.write_json(folder.eval_file, results)
        checkpoint = folder.last_checkpoint() if resume else None
        if checkpoint:
            emit(LogLine.of("info", "resumed_from", QT_TRANSLATE_NOOP(
                "messages", "Resuming from {checkpoint}."), checkpoint=checkpoint.name))
        if self.control.stop_requested:  # stopped while loading or measuring "before"
            return self._stopped_early(folder, emit, main)
        emit(PhaseChanged("training", f"Training ({backend})…"))
        if main:
            folder.write_status("running", "Training.")
        trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)

        stopped = self.control.stop_requested
        quick = self.control.quick_stop
        step = int(trainer.state.global_step)
        emit(PhaseChanged("saving", "Saving the adapter…"))
        if main:  # written beside and renamed, so a half-saved adapter never looks saved
            with atomic_dir(folder.adapter) as partial:
                trainer.save_model(str(partial))
                trainer.processing_class.save_pretrained(str(partial))
                _point_adapter_at(partial, base)
        if not quick:
            after = score_eval_set(trainer, beta, _eval_progress(
                emit, "Measuring held-out preference accuracy after training…"))
            if after:
                results["after"] = after.to_dict()
                results["eval_rows"] = after.rows
                emit(EvalMetrics(step=step, rewards_accuracy=after.accuracy,
                                 rewards_margin=after.margin, label="after"))
        else:  # an old "after" belongs to an earlier step
            results.pop("after", None)
        results["steps"] = step
        status: Literal["completed", "cancelled"] = "cancelled" if stopped else "completed"
        if quick:
            message = (f"Stopped at step {step} to close; a checkpoint is saved. Continue the "
                       "run to finish it (the held-out check runs then).")
        elif stopped:
            message = f"Stopped at step {step}; a checkpoint and the adapter so far are saved."
        else:
            message = f"Finished {step} steps."
        outputs = (("run_dir", str(folder.root)), ("adapter", str(folder.adapter)),
                   ("metrics", str(folder.metrics)), ("eval", str(folder.eval_file)))
        if main:
            folder.write_json(folder.eval_file, results)
            extra = {"continue_later": True} if quick else {}
            folder.write_status(status, message, steps=step, **extra)
        emit(Finished(status=status, outputs=outputs, message=message))
        return RunResult(status, folder.root, message)

    def _stopped_early(self, folder: RunDir, emit: EventCallback, main: bool) -> RunResult:
        message = "Stopped before the first training step; nothing was trained."
        if main:
            extra = {"continue_later": True} if self.control.quick_stop else {}
            folder.write_status("cancelled", message, steps=0, **extra)
        emit(Finished(status="cancelled", outputs=(("run_dir", str(folder.root)),),
                      message=message))
        return RunResult("cancelled", folder.root, message)


def _memory_needs(model_path: Path, config: RunConfig, info: Any) -> Any:
    """The fp32 and 4-bit CPU estimates for this run, for ``auto``'s choice on a CPU;
    None when the model's config.json has no shape the estimate understands."""
    import json

    from dpo_desktop.core.memory import cpu_needs, shape_from_config

    if info.cuda or config.model.backend != "auto":
        return None
    try:
        shape = shape_from_config(json.loads((model_path / "config.json").read_text(
            encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    t = config.training
    return cpu_needs(shape, batch_size=t.batch_size, max_length=t.max_length,
                     lora_rank=config.lora.r, lora_targets=config.lora.target_modules,
                     gradient_checkpointing=t.gradient_checkpointing, bf16=info.bf16)


PRECOMPUTE_MESSAGE = "Scoring the pairs with the original model…"


def _with_precompute_progress(base: Any, emit: EventCallback, total: int) -> Any:
    """``base`` (TRL's DPOTrainer) reporting pairs done of ``total`` while it precomputes
    the reference log-probs; TRL calls ``compute_ref_log_probs`` once per batch there and
    nowhere else, so the phase gets a determinate bar instead of a silent wait."""
    done = [0]

    class ProgressDPOTrainer(base):  # type: ignore[misc]
        def compute_ref_log_probs(self, model: Any, inputs: Any) -> Any:
            result = super().compute_ref_log_probs(model, inputs)
            done[0] = min(total, done[0] + int(inputs["input_ids"].shape[0]) // 2)
            emit(PhaseChanged("precomputing_reference", PRECOMPUTE_MESSAGE, current=done[0],
                              total=total))
            return result

    return ProgressDPOTrainer


def _eval_progress(emit: EventCallback, message: str) -> Any:
    """A progress callback for held-out scoring: ``evaluating`` phase events with
    pairs done of total, so the GUI shows a determinate bar."""
    def progress(done: int, total: int) -> None:
        emit(PhaseChanged("evaluating", message, current=done, total=total))

    return progress


def _checkpointing_names(config_class: Any, values: dict[str, Any]) -> dict[str, Any]:
    """transformers 5.x renamed gradient_checkpointing* to activation_checkpointing*."""
    if "activation_checkpointing" not in getattr(config_class, "__dataclass_fields__", {}):
        return values
    return {key.replace("gradient_checkpointing", "activation_checkpointing"): value
            for key, value in values.items()}


def _on(flag: bool) -> str:
    return "on" if flag else "off"


def _failed(exc: UserError) -> Failed:
    return Failed.of(exc)


def _run_toml(config: RunConfig, backend: str, model_path: Path, plan: Any = None) -> str:
    """The exact config plus what ``auto`` resolved to.

    The name and output folder are left empty so that running the file again starts a
    new run beside this one instead of colliding with it (``--out`` picks a folder).
    """
    import json

    exact = replace(config, output_dir="", name="")
    resolved: dict[str, Any] = {"backend": backend, "model_path": str(model_path)}
    if plan is not None:  # the speed choices and why (see core/training/speed.py)
        resolved.update(plan.resolved())
    return (config_to_toml(exact) + "\n# What this run resolved to (informational; ignored on "
            "load):\n[resolved]\n" + "".join(f"{k} = {json.dumps(v)}\n"
                                             for k, v in resolved.items()))


def _point_adapter_at(adapter: Path, base: Path) -> None:
    """Make the adapter name the local base folder, so export and compare can reload it."""
    import json

    file = adapter / ADAPTER_CONFIG
    data = json.loads(file.read_text(encoding="utf-8"))
    data["base_model_name_or_path"] = str(base)
    atomic_write_text(file, json.dumps(data, indent=2, sort_keys=True))


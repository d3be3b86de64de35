"""Benchmark: training throughput of the engine against a plain TRL script, same run.

Runs on the same model, the same training pairs (the bundled ``support_en.csv``, split
with the engine's eval fraction and seed), the same seed, batch size, max length, step
count and LoRA settings, each in a fresh child process so none inherits another's memory
or warm caches:

- **t** TRL exactly as it ships: a plain ``DPOTrainer`` script with TRL's defaults and no
  precision override, so bf16 autocast on a CPU that has it, gradient checkpointing on;
- **a** the same script with ``bf16=False`` on the CPU (fp32, the old baseline);
- **b** our ``Engine`` set to TRL's defaults (learning rate, linear schedule, no warmup,
  gradient checkpointing, no reference precompute, TRL's checkpoint interval);
- **c** our ``Engine`` with its own defaults (its speed plan: see core/training/speed.py);
- **d** c plus ``precompute_reference``;
- **f** c with bf16 autocast turned off (fp32): bf16 against fp32 on speed *and* held-out
  accuracy, with everything else equal;
- **q** (only with ``--runs``) c with ``backend = "qlora"``: the base in 4-bit NF4 via
  bitsandbytes' CPU kernels (bf16 compute where the CPU has it, gradient checkpointing).
  Its speed is reported beside the others; it is not a goal (4-bit trades speed for RAM).

Every ratio is printed against t and against a. Goals: c/t ≥ 1.5 in steps/s with peak
RSS ≤ t's and held-out accuracy after training ≥ t's at the same step count; b/a ≥ 0.97
(the engine's events, metrics file and memory samples cost < 3 %). The figures are
printed, never asserted. Held-out accuracy is scored the same way for every run (the
engine's ``score_eval_set`` on the held-out split) after the timed part.

What is timed is what a user waits for during training: tokenizing (plus the reference
precompute, when on) and the training loop. Model loading and the held-out scoring are
left out of every run. Runs t and a also count non-padding tokens
(``include_num_input_tokens_seen``, measurement only) and set ``data_seed`` to the seed
as the engine does: with TRL's ``None`` the shuffle differs, so the batches, their
padding and the time per step differ too.

    .venv/bin/python bench/train_throughput.py [--model demo|tiny|FOLDER] [--steps N]
                                               [--runs tabcdf] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(REPO))

RUNS = {"t": "TRL as it ships (bf16 autocast)", "a": "TRL DPOTrainer, bf16 off",
        "b": "Engine, TRL's settings", "c": "Engine, its defaults",
        "d": "Engine, defaults + precompute", "f": "Engine, defaults but fp32"}
RUNS["q"] = "Engine, qlora (4-bit) on the CPU"  # issue #14: speed reported, not a goal
TRL_LEARNING_RATE = 1e-6  # DPOConfig's default; b copies it
TRL_SAVE_STEPS = 500  # TrainingArguments' default checkpoint interval; b copies it


# ---------------------------------------------------------------- child side


def _recorder() -> Any:
    """A trainer callback timing the loop and keeping the losses and token count."""
    from transformers import TrainerCallback

    class Recorder(TrainerCallback):
        def __init__(self) -> None:
            self.loop_seconds = 0.0
            self.loop_cpu_seconds = 0.0
            self.tokens = 0
            self.steps = 0
            self.losses: list[float] = []
            self.train_loss: float | None = None
            self._start = 0.0
            self._cpu_start = 0.0

        def on_train_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            self._start = time.perf_counter()
            self._cpu_start = time.process_time()

        def on_train_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            self.loop_seconds = time.perf_counter() - self._start
            self.loop_cpu_seconds = time.process_time() - self._cpu_start
            self.tokens = int(state.num_input_tokens_seen or 0)
            self.steps = int(state.global_step)

        def on_log(self, args: Any, state: Any, control: Any, logs: Any = None,
                   **kw: Any) -> None:
            logs = logs or {}
            if "loss" in logs:
                self.losses.append(float(logs["loss"]))
            if "train_loss" in logs:
                self.train_loss = float(logs["train_loss"])

    return Recorder()


def _train_pairs(eval_fraction: float, seed: int) -> Any:
    from dpo_desktop.core.data import load_preferences
    from dpo_desktop.core.resources import sample_path

    train, _ = load_preferences(sample_path("support_en.csv")).split(eval_fraction, seed)
    return train


def _held_out_pairs(eval_fraction: float, seed: int) -> Any:
    from dpo_desktop.core.data import load_preferences
    from dpo_desktop.core.resources import sample_path

    _, held = load_preferences(sample_path("support_en.csv")).split(eval_fraction, seed)
    return held


def _run_trl_as_shipped(opts: argparse.Namespace) -> dict[str, Any]:
    """Run t: TRL exactly as a user gets it from its docs: no precision override, so
    bf16 autocast on a CPU that supports it, TRL's gradient checkpointing and learning
    rate. Only the measurement settings of run a are added."""
    return _run_trl(opts, precision={})


def _run_trl(opts: argparse.Namespace, precision: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """Run a: what a user would write from TRL's docs, with our LoRA settings.

    ``precision=None`` turns bf16 off on the CPU (run a); ``{}`` leaves TRL's default.
    """
    import torch
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl.trainer.dpo_config import DPOConfig
    from trl.trainer.dpo_trainer import DPOTrainer

    from dpo_desktop.core.config import RunConfig
    from dpo_desktop.core.data import pairs_to_hf_dataset

    defaults = RunConfig()
    on_gpu = torch.cuda.is_available()
    tokenizer = AutoTokenizer.from_pretrained(opts.model_path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(opts.model_path, dtype=torch.float32)
    lora = LoraConfig(task_type="CAUSAL_LM", r=defaults.lora.r, lora_alpha=defaults.lora.alpha,
                      lora_dropout=defaults.lora.dropout, bias="none",
                      target_modules=list(defaults.lora.target_modules))
    recorder = _recorder()
    if precision is None:
        precision = {} if on_gpu else {"bf16": False}
    with tempfile.TemporaryDirectory() as out:
        # data_seed as the engine sets it: the same shuffle, so the same batches (padding).
        args = DPOConfig(output_dir=out, max_steps=opts.steps, seed=opts.seed,
                         data_seed=opts.seed,
                         per_device_train_batch_size=opts.batch_size, max_length=opts.max_length,
                         report_to="none", disable_tqdm=True, use_cpu=not on_gpu,
                         **precision,
                         include_num_input_tokens_seen="non_padding")
        start = time.perf_counter()
        trainer = DPOTrainer(model=model, args=args, processing_class=tokenizer,
                             train_dataset=pairs_to_hf_dataset(
                                 _train_pairs(defaults.data.eval_fraction, opts.seed)),
                             eval_dataset=pairs_to_hf_dataset(
                                 _held_out_pairs(defaults.data.eval_fraction, opts.seed)),
                             peft_config=lora, callbacks=[recorder])
        setup = time.perf_counter() - start
        trainer.train()
        accuracy = _held_out_accuracy(trainer, args.beta)
    return {**_result(recorder, setup), "accuracy": accuracy, "precision": _precision(args)}


def _held_out_accuracy(trainer: Any, beta: float) -> float | None:
    """Held-out preference accuracy after training, scored as the engine scores it."""
    from dpo_desktop.core.training.scoring import score_eval_set

    score = score_eval_set(trainer, beta)
    return None if score is None else score.accuracy


def _precision(args: Any) -> str:
    if getattr(args, "bf16", False):
        return "bf16"
    return "fp16" if getattr(args, "fp16", False) else "fp32"


def _run_engine(opts: argparse.Namespace, kind: str) -> dict[str, Any]:
    """Runs b, c and d through ``Engine.run``, exactly as the app and the CLI do."""
    from dataclasses import replace

    from dpo_desktop.core.config import ModelSettings, RunConfig
    from dpo_desktop.core.events import Event, PhaseChanged
    from dpo_desktop.core.training import Engine

    config = RunConfig(model=ModelSettings(spec=opts.model_path))
    training = replace(config.training, max_steps=opts.steps, seed=opts.seed,
                       batch_size=opts.batch_size, max_length=opts.max_length)
    if kind == "d":
        training = replace(training, precompute_reference=True)
    if kind == "f":  # as if the CPU had no native bf16
        from dpo_desktop.core.training import speed

        setattr(speed, "cpu_bf16_supported", lambda: False)  # noqa: B010
    if kind == "b":
        training = replace(training, learning_rate=TRL_LEARNING_RATE, lr_scheduler="linear",
                           warmup_ratio=0.0, gradient_checkpointing=True,
                           precompute_reference=False, save_steps=TRL_SAVE_STEPS)
    events: list[Event] = []
    recorder = _recorder()
    with tempfile.TemporaryDirectory() as out:
        config = replace(config, training=training, output_dir=str(Path(out) / "run"))
        result = Engine(extra_callbacks=[recorder]).run(config, events.append)
        scores = json.loads((Path(out) / "run" / "eval.json").read_text(encoding="utf-8")) \
            if result.status == "completed" else {}
        resolved = _resolved(Path(out) / "run" / "run.toml")
    if result.status != "completed":
        raise SystemExit(f"engine run failed: {result.message}\n"
                         f"{result.failure.detail if result.failure else ''}")
    phases = [e for e in events if isinstance(e, PhaseChanged)]
    start = next(e.time for e in phases if e.message.startswith("Tokenizing"))
    end = next(e.time for e in phases if e.time >= start and e.phase in ("evaluating",
                                                                          "training"))
    return {**_result(recorder, end - start),
            "accuracy": (scores.get("after") or {}).get("accuracy"),
            "precision": resolved.get("precision", "?")}


def _resolved(run_toml: Path) -> dict[str, Any]:
    from dpo_desktop.core.config import tomllib

    data: dict[str, Any] = tomllib.loads(run_toml.read_text(encoding="utf-8"))
    return dict(data.get("resolved", {}))


def _run_qlora(opts: argparse.Namespace) -> dict[str, Any]:
    """Run q: run c's settings through the qlora backend (4-bit on the CPU)."""
    from dataclasses import replace

    from dpo_desktop.core.config import ModelSettings, RunConfig
    from dpo_desktop.core.events import Event, PhaseChanged
    from dpo_desktop.core.training import Engine

    config = RunConfig(model=ModelSettings(spec=opts.model_path, backend="qlora"))
    training = replace(config.training, max_steps=opts.steps, seed=opts.seed,
                       batch_size=opts.batch_size, max_length=opts.max_length)
    events: list[Event] = []
    recorder = _recorder()
    with tempfile.TemporaryDirectory() as out:
        config = replace(config, training=training, output_dir=str(Path(out) / "run"))
        result = Engine(extra_callbacks=[recorder]).run(config, events.append)
    if result.status != "completed":
        raise SystemExit(f"qlora run failed: {result.message}\n"
                         f"{result.failure.detail if result.failure else ''}")
    phases = [e for e in events if isinstance(e, PhaseChanged)]
    start = next(e.time for e in phases if e.message.startswith("Tokenizing"))
    end = next(e.time for e in phases if e.time >= start and e.phase in ("evaluating",
                                                                          "training"))
    return _result(recorder, end - start)


def _result(recorder: Any, setup: float) -> dict[str, Any]:
    import resource

    return {"steps": recorder.steps, "tokens": recorder.tokens, "setup_s": setup,
            "loop_s": recorder.loop_seconds, "loop_cpu_s": recorder.loop_cpu_seconds,
            "train_loss": recorder.train_loss,
            "last_loss": recorder.losses[-1] if recorder.losses else None,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child(opts: argparse.Namespace) -> None:
    cases = {"t": _run_trl_as_shipped, "a": _run_trl, "q": _run_qlora}
    case = cases.get(opts.child)
    result = case(opts) if case else _run_engine(opts, opts.child)
    print("RESULT " + json.dumps(result), flush=True)


# ---------------------------------------------------------------- parent side


def model_folder(spec: str, scratch: Path) -> str:
    """``demo`` → the converted demo; ``tiny`` → a 2-layer random Llama; else a folder."""
    if spec == "demo":
        from dpo_desktop.core.models import demo_model_dir

        return str(demo_model_dir())
    if spec != "tiny":
        return spec
    from bench._models import tiny_llama

    return str(tiny_llama(scratch / "tiny"))


def spawn(kind: str, opts: argparse.Namespace, model: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, "--model-path", model,
               "--steps", str(opts.steps), "--seed", str(opts.seed),
               "--batch-size", str(opts.batch_size), "--max-length", str(opts.max_length)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[len("RESULT "):])
            return result
    raise SystemExit(f"run {kind} failed (exit {done.returncode}):\n"
                     f"{(done.stdout + done.stderr)[-4000:]}")


def _fmt(value: float | None, spec: str = ".4f") -> str:
    return "–" if value is None else format(value, spec)


def report(results: dict[str, dict[str, Any]]) -> None:
    print(f"{'run':<36} {'prec':>13} {'steps/s':>8} {'tokens/s':>9} {'loop st/s':>9} "
          f"{'CPU s/st':>8} {'setup s':>8} {'peak RSS':>9} {'mean loss':>9} {'last loss':>9} "
          f"{'held-out':>8}")
    for kind, r in results.items():
        seconds = r["setup_s"] + r["loop_s"]
        r["steps_per_s"] = r["steps"] / seconds
        r["tokens_per_s"] = r["tokens"] / seconds
        print(f"{kind}  {RUNS[kind]:<33} {r.get('precision', '?'):>13} "
              f"{r['steps_per_s']:>8.3f} {r['tokens_per_s']:>9.0f} "
              f"{r['steps'] / r['loop_s']:>9.3f} "
              f"{r.get('loop_cpu_s', 0.0) / max(r['steps'], 1):>8.1f} {r['setup_s']:>8.1f} "
              f"{r['peak_rss_mb']:>7.0f}MB {_fmt(r['train_loss']):>9} {_fmt(r['last_loss']):>9} "
              f"{_fmt(r.get('accuracy'), '.3f'):>8}")
    goals: dict[str, dict[str, float | None]] = {"a": {"b": 0.97, "c": 1.3, "d": 1.3, "f": None},
             "t": {"a": None, "b": None, "c": 1.5, "d": 1.5, "f": None, "q": None},
             "f": {"c": None}}
    for base_kind, targets in goals.items():
        base = results.get(base_kind)
        for kind, goal in targets.items():
            if base is None or kind not in results:
                continue
            r = results[kind]
            line = (f"{kind}/{base_kind}: steps/s {r['steps_per_s'] / base['steps_per_s']:.3f}, "
                    f"tokens/s {r['tokens_per_s'] / base['tokens_per_s']:.3f}, "
                    f"peak RSS {r['peak_rss_mb'] / base['peak_rss_mb']:.3f}")
            if r.get("loop_cpu_s") and base.get("loop_cpu_s"):  # steadier on a busy machine
                per_step = r["loop_cpu_s"] / r["steps"]
                line += (f", loop CPU time per step "
                         f"{base['loop_cpu_s'] / base['steps'] / per_step:.3f}× less")
            if base_kind in ("t", "f"):
                line += (f", held-out accuracy {_fmt(r.get('accuracy'), '.3f')} vs "
                         f"{_fmt(base.get('accuracy'), '.3f')}")
            if goal is not None:
                line += f"  (goal: steps/s ≥ {goal}" + (
                    ", peak RSS ≤ 1, accuracy ≥ t's)" if base_kind == "t" else ")")
            print(line)
    print("steps/s and tokens/s include tokenizing and any reference precompute; loop st/s is "
          "the training loop alone; CPU s/st is the loop's CPU time (all threads) per step, "
          "which other programs on a shared machine disturb less than wall time. Loss: mean "
          "over the run (TRL's train_loss), and the last "
          "logged step (TRL logs every 10 steps).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="demo",
                        help="demo (the embedded SmolLM2-135M), tiny (a 2-layer random Llama), "
                             "or a model folder")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", default="tac", help="which runs, e.g. tc, or tabcdf")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of all runs; the fastest of each is shown (noisy machines)")
    parser.add_argument("--child", choices=tuple(RUNS), help=argparse.SUPPRESS)
    parser.add_argument("--model-path", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        child(opts)
        return
    with tempfile.TemporaryDirectory() as scratch:
        model = model_folder(opts.model, Path(scratch))
        print(f"model {opts.model} ({model}), {opts.steps} steps, batch {opts.batch_size}, "
              f"max length {opts.max_length}, seed {opts.seed}; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results: dict[str, dict[str, Any]] = {}
        for round_ in range(opts.repeat):  # interleaved, so a load spike hits every kind
            for kind in opts.runs:
                print(f"running {kind}: {RUNS[kind]} ({round_ + 1}/{opts.repeat})…", flush=True)
                result = spawn(kind, opts, model)
                best = results.get(kind)
                if best is None or _seconds(result) < _seconds(best):
                    results[kind] = result
        report(results)
        print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _seconds(result: dict[str, Any]) -> float:
    return float(result["setup_s"] + result["loop_s"])


if __name__ == "__main__":
    main()

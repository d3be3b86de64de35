"""Benchmark: ``core.memory``'s training estimate against the measured peak, per backend.

For each model and backend, one fresh child process imports everything a run needs
(torch, transformers, peft, trl, bitsandbytes and the engine), records its resident
memory, then trains a few DPO steps through ``Engine.run`` exactly as the app does. A
thread samples the RSS every 50 ms and keeps the highest *growth* over that baseline per
phase. The training peak (held-out scoring, training, saving: what the model, the
adapter, the optimizer and the activations add) is compared with ``memory.estimate`` for
the same shape, settings and device; the loading peak (the model file's pages while its
weights are converted) is shown apart, against ``memory.cpu_loading_rss``. The fastest
step is compared with ``steptime.cpu_step_seconds`` for the CPU speed probed in the child.

Models:
- ``demo``: the embedded SmolLM2-135M;
- ``0.5b``: a random Llama built from a config with Qwen2.5-0.5B's shape (hidden 896,
  24 layers, 14 heads, 2 KV heads, intermediate 4864) and the demo tokenizer.

Every pair is long enough to be cut at ``--max-length``, so each batch is exactly
``batch × max length`` tokens per side, the case the estimate describes. Goal:
estimate ÷ measured within 0.75–1.25 for both backends. Printed, never asserted.

    .venv/bin/python bench/memory_estimate.py [--models demo,0.5b] [--backends cpu-lora,qlora]
                                              [--batch-size 2] [--max-length 256] [--steps 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(REPO))

QWEN05_SHAPE = {"hidden_size": 896, "num_hidden_layers": 24, "num_attention_heads": 14,
                "num_key_value_heads": 2, "intermediate_size": 4864}
GOAL = (0.75, 1.25)
LOAD_PHASES = ("start", "loading_model", "preparing_data")  # the model loads in the last


# ---------------------------------------------------------------- child side


def child(opts: argparse.Namespace) -> None:
    import resource

    import bitsandbytes  # noqa: F401  (imported by the qlora path; part of the baseline)
    import peft  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
    import trl  # noqa: F401
    from trl.trainer.dpo_trainer import DPOTrainer  # noqa: F401

    from dpo_desktop.core import hardware
    from dpo_desktop.core.config import (
        DataSettings,
        ModelSettings,
        RunConfig,
        TrainingSettings,
    )
    from dpo_desktop.core.events import PhaseChanged, StepMetrics
    from dpo_desktop.core.training import Engine

    gflops = hardware.probe().cpu_gflops  # the engine probes too; part of the baseline
    baseline = hardware.process_rss()
    steps: list[float] = []
    phase = ["start"]
    peaks: dict[str, int] = {}  # the highest RSS seen during each phase: where the peak is

    def on_event(event: Any) -> None:
        if isinstance(event, StepMetrics) and event.step_seconds:
            steps.append(float(event.step_seconds))
        if isinstance(event, PhaseChanged):
            phase[0] = event.phase

    def sample() -> None:
        while not done.is_set():
            peaks[phase[0]] = max(peaks.get(phase[0], 0), hardware.process_rss() - baseline)
            done.wait(0.05)

    done = threading.Event()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    config = RunConfig(
        output_dir=str(Path(tempfile.mkdtemp(dir=opts.scratch)) / f"run-{opts.child}"),
        model=ModelSettings(spec=opts.model_path, backend=opts.child),
        data=DataSettings(path=opts.data, eval_fraction=0.0),
        training=TrainingSettings(max_steps=opts.steps, batch_size=opts.batch_size,
                                  max_length=opts.max_length, save_steps=10_000,
                                  warmup_ratio=0.0,
                                  gradient_checkpointing=opts.child == "qlora"))
    result = Engine().run(config, on_event)
    done.set()
    sampler.join()
    if result.status != "completed":
        raise SystemExit(f"run failed: {result.message}\n"
                         f"{result.failure.detail if result.failure else ''}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print("RESULT " + json.dumps({"baseline": baseline, "peak": peak,
                                  "growth": peak - baseline, "gflops": gflops,
                                  "step_seconds": min(steps) if steps else None,
                                  "phase_peaks": peaks,
                                  "training": max(v for k, v in peaks.items()
                                                  if k not in LOAD_PHASES),
                                  "loading": max(v for k, v in peaks.items()
                                                 if k in LOAD_PHASES),
                                  "bf16": hardware.probe().bf16}), flush=True)


# ---------------------------------------------------------------- parent side


def build_models(names: list[str], scratch: Path) -> dict[str, Path]:
    from dpo_desktop.core.models import demo_model_dir

    demo = demo_model_dir()
    folders = {}
    for name in names:
        if name == "demo":
            folders[name] = demo
            continue
        import torch
        from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

        tokenizer = AutoTokenizer.from_pretrained(demo)
        config = LlamaConfig(
            vocab_size=len(tokenizer), max_position_embeddings=4096, tie_word_embeddings=True,
            bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id, **QWEN05_SHAPE)
        torch.manual_seed(0)
        folder = scratch / "qwen05-shape"
        LlamaForCausalLM(config).to(torch.bfloat16).save_pretrained(folder)
        tokenizer.save_pretrained(folder)
        folders[name] = folder
    return folders


def long_pairs(path: Path) -> Path:
    """Short prompts with answers long enough to be cut at any max length ≤ 2048 (a
    prompt that long would leave no answer, and TRL drops such pairs)."""
    import csv

    sentence = "Our shop opens at nine and closes at six, Monday to Saturday. "
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["prompt", "chosen", "rejected"])
        for i in range(64):
            writer.writerow([f"Question {i}: when are you open?", "Yes. " + sentence * 60,
                             "No. " + sentence[::-1] * 60])
    return path


def shape_of(folder: Path) -> Any:
    from dpo_desktop.core.memory import shape_from_config

    return shape_from_config(json.loads((folder / "config.json").read_text(encoding="utf-8")))


def file_bytes_per_param(folder: Path, shape: Any) -> int:
    """2 for a bf16/fp16 safetensors file, 4 for fp32: what the loading peak depends on."""
    size = sum(path.stat().st_size for path in folder.glob("*.safetensors"))
    return 4 if size > 3 * shape.params else 2


def spawn(backend: str, model: Path, data: Path, opts: argparse.Namespace,
          scratch: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", backend, "--model-path", str(model),
               "--data", str(data), "--scratch", str(scratch), "--steps", str(opts.steps),
               "--batch-size", str(opts.batch_size), "--max-length", str(opts.max_length)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[len("RESULT "):])
            return result
    raise SystemExit(f"{backend} on {model} failed (exit {done.returncode}):\n"
                     f"{(done.stdout + done.stderr)[-4000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="demo,0.5b")
    parser.add_argument("--backends", default="cpu-lora,qlora")
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=2)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--model-path", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        child(opts)
        return

    from dpo_desktop.core.memory import cpu_loading_rss, estimate, format_bytes
    from dpo_desktop.core.steptime import cpu_step_seconds

    print(f"batch {opts.batch_size}, max length {opts.max_length}, {opts.steps} steps; "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"{'model':<6} {'backend':<9} {'estimate':>10} {'measured':>10} {'ratio':>6}  parts")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        data = long_pairs(scratch / "long_pairs.csv")
        models = build_models(opts.models.split(","), scratch)
        for name, folder in models.items():
            shape = shape_of(folder)
            for backend in opts.backends.split(","):
                measured = spawn(backend, folder, data, opts, scratch)
                guess = estimate(shape, batch_size=opts.batch_size, max_length=opts.max_length,
                                 lora_rank=16, backend=backend, device="cpu",
                                 gradient_checkpointing=backend == "qlora",
                                 bf16=bool(measured["bf16"]) and backend == "qlora",
                                 autocast=bool(measured["bf16"]) and backend == "cpu-lora")
                ratio = guess.total / measured["training"]
                mark = "ok" if GOAL[0] <= ratio <= GOAL[1] else "OFF"
                parts = ", ".join(f"{k} {format_bytes(v)}" for k, v in guess.parts().items())
                seconds = cpu_step_seconds(shape, measured["gflops"], backend=backend,
                                           batch_size=opts.batch_size,
                                           max_length=opts.max_length,
                                           bf16=bool(measured["bf16"]))
                timing = (f"step {seconds:.1f} s est. / {measured['step_seconds']:.1f} s "
                          f"measured = {seconds / measured['step_seconds']:.2f} "
                          f"({measured['gflops']:.0f} GFLOP/s)"
                          if seconds and measured["step_seconds"] else "step time: –")
                by_phase = ", ".join(f"{k} {format_bytes(v)}"
                                     for k, v in measured["phase_peaks"].items())
                loading = cpu_loading_rss(shape, backend,
                                          file_bytes_per_param=file_bytes_per_param(folder,
                                                                                    shape),
                                          bf16=bool(measured["bf16"]))
                by_phase += (f"; loading: {format_bytes(measured['loading'])} measured, "
                             f"{format_bytes(loading)} estimated "
                             f"({loading / max(measured['loading'], 1):.2f})")
                print(f"{name:<6} {backend:<9} {format_bytes(guess.total):>10} "
                      f"{format_bytes(measured['training']):>10} {ratio:>6.2f}  {mark}  "
                      f"({parts})"
                      f"\n{'':<17}{timing}\n{'':<17}highest RSS growth by phase: {by_phase}",
                      flush=True)
    print(f"goal: estimate ÷ measured within {GOAL[0]}–{GOAL[1]}; measured = the highest RSS "
          "growth over the process after imports (before the model loads) once the model is "
          "loaded: held-out scoring, training, saving. Loading peaks on its own (the model "
          "file's pages, which the OS can drop) and is shown apart. Step time: the fastest "
          f"step, against the probe's matmul speed; load now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

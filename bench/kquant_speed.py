"""Benchmark: how fast each GGUF type encodes a model, in MB/s of f16 input.

Two models: the demo (SmolLM2-135M, whose 576-wide rows make the K mixes fall back to
Q5_0/Q5_1/Q8_0 for most tensors) and a random model with TinyLlama-1.1B's shape (hidden
2048, 22 layers, 32 heads, 4 KV heads, intermediate 5632, untied head, the demo's 49,152
token vocabulary: 1.17 B weights), whose rows all fit the K types. Each tensor is held in
f16 and encoded the way the file stores it (the real per-tensor plan of each mix); only the
encoding is timed, in wall and CPU seconds. The baseline, measured in the same run, is
gguf-py's q8_0.
Goal: q4_k_m of the 1.1B model in ≤ 180 s on a 2-core machine.

    .venv/bin/python bench/kquant_speed.py [--demo-only] [--threads N]

bench/export.py runs it after its own cases.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator

import numpy as np

TYPES = ("q8_0", "q4_0", "q6_k", "q5_k_m", "q4_k_m")
TINYLLAMA = {"layers": 22, "hidden": 2048, "inter": 5632, "heads": 32, "kv_heads": 4,
             "vocab": 49152}

Tensor = tuple[str, tuple[int, ...], np.ndarray]


def tinyllama_tensors(seed: int = 0) -> Iterator[Tensor]:
    """The 1.1B-shaped model's 2-D tensors as f16 N(0, 0.02), one at a time (GGUF names)."""
    shape = TINYLLAMA
    hidden, inter, vocab = shape["hidden"], shape["inter"], shape["vocab"]
    kv = hidden // shape["heads"] * shape["kv_heads"]
    rng = np.random.default_rng(seed)
    names: list[tuple[str, tuple[int, ...]]] = [("token_embd.weight", (vocab, hidden)),
                                                ("output.weight", (vocab, hidden))]
    for i in range(shape["layers"]):
        names += [(f"blk.{i}.attn_q.weight", (hidden, hidden)),
                  (f"blk.{i}.attn_k.weight", (kv, hidden)),
                  (f"blk.{i}.attn_v.weight", (kv, hidden)),
                  (f"blk.{i}.attn_output.weight", (hidden, hidden)),
                  (f"blk.{i}.ffn_gate.weight", (inter, hidden)),
                  (f"blk.{i}.ffn_up.weight", (inter, hidden)),
                  (f"blk.{i}.ffn_down.weight", (hidden, inter))]
    for name, dims in names:
        data = rng.standard_normal(dims, dtype=np.float32)
        data *= 0.02
        yield name, dims, data.astype(np.float16)


def demo_tensors() -> Iterator[Tensor]:
    """The demo model's 2-D weights as f16, under their GGUF names (q/k permuted)."""
    from transformers import AutoConfig

    from dpo_desktop.core.export import gguf_arch
    from dpo_desktop.core.export.gguf_writer import plan_tensors
    from dpo_desktop.core.export.merge import plan_folder
    from dpo_desktop.core.models import demo_model_dir

    model = demo_model_dir()
    config = AutoConfig.from_pretrained(str(model))
    spec = gguf_arch.spec_for(config)
    folder = plan_folder(model, config=config)
    plans, _ = plan_tensors(folder.shapes(), config, spec, "f16")
    for plan in plans:
        if len(plan.shape) < 2:
            continue
        data = folder.folder.read(plan.hf_name).float().numpy()
        data = gguf_arch.transform(spec, config, plan.hf_name, data)
        yield plan.gguf_name, plan.shape, data.astype(np.float16)


def encode_all(tensors: list[Tensor], out_type: str,
               layers: int) -> tuple[float, float, int]:
    """Wall and CPU seconds (all threads) to encode every tensor as ``out_type`` stores it,
    and the bytes written. CPU time is the steadier figure on a busy machine."""
    from dpo_desktop.core.export import gguf_types

    picks, _ = gguf_types.choose_qtypes([(n, s) for n, s, _ in tensors], out_type, layers)
    seconds = cpu = 0.0
    written = 0
    for (_, _, data), (qtype, _) in zip(tensors, picks):
        start, start_cpu = time.perf_counter(), time.process_time()
        encoded = gguf_types.encode(data, qtype)
        seconds += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        written += encoded.nbytes
    return seconds, cpu, written


def bench(label: str, tensors: list[Tensor], layers: int, types: tuple[str, ...]) -> None:
    weights = sum(data.size for _, _, data in tensors)
    f16_mb = weights * 2 / 1e6
    print(f"{label}: {weights / 1e9:.3f} B weights in 2-D tensors, {f16_mb:.0f} MB as f16")
    base = None
    for out_type in types:
        seconds, cpu, written = encode_all(tensors, out_type, layers)
        base = base or seconds
        print(f"  {out_type:>7}: {seconds:7.1f} s, {f16_mb / seconds:6.1f} MB/s of f16 input "
              f"({seconds / base:5.2f}x the {types[0]} time); CPU {cpu:7.1f} s "
              f"({f16_mb / cpu:6.1f} MB/s per core); output {written / 1e6:7.0f} MB; "
              f"load {os.getloadavg()[0]:.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--threads", type=int, default=None,
                        help="encoding threads (default: the CPU cores available)")
    parser.add_argument("--types", default=",".join(TYPES),
                        help="comma-separated GGUF types, the first one is the baseline "
                             f"(default: {','.join(TYPES)})")
    args = parser.parse_args(argv)
    from dpo_desktop.core.export import kquants

    if args.threads:
        kquants.default_threads = lambda: args.threads  # type: ignore[assignment]
    print(f"K-quant encoding speed; threads {kquants.default_threads()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    types = tuple(args.types.split(","))
    bench("demo (SmolLM2-135M)", list(demo_tensors()), 30, types)
    if not args.demo_only:
        bench("TinyLlama-1.1B-shaped random", list(tinyllama_tensors()), TINYLLAMA["layers"],
              types)
        print("goal: q4_k_m of the 1.1B model in ≤ 180 s")
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())

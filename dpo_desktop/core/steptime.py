"""How long one DPO training step takes on this CPU, before anything is downloaded.

A "✓ fits" badge says nothing about time: a 1.7B model fits in 16 GB of RAM, and then
trains for a day on two cores. This estimate is the arithmetic of one step divided by
the CPU's measured matrix-multiply speed (``HardwareInfo.cpu_gflops``), times an
efficiency per backend that ``bench/memory_estimate.py`` measures (it prints estimate ÷
measured step time).

One DPO step with a LoRA adapter, for ``T = 2 × batch × max length`` tokens (chosen and
rejected together) and ``P`` parameters, costs about:

- the policy's forward pass, ``2·P·T`` FLOPs;
- its backward pass, ``2·P·T`` (gradients flow through the frozen weights to the
  adapters; the weights' own gradients are never computed);
- the reference forward with the adapter disabled, ``2·P·T``;
- with gradient checkpointing, one more forward, ``2·P·T``.

Batches are padded only to their longest pair, so real steps on short data are faster:
the figure is an upper bound for the given max length. On a GPU it is not estimated.
"""

from __future__ import annotations

from dpo_desktop.core.memory import Backend, ModelShape

CPU_EFFICIENCY: dict[str, float] = {"cpu-lora": 0.55, "qlora": 0.85, "qlora-fp32": 0.35}
"""Share of the probe's fp32 1024² matmul speed a training step reaches, by backend.

Measured with ``bench/memory_estimate.py`` on the demo and a 0.5B-shaped Llama
(AVX512-BF16 CPU, one thread, a busy shared machine: estimate ÷ measured came out
between 0.7 and 1.3):
cpu-lora runs fp32 products plus attention, norms and the optimizer; qlora dequantizes
every 4-bit weight before each product, but then multiplies in bf16, which is about
twice as fast as fp32 on such a CPU. Without native bf16 (``qlora-fp32``) it multiplies
in fp32 and only pays for the dequantizing: that figure is an unmeasured guess."""


def step_flops(shape: ModelShape, *, batch_size: int, max_length: int,
               gradient_checkpointing: bool) -> float:
    """Floating-point operations of one DPO step (see the module docstring)."""
    tokens = 2 * batch_size * max_length
    passes = 6 + (2 if gradient_checkpointing else 0)
    return float(passes * shape.params * tokens)


def cpu_step_seconds(shape: ModelShape, gflops: float | None, *, backend: Backend,
                     batch_size: int = 4, max_length: int = 512,
                     gradient_checkpointing: bool | None = None,
                     bf16: bool = True) -> float | None:
    """Seconds per training step on this CPU, or None when its speed is unknown.

    ``gradient_checkpointing`` defaults to what each backend uses: always for qlora,
    off for cpu-lora (the config's default).
    """
    if not gflops or gflops <= 0:
        return None
    checkpointing = backend == "qlora" if gradient_checkpointing is None \
        else gradient_checkpointing
    flops = step_flops(shape, batch_size=batch_size, max_length=max_length,
                       gradient_checkpointing=checkpointing)
    kind = "qlora-fp32" if backend == "qlora" and not bf16 else backend
    return flops / (gflops * 1e9 * CPU_EFFICIENCY[kind])


def format_duration(seconds: float) -> str:
    """``40 s`` / ``12 min`` / ``3.5 h`` / ``2.1 days``: rough on purpose."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"

"""How much memory a DPO run needs, before any download: the model picker's fit badge.

The estimate is deliberately simple arithmetic over the model's shape, so a user (and a
test) can follow it. For QLoRA on a GPU it counts:

- the base weights: decoder linears in 4-bit NF4 (plus their quantization constants),
  embeddings and the output head in 16-bit, as bitsandbytes leaves them;
- the LoRA weights in fp32 with their gradients and two Adam states (16 bytes each);
- activations with gradient checkpointing: one hidden state per layer boundary, plus one
  layer's activations while it is recomputed;
- the logits: DPO runs chosen and rejected together, so ``2 × batch × length × vocab``
  values in fp32, and their gradient of the same size;
- the CUDA context and the allocator's slack.

``cpu-lora`` keeps every weight in fp32 and (by default) stores all activations, and is
compared against RAM instead. ``qlora`` on the CPU (``device="cpu"``) holds the same
4-bit linears, but everything else in fp32 (``prepare_model_for_kbit_training`` upcasts
the embeddings and norms), computes in bf16 only where the CPU has native bf16, and has
no CUDA context; its figure is what the process's RSS grows by. Reference-model passes
run without gradients and free their activations layer by layer, so they add nothing to
the peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

GIB = 1024**3
MIB = 1024**2

Fit = Literal["fits", "tight", "wont_fit"]
Backend = Literal["qlora", "cpu-lora"]
Device = Literal["cuda", "cpu"]

CUDA_CONTEXT_BYTES = 600 * MIB
"""The CUDA runtime, cuBLAS workspaces and kernels: typically 0.4–0.8 GiB."""
NF4_BYTES_PER_PARAM = 0.5 + 0.127 / 8
"""4 bits per weight plus double-quantized block constants (~0.127 bits per weight)."""
ALLOCATOR_SLACK = 0.10
"""Fragmentation and cached blocks in PyTorch's allocator, as a share of the rest."""
TIGHT_SHARE = 0.85
"""Above this share of the device, a run may still work but has no headroom."""
DEFAULT_LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                        "down_proj")


@dataclass(frozen=True)
class ModelShape:
    """The numbers from a model's config.json that decide its memory use."""

    layers: int
    hidden: int
    intermediate: int
    heads: int
    kv_heads: int
    vocab: int
    tied_embeddings: bool = True
    head_dim: int | None = None  # None: hidden // heads

    @property
    def attention_dim(self) -> int:
        return (self.head_dim or self.hidden // self.heads) * self.heads

    @property
    def kv_dim(self) -> int:
        return (self.head_dim or self.hidden // self.heads) * self.kv_heads

    def linear_shapes(self) -> dict[str, tuple[int, int]]:
        """``(in, out)`` of each projection in one decoder layer, by its usual module name."""
        h, a, kv, i = self.hidden, self.attention_dim, self.kv_dim, self.intermediate
        return {"q_proj": (h, a), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (a, h),
                "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}

    @property
    def linear_params(self) -> int:
        """Weights in the decoder layers' linear projections (what 4-bit quantizes)."""
        return self.layers * sum(a * b for a, b in self.linear_shapes().values())

    @property
    def embedding_params(self) -> int:
        """Input embeddings, plus the output head when it is not tied to them."""
        return self.vocab * self.hidden * (1 if self.tied_embeddings else 2)

    @property
    def params(self) -> int:
        norms = (2 * self.layers + 1) * self.hidden
        return self.linear_params + self.embedding_params + norms

    def lora_params(self, rank: int, targets: tuple[str, ...] = DEFAULT_LORA_TARGETS) -> int:
        shapes = self.linear_shapes()
        if targets == ("all-linear",):
            targets = tuple(shapes)
        per_layer = sum(rank * (a + b) for name, (a, b) in shapes.items() if name in targets)
        return self.layers * per_layer


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes per part; ``total`` is what the device must hold at the peak."""

    backend: Backend
    weights: int
    lora: int
    activations: int
    logits: int
    overhead: int

    @property
    def total(self) -> int:
        return self.weights + self.lora + self.activations + self.logits + self.overhead

    def parts(self) -> dict[str, int]:
        return {"weights": self.weights, "lora": self.lora, "activations": self.activations,
                "logits": self.logits, "overhead": self.overhead}


def estimate(shape: ModelShape, *, batch_size: int = 4, max_length: int = 512,
             lora_rank: int = 16, lora_targets: tuple[str, ...] = DEFAULT_LORA_TARGETS,
             backend: Backend = "qlora", gradient_checkpointing: bool | None = None,
             device: Device | None = None, bf16: bool = True,
             autocast: bool = False) -> MemoryEstimate:
    """The peak memory of one DPO training step for ``shape`` with these settings.

    ``gradient_checkpointing`` defaults to on for qlora (the backend forces it) and off
    for cpu-lora (the config's default). ``device`` defaults to the GPU for qlora and the
    CPU for cpu-lora; ``bf16`` says whether qlora on the CPU computes in bf16 (else fp32).
    ``autocast`` is cpu-lora as the engine runs it on a CPU with native bf16: bf16
    autocast, the frozen linear weights stored in bf16 (core/training/frozen.py).
    """
    if batch_size < 1 or max_length < 1 or lora_rank < 1:
        raise ValueError("batch_size, max_length and lora_rank must be positive")
    checkpointing = backend == "qlora" if gradient_checkpointing is None \
        else gradient_checkpointing
    on_gpu = (device or ("cuda" if backend == "qlora" else "cpu")) == "cuda"
    # bf16/fp16 compute on the GPU; on the CPU, qlora uses bf16 where it is native and
    # cpu-lora computes in fp32.
    act_bytes = 2 if backend == "qlora" and (on_gpu or bf16) else 4
    tokens = 2 * batch_size * max_length  # chosen and rejected in one concatenated batch

    if backend == "qlora":
        rest_bytes = 2 if on_gpu else 4  # on the CPU, k-bit preparation upcasts to fp32
        weights = int(shape.linear_params * NF4_BYTES_PER_PARAM) + rest_bytes * (
            shape.params - shape.linear_params)
    elif autocast:
        weights = 2 * shape.linear_params + 4 * (shape.params - shape.linear_params)
    else:
        weights = 4 * shape.params
    lora = 16 * shape.lora_params(lora_rank, lora_targets)  # fp32 weight + grad + Adam m, v

    if not on_gpu:
        return _cpu_estimate(shape, backend, tokens, weights, lora, act_bytes, checkpointing,
                             autocast=autocast and backend == "cpu-lora")

    # One layer's saved tensors while training (16-bit units, Korthikanti et al. style,
    # with fused/SDPA attention so no seq × seq score matrix is kept): norms, q/k/v,
    # attention output, the MLP's gate/up/activation outputs and the residual stream.
    per_token_layer = act_bytes * (8 * shape.hidden + 2 * shape.kv_dim + 3 * shape.intermediate)
    if checkpointing:
        activations = tokens * (shape.layers * act_bytes * shape.hidden + per_token_layer)
    else:
        activations = tokens * shape.layers * per_token_layer

    logits = tokens * shape.vocab * 4 * 2  # fp32 logits and their gradient

    subtotal = weights + lora + activations + logits
    overhead = int(ALLOCATOR_SLACK * subtotal) + CUDA_CONTEXT_BYTES
    return MemoryEstimate(backend=backend, weights=weights, lora=lora, activations=activations,
                          logits=logits, overhead=overhead)


LOGIT_TILE_TOKENS = 4096
LOGIT_TILE_VOCAB = 32768
"""TRL's fused LM head scores log-probabilities in tiles of at most this many tokens ×
vocabulary entries, so the full ``tokens × vocab`` logits never exist at once."""
LOGIT_TILE_COPIES = 5
"""fp32 tile-sized temporaries alive together in the fused head's backward (the product,
its exponent, the probabilities, the gradient and the rescaled tile)."""
CPU_ACTIVATION_SLACK = 0.6
"""On the CPU, per byte of saved activations and logit tiles: the gradient buffers alive
during the backward pass, the reference pass's temporaries and what the C heap keeps of
freed tensors. Fitted to ``bench/memory_estimate.py``: the peak grows 1.6 × as fast with
the tokens per step as the saved tensors alone (demo, 256 and 1024 tokens per step)."""
CPU_FIXED_BYTES = 200 * MIB
"""On the CPU, what a run adds whatever its size: the tokenized data, thread pools and
kernel workspaces (the measured peak at zero tokens, less the weights)."""


def cpu_loading_rss(shape: ModelShape, backend: Backend, *, file_bytes_per_param: int = 2,
                    bf16: bool = True) -> int:
    """RSS growth while the model loads on the CPU, for comparison with a measurement.

    The memory-mapped model file's pages are all touched while its weights are quantized
    to 4-bit or converted to fp32. A file already in fp32 is used in place by cpu-lora, and
    its pages are read only by the first training step (they are the weights). This is not
    part of the fit badge: the OS drops such clean file pages when memory runs short, so
    a 4-bit model whose file is bigger than RAM still loads.
    """
    if backend == "cpu-lora" and file_bytes_per_param == 4:
        return CPU_FIXED_BYTES
    weights = estimate(shape, batch_size=1, max_length=1, backend=backend, device="cpu",
                       bf16=bf16).weights
    return file_bytes_per_param * shape.params + weights + CPU_FIXED_BYTES


def _cpu_estimate(shape: ModelShape, backend: Backend, tokens: int, weights: int, lora: int,
                  act_bytes: int, checkpointing: bool, autocast: bool = False
                  ) -> MemoryEstimate:
    """Both CPU backends, measured as RSS growth (``bench/memory_estimate.py``). The
    weights count once: safetensors files are memory-mapped, so fp32 weights are the file's
    pages; 4-bit ones are the packed copy.

    Saved activations per token and layer were counted with autograd's saved-tensor hooks
    on the demo model with LoRA on every projection: the two norms' inputs and outputs
    (4 × hidden), rotated q, the GQA-expanded k and v, the attention output and o_proj's
    input (5 × attention width), rotated k and v (2 × kv width), and the MLP's gate, up,
    activation and product (4 × intermediate). With checkpointing only each layer's input
    (the fp32 residual stream) is kept, plus one layer being recomputed.

    Under bf16 autocast (``autocast``) the norms stay fp32 (their inputs and outputs,
    4 × 4 × hidden bytes), each LoRA ``A`` keeps its own bf16 copy of its input (q, k, v,
    gate and up: 5 × 2 × hidden), attention keeps rotated q, the expanded k and v and its
    output in bf16 (4 × 2 × attention width), and the MLP its gate, activation, up and
    product in bf16 (4 × 2 × intermediate); the frozen bf16 weights need no saved input.
    """
    if autocast:
        per_token_layer = (26 * shape.hidden + 8 * shape.attention_dim
                           + 8 * shape.intermediate)
    else:
        per_token_layer = act_bytes * (4 * shape.hidden + 5 * shape.attention_dim
                                       + 2 * shape.kv_dim + 4 * shape.intermediate)
    if checkpointing:
        activations = tokens * (shape.layers * 4 * shape.hidden + per_token_layer)
    else:
        activations = tokens * shape.layers * per_token_layer
    logits = (min(tokens, LOGIT_TILE_TOKENS) * min(shape.vocab, LOGIT_TILE_VOCAB) * 4
              * LOGIT_TILE_COPIES)
    overhead = int(CPU_ACTIVATION_SLACK * (activations + logits)) + CPU_FIXED_BYTES
    return MemoryEstimate(backend=backend, weights=weights, lora=lora, activations=activations,
                          logits=logits, overhead=overhead)


@dataclass(frozen=True)
class MemoryNeeds:
    """Peak bytes of one run trained in fp32 (cpu-lora) and in 4-bit, both on the CPU:
    what ``hardware.choose_backend`` weighs against RAM on a machine without a GPU."""

    fp32: int
    four_bit: int


def cpu_needs(shape: ModelShape, *, batch_size: int = 4, max_length: int = 512,
              lora_rank: int = 16, lora_targets: tuple[str, ...] = DEFAULT_LORA_TARGETS,
              gradient_checkpointing: bool = False, bf16: bool = True) -> MemoryNeeds:
    """Both CPU estimates for the same run settings."""
    common: dict[str, Any] = {"batch_size": batch_size, "max_length": max_length,
                              "lora_rank": lora_rank, "lora_targets": lora_targets}
    fp32 = estimate(shape, backend="cpu-lora", gradient_checkpointing=gradient_checkpointing,
                    **common)
    four_bit = estimate(shape, backend="qlora", device="cpu", bf16=bf16, **common)
    return MemoryNeeds(fp32=fp32.total, four_bit=four_bit.total)


def shape_from_config(config: dict[str, Any]) -> ModelShape:
    """The :class:`ModelShape` of a model from its ``config.json`` (Llama-style names).

    Raises ``KeyError`` when the config lacks a size the estimate needs.
    """
    text = config.get("text_config") or config  # multimodal configs nest the text model
    hidden = int(text["hidden_size"])
    heads = int(text["num_attention_heads"])
    return ModelShape(
        layers=int(text["num_hidden_layers"]), hidden=hidden,
        intermediate=int(text.get("intermediate_size") or 4 * hidden), heads=heads,
        kv_heads=int(text.get("num_key_value_heads") or heads), vocab=int(text["vocab_size"]),
        tied_embeddings=bool(config.get("tie_word_embeddings", text.get("tie_word_embeddings",
                                                                        True))),
        head_dim=_head_dim(text, hidden, heads))


def _head_dim(text: dict[str, Any], hidden: int, heads: int) -> int | None:
    """The config's head_dim, or None when it is the usual ``hidden // heads``."""
    value = int(text.get("head_dim") or 0)
    return value if value and value != hidden // heads else None


def fit(needed: int, available: int | None) -> Fit | None:
    """``fits`` with headroom, ``tight`` near the limit, ``wont_fit`` over it; None if unknown."""
    if available is None or available <= 0:
        return None
    if needed <= TIGHT_SHARE * available:
        return "fits"
    if needed <= available:
        return "tight"
    return "wont_fit"


def format_bytes(value: int) -> str:
    """``1.3 GiB`` / ``420 MiB``: how the GUI and ``doctor`` print sizes."""
    if value >= GIB:
        return f"{value / GIB:.1f} GiB"
    return f"{value / MIB:.0f} MiB"

"""Frozen linear weights kept in bf16 when the run autocasts to bf16 on the CPU.

Under bf16 autocast every linear layer multiplies in bf16: autocast rounds its fp32
weight to bf16 on each forward (the policy's and the reference's), and autograd keeps
that rounded copy until the backward pass. A LoRA run never updates the base weights,
so rounding them once gives the very same products, without the per-forward copies and
with half the weight memory. The LoRA weights stay fp32 (the optimizer updates them),
and so do the embeddings and norms: the residual stream keeps its fp32 precision, and
the output head (tied to the embeddings in small models) is rounded by autocast as before.

The fp32 weights come from a memory-mapped model file, and the whole mapping stays
resident while any tensor still points into it; so the weights that stay fp32 get their
own copy, and the file's pages leave the process (measured on the demo: 862 MB of RSS
after loading and touching every weight, 659 MB once rounded and copied).
"""

from __future__ import annotations

from typing import Any


def store_frozen_linears_in_bf16(model: Any) -> int:
    """Round the frozen weights (and biases) of ``model``'s linear layers to bf16, except
    a layer sharing its weight with the input embeddings; returns how many were rounded.

    Only for a model that always runs under bf16 autocast: outside it, an fp32 input
    would meet a bf16 weight.
    """
    import torch

    embeddings = model.get_input_embeddings() if hasattr(model, "get_input_embeddings") \
        else None
    tied = {id(embeddings.weight)} if embeddings is not None else set()
    rounded = 0
    with torch.no_grad():
        for module in model.modules():
            if type(module) is not torch.nn.Linear:
                continue  # 4-bit layers, LoRA wrappers, anything unusual stays as it is
            weight = module.weight
            if weight.requires_grad or id(weight) in tied or weight.dtype != torch.float32:
                continue
            module.weight = torch.nn.Parameter(weight.to(torch.bfloat16), requires_grad=False)
            if module.bias is not None and not module.bias.requires_grad:
                module.bias = torch.nn.Parameter(module.bias.to(torch.bfloat16),
                                                 requires_grad=False)
            rounded += 1
        if rounded:
            _own_memory(model)
    return rounded


def _own_memory(model: Any) -> None:
    """Give every remaining fp32 parameter and buffer its own storage (see above)."""
    import torch

    seen: set[int] = set()
    for module in model.modules():
        for parameter in module.parameters(recurse=False):
            if id(parameter) not in seen and parameter.dtype == torch.float32:
                seen.add(id(parameter))
                parameter.data = parameter.data.clone()
        for name, buffer in list(module.named_buffers(recurse=False)):
            if buffer is not None and id(buffer) not in seen and buffer.dtype == torch.float32:
                seen.add(id(buffer))
                module._buffers[name] = buffer.clone()

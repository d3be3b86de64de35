"""A saved LoRA adapter, as the streaming merge needs it: for each base weight, the delta
``scale · B @ A`` (computed in fp32, a block of rows at a time) or a full replacement.

It covers what PEFT saves for the adapters our training produces and a little more: rank
and alpha (with PEFT's per-module ``rank_pattern``/``alpha_pattern``), rsLoRA
(``scale = alpha / sqrt(r)``), LoRA on embeddings, and modules saved in full
(``modules_to_save``, or an embedding saved with the adapter). Anything else (DoRA, LoRA
biases, trainable token rows) is refused with a plain message instead of merged wrongly.
The small A/B matrices are read into memory; full replacements are read lazily.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text

_PREFIX = "base_model.model."
_LORA_KEY = re.compile(r"^(?P<module>.+)\.(?P<kind>lora_A|lora_B)\.weight$")
_EMBED_KEY = re.compile(r"^(?P<module>.+)\.(?P<kind>lora_embedding_A|lora_embedding_B)$")


@dataclass(frozen=True)
class LoraPair:
    a: Any  # torch fp32 (r, in) for a linear layer, (r, rows) for an embedding
    b: Any  # torch fp32 (out, r) for a linear layer, (dim, r) for an embedding
    scale: float
    embedding: bool

    def delta_rows(self, start: int, stop: int) -> Any:
        """Rows ``start:stop`` of the delta in fp32, in PEFT's order of operations
        ((B @ A), then the scale; for an embedding the product is transposed). A scale that
        is a power of two (alpha = 2r, the usual choice) is exact, so it is folded into B,
        which saves a pass over the block."""
        if self.embedding:
            return (self.b @ self.a[:, start:stop]).T * self.scale
        if math.frexp(self.scale)[0] == 0.5:
            return (self.b[start:stop] * self.scale) @ self.a
        product = self.b[start:stop] @ self.a
        return product.mul_(self.scale)

    def full_delta(self) -> Any:
        """The whole delta in fp32, computed exactly as PEFT's ``get_delta_weight`` does:
        one product ``B @ A`` (transposed for an embedding), then the scale."""
        product = self.b @ self.a
        return (product.T if self.embedding else product) * self.scale


WEIGHT = QT_TRANSLATE_NOOP("messages", "the weight {name}")


def _unsupported(what: str, **params: Any) -> UserError:
    """``what`` is a marked part of a sentence (“DoRA”, “the weight {name}”)."""
    return UserError.of(
        "export_adapter_unsupported",
        QT_TRANSLATE_NOOP("messages", "The adapter uses {feature}, which the export cannot "
                                      "merge."),
        QT_TRANSLATE_NOOP("messages", "Merge it with PEFT's merge_and_unload and export the "
                                      "merged folder with llama.cpp's converter."),
        feature=Text(what, tuple(params.items())))


def _pattern_value(patterns: dict[str, Any], module: str, default: Any) -> Any:
    """PEFT's per-module override: a key matches the module name or its dotted suffix."""
    for key, value in (patterns or {}).items():
        if re.match(rf"(.*\.)?({key})$", module):
            return value
    return default


class Adapter:
    """The weights of ``adapter_dir`` keyed by the base tensor they change."""

    def __init__(self, adapter_dir: Path, config: dict[str, Any]) -> None:
        import torch
        from safetensors import safe_open

        if config.get("peft_type", "LORA") != "LORA":
            raise _unsupported(QT_TRANSLATE_NOOP("messages", "the {method} method"),
                               method=config.get("peft_type"))
        if config.get("use_dora"):
            raise _unsupported(QT_TRANSLATE_NOOP("messages", "DoRA"))
        if config.get("fan_in_fan_out"):
            raise _unsupported(QT_TRANSLATE_NOOP("messages", "fan_in_fan_out layers"))
        if config.get("lora_bias") or config.get("trainable_token_indices"):
            raise _unsupported(QT_TRANSLATE_NOOP("messages", "LoRA biases or trainable token "
                                                             "rows"))
        path = adapter_dir / "adapter_model.safetensors"
        if not path.is_file():
            raise UserError.of(
                "export_no_adapter_weights",
                QT_TRANSLATE_NOOP("messages", "{folder} has no adapter_model.safetensors."),
                QT_TRANSLATE_NOOP("messages", "The export reads adapters saved as safetensors "
                                              "(never pickle .bin files); save the adapter again "
                                              "with safe_serialization."),
                folder=str(adapter_dir))
        self.path = path
        self.pairs: dict[str, LoraPair] = {}
        self.replacements: dict[str, str] = {}  # base tensor name -> key in the adapter file
        halves: dict[str, dict[str, Any]] = {}
        with safe_open(str(path), framework="pt") as handle:
            for key in handle.keys():  # noqa: SIM118 - safe_open is not a mapping
                name = key[len(_PREFIX):] if key.startswith(_PREFIX) else key
                match = _LORA_KEY.match(name) or _EMBED_KEY.match(name)
                if match:
                    kind = match.group("kind")[-1]  # "A" or "B"
                    halves.setdefault(match.group("module"), {})[kind] = \
                        handle.get_tensor(key).to(torch.float32)
                    halves[match.group("module")]["embedding"] = "embedding" in key
                elif name.endswith(".base_layer.weight"):
                    self.replacements[name.replace(".base_layer.weight", ".weight")] = key
                elif ".modules_to_save." in name or name.endswith((".weight", ".bias")):
                    if "lora_" in name or "magnitude" in name:
                        raise _unsupported(WEIGHT, name=name)
                    self.replacements[name.replace(".modules_to_save", "")] = key
                else:
                    raise _unsupported(WEIGHT, name=name)
        alpha = float(config.get("lora_alpha") or 8)
        for module, parts in halves.items():
            if "A" not in parts or "B" not in parts:
                raise _unsupported(QT_TRANSLATE_NOOP("messages", "an incomplete LoRA pair on "
                                                                 "{module}"), module=module)
            rank = int(parts["A"].shape[0])
            module_alpha = float(_pattern_value(config.get("alpha_pattern") or {}, module, alpha))
            scale = module_alpha / (math.sqrt(rank) if config.get("use_rslora") else rank)
            self.pairs[f"{module}.weight"] = LoraPair(parts["A"], parts["B"], scale,
                                                      bool(parts["embedding"]))

    def changes(self, name: str) -> bool:
        return name in self.pairs or name in self.replacements

    def read_replacement(self, name: str, start: int | None, stop: int | None) -> Any:
        from safetensors import safe_open

        with safe_open(str(self.path), framework="pt") as handle:
            key = self.replacements[name]
            if start is None:
                return handle.get_tensor(key)
            return handle.get_slice(key)[start:stop].clone()

    def check_shapes(self, shapes: dict[str, tuple[int, ...]]) -> None:
        """Every weight the adapter changes must exist in the base with a matching shape."""
        for name, pair in self.pairs.items():
            shape = shapes.get(name)
            rows, cols = (pair.a.shape[1], pair.b.shape[0]) if pair.embedding else \
                (pair.b.shape[0], pair.a.shape[1])
            if shape is None or tuple(shape) != (rows, cols):
                raise UserError.of(
                    "export_adapter_mismatch",
                    QT_TRANSLATE_NOOP("messages", "The adapter changes {tensor} ({rows}×{cols}), "
                                                  "which the base model does not have.")
                    if shape is None else
                    QT_TRANSLATE_NOOP("messages", "The adapter changes {tensor} ({rows}×{cols}), "
                                                  "which the base model holds as {shape}."),
                    QT_TRANSLATE_NOOP("messages", "The adapter belongs to a different base model: "
                                                  "point base_model_name_or_path in "
                                                  "adapter_config.json at the model it was "
                                                  "trained on."),
                    tensor=name, rows=rows, cols=cols, shape=str(shape))
        from safetensors import safe_open

        with safe_open(str(self.path), framework="pt") as handle:
            for name, key in self.replacements.items():
                if name not in shapes:
                    raise _unsupported(QT_TRANSLATE_NOOP("messages", "a saved module {name} the "
                                                                     "base model does not have"),
                                       name=name)
                saved = tuple(handle.get_slice(key).get_shape())
                if saved != tuple(shapes[name]):
                    raise _unsupported(QT_TRANSLATE_NOOP("messages", "a saved module {name} of "
                                                                     "another shape ({saved}, "
                                                                     "base {base}; a resized "
                                                                     "vocabulary)"),
                                       name=name, saved=str(saved),
                                       base=str(tuple(shapes[name])))

"""The model card (README.md) saved with the merged model: where it came from and how well
it did, so a folder found months later still explains itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dpo_desktop import __version__
from dpo_desktop.core.export.gguf_types import TYPE_NOTES
from dpo_desktop.core.export.runinfo import RunInfo


def _number(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def model_card(info: RunInfo, *, dtype: str, now: dt.datetime | None = None) -> str:
    when = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "---",
        "library_name: transformers",
        "tags: [dpo, lora, merged, dpo-desktop]",
        "---",
        "",
        f"# {info.name}",
        "",
        f"A DPO fine-tune merged into its base model by DPO Desktop {__version__} on {when}.",
        "",
        "## Base model",
        "",
        f"- `{info.base_model}`",
        f"- LoRA rank {info.adapter_config.get('r', '?')}, alpha "
        f"{info.adapter_config.get('lora_alpha', '?')}, target modules "
        f"{', '.join(sorted(info.adapter_config.get('target_modules') or [])) or '?'}",
        f"- merged in {dtype} (never into 4-bit weights)",
        "",
        "## Data",
        "",
    ]
    if info.data_files:
        lines += [f"- `{d.name}`: {d.rows} rows, sha256 `{d.sha256}`" for d in info.data_files]
    else:
        lines.append("- not recorded in the run folder")
    lines += ["", "## Results", ""]
    if info.eval:
        before, after = info.eval.get("before") or {}, info.eval.get("after") or {}
        lines += [
            f"Held-out preference pairs: {info.eval.get('eval_rows', '?')}",
            "",
            "| | accuracy | margin |",
            "|---|---|---|",
            *[f"| {label} | {_number(row.get('accuracy', '?'))} | "
              f"{_number(row.get('margin', '?'))} |"
              for label, row in (("before", before), ("after", after))],
            "",
        ]
    if info.last_step:
        step = info.last_step
        lines.append(
            f"Last training step {step.get('step', '?')}: loss {_number(step.get('loss', '?'))}, "
            f"reward accuracy {_number(step.get('rewards_accuracy', '?'))}, "
            f"reward margin {_number(step.get('rewards_margin', '?'))}")
        lines.append("")
    if info.status:
        lines += [f"Run status: {info.status.get('status', '?')}", ""]
    if not (info.eval or info.last_step):
        lines += ["No metrics were recorded in the run folder.", ""]
    lines += ["## Settings", ""]
    if info.settings_toml:
        lines += ["```toml", info.settings_toml.rstrip(), "```"]
    else:
        lines.append("run.toml was not found in the run folder.")
    return "\n".join(lines) + "\n"


def gguf_section(file_name: str, out_type: str,
                 type_counts: tuple[tuple[str, int], ...]) -> str:
    """The card's GGUF part, appended once the GGUF is written: the file, its type in plain
    words, and how many tensors each storage type holds (a K mix uses several)."""
    counts = ", ".join(f"{count} {name}" for name, count in type_counts)
    return "\n".join([
        "", "## GGUF", "",
        f"- `{file_name}`: {out_type.upper()} ({TYPE_NOTES.get(out_type, out_type)})",
        f"- tensors by storage type: {counts}",
        "- written by DPO Desktop in pure Python; K-quant mixes follow llama.cpp's "
        "per-tensor rules",
    ]) + "\n"

"""Human-readable text for a finished export: the CLI summary and the folder's README."""

from __future__ import annotations

from dpo_desktop.core.export import lmstudio
from dpo_desktop.core.export.diskspace import human
from dpo_desktop.core.export.gguf_types import TYPE_NOTES
from dpo_desktop.core.export.result import ExportResult


def check_lines(result: ExportResult) -> list[str]:
    return [f"  [{c.status}] {c.name}: {c.summary}" for c in result.checks]


def summary_text(result: ExportResult) -> str:
    lines = [f"Export folder: {result.out_dir}",
             f"Merged model:  {result.merged.path} ({result.merged.dtype}, "
             f"{result.merged.parameters:,} parameters, {human(result.merged.nbytes)})"]
    if result.gguf is not None:
        types = ", ".join(f"{n} {k}" for k, n in result.gguf.type_counts)
        lines.append(f"GGUF:          {result.gguf.path} ({result.gguf.out_type}, "
                     f"{human(result.gguf.nbytes)}; tensors: {types})")
    if result.checks:
        verdict = {True: "passed", False: "FAILED", None: "reported"}[result.verified]
        lines.append(f"Verification {verdict}:")
        lines += check_lines(result)
    if result.modelfile is not None:
        lines += [f"Ollama:        {result.modelfile}", f"  run: {result.ollama_command}"]
    if result.lmstudio_file is not None:
        lines += [f"LM Studio:     {result.lmstudio_file}",
                  f"  copy the folder {result.lmstudio_file.parent.parent} into "
                  f"{lmstudio.lmstudio_models_dir()}"]
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)


def instructions_text(result: ExportResult) -> str:
    out = [f"# {result.model_name}: exported by DPO Desktop", "",
           "- `merged/`: the merged 16-bit model for transformers (with its model card)."]
    if result.gguf is not None:
        plain = TYPE_NOTES.get(result.gguf.out_type, "")
        out.append(f"- `{result.gguf.path.name}`: the GGUF ({result.gguf.out_type}"
                   + (f": {plain}" if plain else "") + ") for llama.cpp, Ollama and LM Studio.")
    if result.checks:
        out += ["", "## Verification (the GGUF loaded back and compared with the merged model)",
                "", *[f"- {line.strip()}" for line in check_lines(result)]]
    if result.modelfile is not None:
        out += ["", "## Ollama", "", "Run this once, then `ollama run "
                f"{(result.ollama_command or '').split()[2]}`:", "", "```",
                result.ollama_command or "", "```"]
    if result.lmstudio_file is not None:
        publisher = result.lmstudio_file.parent.parent
        out += ["", "## LM Studio", "",
                f"Copy the folder `lmstudio/{publisher.name}` into LM Studio's models folder "
                "(`~/.lmstudio/models`, or `~/.cache/lm-studio/models` in older versions), "
                "keeping the `publisher/model/file.gguf` layout, for example:", "", "```",
                f'cp -r "{publisher}" "{lmstudio.lmstudio_models_dir()}/"', "```", "",
                f"or run `lms import \"{result.lmstudio_file}\"`."]
    if result.notes:
        out += ["", "## Notes", "", *[f"- {note}" for note in result.notes]]
    return "\n".join(out) + "\n"

"""An Ollama ``Modelfile`` for the exported GGUF.

Ollama does not run the Jinja chat template stored in the GGUF; it needs its own
Go-template version. We recognise the chat family from the Jinja template's markers and
write the matching Go template and stop words. A default system prompt baked into the
Jinja template (SmolLM2 has one) becomes a ``SYSTEM`` line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Go templates over Ollama's .Messages (system messages arrive as role "system").
_CHATML = """{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|im_start|>{{ .Role }}
{{ .Content }}<|im_end|>
{{ if and $last (ne .Role "assistant") }}<|im_start|>assistant
{{ end }}
{{- end }}"""

_LLAMA3 = """{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|start_header_id|>{{ .Role }}<|end_header_id|>

{{ .Content }}<|eot_id|>
{{- if and $last (ne .Role "assistant") }}<|start_header_id|>assistant<|end_header_id|>

{{ end }}
{{- end }}"""

_GEMMA = """{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if or (eq .Role "user") (eq .Role "system") }}<start_of_turn>user
{{ .Content }}<end_of_turn>
{{ if $last }}<start_of_turn>model
{{ end }}
{{- else if eq .Role "assistant" }}<start_of_turn>model
{{ .Content }}<end_of_turn>
{{ end }}
{{- end }}"""

_MISTRAL = """{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}[INST] {{ if and $.System $last }}{{ $.System }}

{{ end }}{{ .Content }}[/INST]
{{- else if eq .Role "assistant" }} {{ .Content }}</s>
{{- end }}
{{- end }}"""


@dataclass(frozen=True)
class ChatFamily:
    name: str
    template: str
    stops: tuple[str, ...]


FAMILIES: dict[str, ChatFamily] = {
    "chatml": ChatFamily("chatml", _CHATML, ("<|im_start|>", "<|im_end|>")),
    "llama3": ChatFamily("llama3", _LLAMA3,
                         ("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>")),
    "gemma": ChatFamily("gemma", _GEMMA, ("<start_of_turn>", "<end_of_turn>")),
    "mistral": ChatFamily("mistral", _MISTRAL, ("[INST]", "[/INST]", "</s>")),
}

_MARKERS = (("<|im_start|>", "chatml"), ("<|start_header_id|>", "llama3"),
            ("<start_of_turn>", "gemma"), ("[INST]", "mistral"))


def chat_family(jinja_template: str | None) -> ChatFamily | None:
    for marker, name in _MARKERS:
        if jinja_template and marker in jinja_template:
            return FAMILIES[name]
    return None


def default_system_prompt(tokenizer: Any, family: ChatFamily) -> str | None:
    """The system text the Jinja template adds when the user gives none (ChatML only)."""
    if family.name != "chatml":
        return None
    try:
        text = tokenizer.apply_chat_template([{"role": "user", "content": "x"}], tokenize=False)
    except Exception:  # a template that needs more than one message; no default to find
        return None
    match = re.search(r"<\|im_start\|>system\n(.*?)<\|im_end\|>", str(text), re.S)
    return match.group(1) if match else None


def ollama_name(name: str) -> str:
    """A model name Ollama accepts: lower case letters, digits, '.', '_' and '-'."""
    cleaned = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return cleaned or "dpo-model"


def _quoted(text: str) -> str:
    return '"""' + text.replace('"""', '\\"\\"\\"') + '"""'


def _number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def modelfile_text(gguf_file: str, family: ChatFamily | None,
                   system: str | None = None,
                   parameters: Sequence[tuple[str, float | int]] = ()) -> str:
    """``parameters`` are the answer settings (temperature, repeat_penalty …) the user saw
    in the preview, so Ollama answers the same way."""
    lines = [f"FROM ./{gguf_file}", ""]
    if parameters:
        lines += ["# Answer settings, as in DPO Desktop's Compare page",
                  *[f"PARAMETER {key} {_number(value)}" for key, value in parameters], ""]
    if family is None:
        lines += ["# The chat format was not recognised; Ollama will use the GGUF's own",
                  "# template if it can read it. Add a TEMPLATE here if answers look wrong.", ""]
        return "\n".join(lines)
    lines += [f"# Chat format: {family.name}", f"TEMPLATE {_quoted(family.template)}", ""]
    if system:
        lines += [f"SYSTEM {_quoted(system)}", ""]
    lines += [f'PARAMETER stop "{stop}"' for stop in family.stops]
    return "\n".join(lines) + "\n"


def create_command(name: str, modelfile_path: str) -> str:
    return f'ollama create {ollama_name(name)} -f "{modelfile_path}"'

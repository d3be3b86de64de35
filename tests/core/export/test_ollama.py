"""Modelfile and LM Studio layout content."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.export import lmstudio, ollama

CHATML_JINJA = ("{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
                "{{ message['content'] }}<|im_end|>\n{% endfor %}")


@pytest.mark.parametrize(("marker", "family", "stop"), [
    ("<|im_start|>", "chatml", "<|im_end|>"),
    ("<|start_header_id|>", "llama3", "<|eot_id|>"),
    ("<start_of_turn>", "gemma", "<end_of_turn>"),
    ("[INST]", "mistral", "[/INST]"),
])
def test_family_template_and_stops(marker: str, family: str, stop: str) -> None:
    found = ollama.chat_family(f"{{{{ bos }}}}{marker} ...")
    assert found is not None and found.name == family
    text = ollama.modelfile_text("m-q8_0.gguf", found)
    assert text.startswith("FROM ./m-q8_0.gguf\n")
    assert 'TEMPLATE """' in text and "{{ .Content }}" in text and "range" in text
    assert f'PARAMETER stop "{stop}"' in text
    assert text.count("{{") == text.count("}}")  # balanced Go actions


def test_chatml_modelfile_with_default_system() -> None:
    family = ollama.FAMILIES["chatml"]
    text = ollama.modelfile_text("x.gguf", family, system="You are SmolLM.")
    assert 'SYSTEM """You are SmolLM."""' in text
    assert "<|im_start|>{{ .Role }}" in text and "<|im_start|>assistant" in text


def test_default_system_prompt_is_read_from_the_template() -> None:
    class Tok:
        def apply_chat_template(self, messages: list[dict[str, str]], tokenize: bool) -> str:
            return "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nx<|im_end|>\n"

    assert ollama.default_system_prompt(Tok(), ollama.FAMILIES["chatml"]) == "Be brief."


def test_unknown_template_gets_no_template() -> None:
    assert ollama.chat_family("{{ messages }}") is None
    assert 'TEMPLATE """' not in ollama.modelfile_text("x.gguf", None)


def test_names_and_command() -> None:
    assert ollama.ollama_name("My Run #1") == "my-run-1"
    assert ollama.create_command("My Run", "/out/Modelfile") == \
        'ollama create my-run -f "/out/Modelfile"'


def test_lmstudio_layout(tmp_path: Path) -> None:
    gguf = tmp_path / "m-q8_0.gguf"
    gguf.write_bytes(b"GGUF")
    placed = lmstudio.lmstudio_layout(tmp_path, gguf, "m")
    assert placed == tmp_path / "lmstudio" / "dpo-desktop" / "m-GGUF" / "m-q8_0.gguf"
    assert placed.read_bytes() == b"GGUF"
    assert str(lmstudio.lmstudio_models_dir()).endswith("models")


def test_modelfile_carries_the_answer_settings_and_the_users_system_prompt() -> None:
    from dpo_desktop.core.generation import GenerationSettings

    params = GenerationSettings(temperature=0.0).app_parameters()
    text = ollama.modelfile_text("x.gguf", ollama.FAMILIES["chatml"],
                                 system="You answer for Sakura Bakery.", parameters=params)
    assert "PARAMETER repeat_penalty 1.1\n" in text and "PARAMETER repeat_last_n 64\n" in text
    assert "PARAMETER temperature 0\n" in text and "PARAMETER top_k 40\n" in text
    assert 'SYSTEM """You answer for Sakura Bakery."""' in text
    assert "SmolLM" not in text

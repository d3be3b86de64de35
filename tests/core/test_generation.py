"""Before/after answers from one model: adapter off vs on, streaming, seeds and cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.events import Event, TokenGenerated
from dpo_desktop.core.generation import GenerationSettings, Generator


@pytest.fixture(scope="module")
def run_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with a LoRA adapter whose weights clearly change its answers."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoTokenizer, LlamaForCausalLM

    torch.manual_seed(0)
    model = get_peft_model(LlamaForCausalLM.from_pretrained(tiny_model_dir),
                           LoraConfig(r=8, lora_alpha=16,
                                      target_modules=["q_proj", "v_proj", "o_proj"],
                                      init_lora_weights=False))
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    run = tmp_path_factory.mktemp("gen") / "run"
    model.save_pretrained(run / "adapter")
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(run / "adapter")
    config_file = run / "adapter" / "adapter_config.json"
    data = json.loads(config_file.read_text())
    data["base_model_name_or_path"] = str(tiny_model_dir)
    config_file.write_text(json.dumps(data))
    return run


@pytest.fixture(scope="module")
def generator(run_dir: Path) -> Generator:
    return Generator.from_run(run_dir)


SHORT = GenerationSettings(max_new_tokens=12)


def test_adapter_changes_greedy_answer_and_before_is_the_base(generator: Generator,
                                                              run_dir: Path) -> None:
    before, after = generator.compare("Hello, are you open today?", SHORT)
    assert before.tokens > 0 and after.tokens > 0
    assert before.text != after.text
    again, _ = generator.compare("Hello, are you open today?", SHORT)
    assert again.text == before.text  # greedy is repeatable


def test_tokens_stream_as_events(generator: Generator) -> None:
    pieces: list[str] = []

    def collect(event: Event) -> None:
        if isinstance(event, TokenGenerated):
            assert event.side == "after"
            pieces.append(event.text)

    answer = generator.generate("こんにちは", "after", SHORT, on_event=collect)
    assert len(pieces) >= 2
    assert "".join(pieces).strip() == answer.text
    assert answer.tokens_per_second > 0


def test_same_seed_same_sample(generator: Generator) -> None:
    sampled = GenerationSettings(max_new_tokens=10, temperature=1.0, top_p=1.0, seed=3)
    first = generator.generate("Tell me a story", "after", sampled)
    second = generator.generate("Tell me a story", "after", sampled)
    assert first.text == second.text


def test_cancel_stops_within_a_token_or_two(generator: Generator) -> None:
    cancel = JobControl()
    seen: list[str] = []

    def stop_after_two(event: Event) -> None:
        if isinstance(event, TokenGenerated):
            seen.append(event.text)
            if len(seen) == 2:
                cancel.cancel()

    long = GenerationSettings(max_new_tokens=200)
    answer = generator.generate("Write a long letter", "after", long, on_event=stop_after_two,
                                control=cancel)
    assert answer.cancelled
    assert answer.tokens <= 4
    before, after = generator.compare("Hi", long, control=cancel)
    assert before.cancelled and after.cancelled and after.tokens == 0


def test_run_without_adapter_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as excinfo:
        Generator.from_run(tmp_path)
    assert excinfo.value.code == "no_adapter"


def test_bad_settings_name_the_setting() -> None:
    with pytest.raises(UserError, match="top-p"):
        GenerationSettings(top_p=0)
    with pytest.raises(UserError, match="max new tokens"):
        GenerationSettings(max_new_tokens=0)


def test_compare_cli_json(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dpo_desktop.cli import main

    code = main(["compare", str(run_dir), "--prompt", "Hi", "--prompt", "営業時間は？",
                 "--max-new-tokens", "6", "--json"])
    assert code == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["prompt"] for r in results] == ["Hi", "営業時間は？"]
    assert all(set(r) == {"prompt", "before", "after"} for r in results)


def test_repeat_penalty_is_llama_cpps_over_the_last_tokens() -> None:
    import torch

    from dpo_desktop.core.generation import _recent_penalty

    processor = _recent_penalty(2.0, 2)
    ids = torch.tensor([[0, 1, 2]])  # token 0 is older than the last 2: not penalized
    scores = torch.tensor([[4.0, 4.0, -4.0, 4.0]])
    out = processor(ids, scores)
    assert out.tolist() == [[4.0, 2.0, -8.0, 4.0]]


def test_answer_settings_match_the_ollama_defaults() -> None:
    # What the exported Modelfile gets, so the preview answers as Ollama will.
    params = dict(GenerationSettings().app_parameters())
    assert params["repeat_penalty"] == 1.1 and params["repeat_last_n"] == 64
    assert params["top_k"] == 40
    with pytest.raises(UserError, match="repeat penalty"):
        GenerationSettings(repeat_penalty=0.5)


def test_repeat_penalty_changes_a_looping_greedy_answer(generator: Generator) -> None:
    plain = GenerationSettings(max_new_tokens=40, repeat_penalty=1.0)
    penalized = GenerationSettings(max_new_tokens=40, repeat_penalty=1.5)
    first = generator.generate("Say it again and again", "after", plain)
    second = generator.generate("Say it again and again", "after", penalized)
    assert first.text != second.text
    assert generator.generate("Say it again and again", "after", penalized).text == second.text


def test_loading_message_names_the_model_as_the_user_chose_it(tmp_path: Path) -> None:
    from dpo_desktop.core.generation import _model_name

    cache_folder = tmp_path / "SmolLM2-135M-Instruct-b179c9523d0e6a0f"
    (tmp_path / "run.toml").write_text('[model]\nspec = "demo"\n', encoding="utf-8")
    assert _model_name(tmp_path, cache_folder) == "SmolLM2 135M Instruct (embedded demo)"
    (tmp_path / "run.toml").write_text('[model]\nspec = "Qwen/Qwen3-0.6B"\n', encoding="utf-8")
    assert _model_name(tmp_path, cache_folder) == "Qwen3 0.6B"
    (tmp_path / "run.toml").unlink()
    assert _model_name(tmp_path, cache_folder) == cache_folder.name  # nothing better known


def test_a_compare_session_loads_once_and_answers_like_the_generator(
        run_dir: Path, generator: Generator, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session the Compare page and ``dpo-desktop compare`` share: one load per run,
    the sides answered in the order asked, the same text as the generator gives."""
    from dpo_desktop.core.compare import CompareSession

    loads: list[Path] = []
    real = Generator.from_run.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Generator], folder: Path, **kwargs: object) -> Generator:
        loads.append(Path(folder))
        return real(cls, folder, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Generator, "from_run", classmethod(counting))
    session = CompareSession(device="cpu")
    assert not session.is_loaded(run_dir)
    short = GenerationSettings(max_new_tokens=6)
    order: list[str] = []
    answers = session.answer(run_dir, "Hi", ["after", "before"], short,
                             on_event=lambda e: order.append(e.side)
                             if isinstance(e, TokenGenerated) else None)
    assert list(answers) == ["after", "before"] and order[0] == "after"
    again = session.answer(run_dir, "Hi", ["before"], short)
    assert loads == [run_dir] and session.is_loaded(run_dir)
    assert again["before"].text == answers["before"].text
    assert again["before"].text == generator.generate("Hi", "before", short).text
    control = JobControl()
    control.cancel()  # cancelled before the first side: nothing is answered
    assert session.answer(run_dir, "Hi", ["before", "after"], short, control=control) == {}
    session.unload()
    assert not session.is_loaded(run_dir)

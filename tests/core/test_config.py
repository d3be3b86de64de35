"""RunConfig: defaults, TOML round trip, presets, help text, and one clear error per bad field."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path

import pytest

from dpo_desktop.core import config as cfg
from dpo_desktop.core.config import RunConfig
from dpo_desktop.core.errors import UserError


def test_defaults_are_valid() -> None:
    assert cfg.validate(RunConfig()) == RunConfig()


def test_every_field_has_help_text() -> None:
    for section in ("", *cfg.SECTIONS):
        owner = RunConfig if not section else type(getattr(RunConfig(), section))
        for item in dataclasses.fields(owner):
            if item.name in cfg.SECTIONS:
                continue
            assert len(cfg.help_text(section, item.name)) > 10, (section, item.name)


def test_toml_round_trip(tmp_path: Path) -> None:
    config = RunConfig(
        name="my run", output_dir=str(tmp_path / "out"),
        model=cfg.ModelSettings(spec="C:\\models\\qwen \"2\"", backend="cpu-lora"),
        data=cfg.DataSettings(path="データ.csv", mapping=(("prompt", "質問"), ("chosen", "良い")),
                              eval_fraction=0.2),
        training=cfg.TrainingSettings(beta=0.25, loss_type="ipo", max_steps=7, rpo_alpha=1.0),
        lora=cfg.LoraSettings(target_modules=("all-linear",)))
    path = tmp_path / "run.toml"
    cfg.save_config(config, path)
    assert cfg.load_config(path) == config


def test_resolved_table_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "run.toml"
    path.write_text(cfg.config_to_toml(RunConfig()) + '\n[resolved]\nbackend = "cpu-lora"\n',
                    encoding="utf-8")
    assert cfg.load_config(path) == RunConfig()


def test_preset_changes_training_only() -> None:
    quick = cfg.apply_preset(RunConfig(), "quick test")
    assert quick.training.max_steps == 10 and quick.model == RunConfig().model
    with pytest.raises(UserError, match="preset"):
        cfg.apply_preset(RunConfig(), "fastest")


T = cfg.TrainingSettings


@pytest.mark.parametrize(("change", "setting"), [
    (lambda c: replace(c, training=T(beta=0)), "training.beta"),
    (lambda c: replace(c, training=T(loss_type="kto")), "training.loss_type"),
    (lambda c: replace(c, training=T(learning_rate=-1)), "training.learning_rate"),
    (lambda c: replace(c, training=T(batch_size=0)), "training.batch_size"),
    (lambda c: replace(c, training=T(max_length=4)), "training.max_length"),
    (lambda c: replace(c, training=T(label_smoothing=0.7)), "training.label_smoothing"),
    (lambda c: replace(c, training=T(lr_scheduler="zigzag")), "training.lr_scheduler"),
    (lambda c: replace(c, training=T(truncation="middle")), "training.truncation"),
    (lambda c: replace(c, training=T(max_steps=-3)), "training.max_steps"),
    (lambda c: replace(c, model=cfg.ModelSettings(backend="tpu")), "model.backend"),
    (lambda c: replace(c, data=cfg.DataSettings(eval_fraction=0.9)), "data.eval_fraction"),
    (lambda c: replace(c, data=cfg.DataSettings(mapping=(("answer", "x"),))), "data.mapping"),
    (lambda c: replace(c, lora=cfg.LoraSettings(r=0)), "lora.r"),
    (lambda c: replace(c, lora=cfg.LoraSettings(dropout=1.5)), "lora.dropout"),
    (lambda c: replace(c, lora=cfg.LoraSettings(target_modules=())), "lora.target_modules"),
    (lambda c: replace(c, name="a/b"), "name"),
])
def test_bad_values_name_the_setting(change, setting: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as info:
        cfg.validate(change(RunConfig()))
    assert info.value.code == "bad_setting"
    assert info.value.params["setting"] == setting
    assert setting in info.value.message and info.value.hint


@pytest.mark.parametrize(("text", "setting"), [
    ("[training]\nbeta = \"high\"\n", "training.beta"),
    ("[training]\nbatch_size = 2.5\n", "training.batch_size"),
    ("[training]\nbeta_typo = 1\n", "training.beta_typo"),
    ("[model]\nallow_pickle = \"yes\"\n", "model.allow_pickle"),
    ("colour = 1\n", "colour"),
    ("training = 3\n", "training"),
])
def test_bad_toml_values_name_the_setting(tmp_path: Path, text: str, setting: str) -> None:
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        cfg.load_config(path)
    assert info.value.params["setting"] == setting


def test_unreadable_toml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "run.toml"
    path.write_text("[training\nbeta=", encoding="utf-8")
    with pytest.raises(UserError) as info:
        cfg.load_config(path)
    assert info.value.code == "config_bad_toml"
    with pytest.raises(UserError) as info:
        cfg.load_config(tmp_path / "missing.toml")
    assert info.value.code == "config_not_found"

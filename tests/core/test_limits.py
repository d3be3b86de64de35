"""Setting limits live in the fields' metadata; validation reads them from there."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from dpo_desktop.core import config as cfg
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.generation import GenerationSettings
from dpo_desktop.core.limits import Limits, limits_of, problem
from dpo_desktop.core.pairs import PairSettings


def numeric_fields(owner: object) -> list[dataclasses.Field[object]]:
    return [f for f in dataclasses.fields(owner)  # type: ignore[arg-type]
            if f.type in ("int", "float")]


def outside(limits: Limits, kind: str) -> list[float]:
    """Values just past each bound (the bound itself when it is open)."""
    step = 1 if kind == "int" else 1e-3
    values = []
    if limits.low is not None:
        values.append(limits.low if limits.low_open else limits.low - step)
    if limits.high is not None:
        values.append(limits.high if limits.high_open else limits.high + step)
    return values


SECTIONS = [(name, type(getattr(cfg.RunConfig(), name))) for name in cfg.SECTIONS]


@pytest.mark.parametrize(("section", "owner"), SECTIONS)
def test_every_number_of_the_config_has_limits_that_validate_enforces(section: str,
                                                                      owner: type) -> None:
    for item in numeric_fields(owner):
        limits = limits_of(owner, item.name)
        assert limits.low is not None, f"{section}.{item.name} has no lower limit"
        base = cfg.RunConfig()
        if item.name == "epochs":  # checked only when max steps is 0 (the default)
            assert base.training.max_steps == 0
        for value in outside(limits, str(item.type)):
            typed = int(value) if item.type == "int" else float(value)
            bad = replace(base, **{section: replace(getattr(base, section),
                                                   **{item.name: typed})})
            with pytest.raises(UserError) as info:
                cfg.validate(bad)
            assert info.value.params["setting"] == f"{section}.{item.name}"
            assert problem(owner, item.name, typed) is not None


def test_bounds_that_are_closed_are_allowed() -> None:
    t = cfg.RunConfig().training
    config = replace(cfg.RunConfig(), training=replace(t, warmup_ratio=0.5, max_length=16,
                                                       learning_rate=0.1))
    assert cfg.validate(config) is config
    assert limits_of(cfg.TrainingSettings, "loss_type").choices == cfg.LOSS_TYPES


@pytest.mark.parametrize("owner", [GenerationSettings, PairSettings])
def test_answer_and_pair_settings_reject_values_outside_their_limits(owner: type) -> None:
    for item in numeric_fields(owner):
        limits = limits_of(owner, item.name)
        assert limits.low is not None and limits.high is not None, item.name
        for value in outside(limits, str(item.type)):
            typed = int(value) if item.type == "int" else float(value)
            with pytest.raises(UserError) as info:
                owner(**{item.name: typed})
            assert info.value.code == "bad_setting"
    with pytest.raises(UserError):
        PairSettings(similar="maybe")  # type: ignore[arg-type]


def test_limits_describe_their_range() -> None:
    assert Limits(0.0, 0.5).describe() == "0 to 0.5"
    assert Limits(0.0, 0.5, high_open=True).describe() == "[0, 0.5)"
    assert Limits(0.0, low_open=True).describe() == "above 0"
    assert Limits(16).describe() == "at least 16"
    assert not Limits(0.0, 1.0).allows(float("nan"))
    assert [Limits(0.0, 2.0).notation(), Limits(0.0, low_open=True).notation(),
            Limits(1).notation(), Limits(0.0, 1.0, low_open=True).notation()] == [
        "0–2", "> 0", "≥ 1", "(0, 1]"]

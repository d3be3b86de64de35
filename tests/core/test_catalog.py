"""The curated model list: shapes match the published sizes, and badges follow the device."""

from __future__ import annotations

import pytest

from dpo_desktop.core.catalog import CATALOG, DEMO, find, fit_badge
from dpo_desktop.core.memory import GIB


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: e.name)
def test_shape_matches_published_parameter_count(entry) -> None:  # type: ignore[no-untyped-def]
    assert entry.shape.params == pytest.approx(entry.params, rel=0.05)
    assert entry.license


def test_catalog_covers_the_recommended_families() -> None:
    families = {entry.family for entry in CATALOG}
    assert {"Qwen2.5", "Qwen3", "Llama 3.2", "Gemma", "SmolLM2", "Phi"} <= families
    assert len({entry.spec for entry in CATALOG}) == len(CATALOG)
    assert CATALOG[0] is DEMO and find("demo") is DEMO
    assert find("nope/nope") is None


def test_badges_on_an_8_gib_gpu() -> None:
    def badge(spec: str) -> str | None:
        entry = find(spec)
        assert entry is not None
        return fit_badge(entry, vram_total=8 * GIB, ram_total=None, batch_size=2)[0]

    assert badge("demo") == "fits"
    assert badge("Qwen/Qwen2.5-1.5B-Instruct") == "fits"
    assert badge("Qwen/Qwen3-8B") == "wont_fit"


def test_without_a_gpu_the_badge_is_against_ram_with_cpu_lora() -> None:
    result, needed = fit_badge(DEMO, vram_total=None, ram_total=16 * GIB)
    assert needed.backend == "cpu-lora" and result == "fits"
    assert fit_badge(DEMO, vram_total=None, ram_total=None)[0] is None
    assert DEMO.params_label == "135M"
    assert find("Qwen/Qwen3-8B").params_label == "8.2B"  # type: ignore[union-attr]


def test_display_names_are_what_the_user_chose() -> None:
    from dpo_desktop.core.catalog import display_name

    assert display_name("demo") == "SmolLM2 135M Instruct (embedded demo)"
    assert display_name("Qwen/Qwen2.5-0.5B-Instruct") == "Qwen2.5 0.5B Instruct"
    assert display_name("someone/custom-model") == "someone/custom-model"
    assert display_name("/models/my-folder") == "my-folder"

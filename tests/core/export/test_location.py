"""The default export folder is a visible one, and a second export never collides."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.export import location


def test_default_is_under_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(location.ENV, raising=False)
    import platformdirs

    folder = location.default_exports_dir()
    assert folder == Path(platformdirs.user_documents_dir()) / "DPO Desktop" / "exports"
    assert ".local" not in folder.parts and "share" not in folder.parts


def test_taken_folders_get_a_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(location.ENV, str(tmp_path))
    assert location.default_export_folder("shop") == tmp_path / "shop"
    (tmp_path / "shop").mkdir()
    assert location.default_export_folder("shop") == tmp_path / "shop"  # empty: usable
    (tmp_path / "shop" / "x.gguf").write_text("x")
    assert location.default_export_folder("shop") == tmp_path / "shop-2"

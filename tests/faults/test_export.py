"""Faults while exporting, through the public ``export_run`` and the ``export`` command,
so the tests hold whatever the pipeline looks like inside.

Each write of an export (the merged model, the GGUF, the Ollama Modelfile, the LM Studio
copy, the summary files, the final rename) meets a full disk part-way and one other fault.
The export must fail with the plain message naming the file, emit ``Failed`` and never
``Finished``, leave no export folder that looks finished and no partial folder, and a
second try without the fault must work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core import events
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.export import ExportOptions, export_run
from tests.faults.inject import CODES, Fault

# site -> (needle in the path written, the fault kind besides a full disk, what the
# message names)
SITES = {
    "merged model": ("/merged/", "read_only", "merged"),
    "GGUF": (".gguf", "locked", ".gguf"),
    "Modelfile": ("Modelfile", "permission", "Modelfile"),
    "LM Studio copy": ("/lmstudio/", "vanished", "lmstudio"),
    "summary (export.json)": ("export.json", "permission", "export.json"),
}


def _cases() -> list[tuple[str, str]]:
    """A full disk at every site; the other kinds at the sites that differ in how they
    write (safetensors from Rust, gguf-py's writer, a hard link or copy), to keep the
    suite fast: the rest reach the same ``open`` as the Modelfile and summary do."""
    cases = [(site, "disk_full") for site in SITES]
    cases += [(site, SITES[site][1]) for site in ("merged model", "GGUF", "LM Studio copy",
                                                  "Modelfile")]
    return cases


@pytest.mark.parametrize(("site", "kind"), _cases())
def test_an_export_fault_is_plain_and_leaves_nothing_that_looks_done(
        site: str, kind: str, tiny_run: Callable[[str], Path], tmp_path: Path,
        fault: Callable[[str, str | Path], Fault]) -> None:
    needle, _, named = SITES[site]
    out = tmp_path / "export"
    seen: list[events.Event] = []
    injected = fault(kind, needle)
    with pytest.raises(UserError) as caught:
        export_run(tiny_run("llama"), ExportOptions(out, gguf_type="f16", ollama=True,
                                                    lmstudio=True, verify=False),
                   on_event=seen.append)
    assert injected.hits
    error = caught.value
    assert error.code == CODES[kind], error.message
    assert named in error.message and "partial" not in error.message and error.hint
    assert not any(isinstance(e, events.Finished) for e in seen)
    failed = [e for e in seen if isinstance(e, events.Failed)]
    assert len(failed) == 1 and failed[0].code == error.code and failed[0].params
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no partial folder either


def test_final_rename_refused(tiny_run: Callable[[str], Path], tmp_path: Path,
                              fault: Callable[[str, str | Path], Fault]) -> None:
    out = tmp_path / "export"
    injected = fault("locked", out)  # e.g. Explorer holds the folder open
    with pytest.raises(UserError) as caught:
        export_run(tiny_run("llama"), ExportOptions(out, gguf_type=None, verify=False))
    assert injected.hits and caught.value.code == "file_locked"
    assert str(out) in caught.value.message
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_disk_full_after_the_check_is_not_a_bug_and_not_verified(
        tiny_run: Callable[[str], Path], tmp_path: Path,
        fault: Callable[[str, str | Path], Fault], capsys: pytest.CaptureFixture[str]) -> None:
    """The reported case: the up-front space check passes, the disk fills at the end."""
    out = tmp_path / "export"
    args = ["export", str(tiny_run("llama")), "--out", str(out), "--gguf", "f16", "--ollama",
            "--no-verify"]  # the check itself is tested in tests/core/export; it is slow
    injected = fault("disk_full", "export.json")
    assert main(args) == 2 and injected.hits
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "error: There is not enough free space on" in captured.err
    assert "export.json" in captured.err and "hint: Free some space on" in captured.err
    assert "verified" not in text and "unexpected" not in text and "bug" not in text
    assert "exported to" not in text and not out.exists()

    injected.active = False  # room again: the same command now works
    assert main(args) == 0
    assert (out / "export.json").is_file() and (out / "Modelfile").is_file()

"""Refresh the Japanese translation: lupdate over dpo_desktop/gui and core, report, then lrelease.

    .venv/bin/python scripts/update_translations.py            # update .ts, compile .qm
    .venv/bin/python scripts/update_translations.py --check    # change nothing; exit 1 if
                                                               # a string is untranslated

New or changed UI strings appear in resources/i18n/dpo_desktop_ja.ts as unfinished
entries; the script lists each one (context, source, file) so they are easy to fill in
with Qt Linguist (``pyside6-linguist``) or a text editor. Then run it again to compile
the .qm that the app loads (the .qm is committed next to the .ts).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "dpo_desktop" / "gui", ROOT / "dpo_desktop" / "core")  # core: marked templates
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("ja",)


def tool(name: str) -> str:
    """A PySide6 tool next to this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (it ships lupdate and lrelease)")
    return found


def ts_path(language: str) -> Path:
    return I18N / f"dpo_desktop_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N / f"dpo_desktop_{language}.qm"


def source_files() -> list[Path]:
    return sorted(p for folder in SOURCES for p in folder.rglob("*.py")
                  if "__pycache__" not in p.parts)


def lupdate(ts: Path) -> None:
    """Add new strings to ``ts`` and drop those no longer in the code."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *files,
                    "-ts", str(ts)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def lrelease(ts: Path, qm: Path) -> None:
    """Compile ``ts`` into ``qm``, replacing it atomically: a running app has the old file
    memory-mapped, and rewriting it in place would crash that app (SIGBUS)."""
    partial = qm.with_name(qm.name + ".partial")
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(partial)],
                   cwd=ROOT, check=True)
    partial.replace(qm)


def entries(ts: Path) -> list[tuple[str, str, str, bool]]:
    """``(context, source, translation, finished)`` for every message of ``ts``."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = "" if translation is None else "".join(translation.itertext())
            kind = "" if translation is None else translation.get("type", "")
            finished = bool(text.strip()) and kind not in ("unfinished", "vanished",
                                                           "obsolete")
            if kind in ("vanished", "obsolete"):
                continue
            found.append((name, source, text, finished))
    return found


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """``(context, source)`` of each entry that still needs a translation."""
    return [(c, s) for c, s, _, done in entries(ts) if not done]


def fresh_copy(language: str, folder: Path) -> Path:
    """The .ts as lupdate would make it from the code now, written under ``folder``."""
    copy = folder / ts_path(language).name
    if ts_path(language).exists():
        shutil.copy(ts_path(language), copy)
    lupdate(copy)
    return copy


def report(language: str, missing: list[tuple[str, str]]) -> None:
    if not missing:
        print(f"{language}: every string is translated")
        return
    print(f"{language}: {len(missing)} untranslated string(s) in {ts_path(language)}:")
    for context, source in missing:
        print(f"  [{context or '(no context)'}] {source!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; fail if a string is untranslated or the .qm is "
                             "out of date")
    args = parser.parse_args()
    status = 0
    for language in LANGUAGES:
        if args.check:
            with tempfile.TemporaryDirectory() as folder:
                missing = unfinished(fresh_copy(language, Path(folder)))
                qm = Path(folder) / "check.qm"
                lrelease(ts_path(language), qm)
                if not qm_path(language).exists() or \
                        qm.read_bytes() != qm_path(language).read_bytes():
                    print(f"{language}: {qm_path(language).name} is out of date; run "
                          "scripts/update_translations.py")
                    status = 1
        else:
            lupdate(ts_path(language))
            missing = unfinished(ts_path(language))
            lrelease(ts_path(language), qm_path(language))
            print(f"wrote {qm_path(language).relative_to(ROOT)}")
        report(language, missing)
        status = status or int(bool(missing))
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Build the one-folder bundle with PyInstaller, then prove it works with ``--self-check``.

``make package`` runs this on Linux; on Windows run ``python packaging\\build.py`` from
the project's venv (it then also compiles the Inno Setup installer when ``iscc`` is
found). It is Python rather than shell so that both platforms share one recipe. The
build is never part of ``make test``: it takes minutes and about 2 GB of disk.

Steps: install PyInstaller into this interpreter when missing, refuse a CUDA build of
torch (the bundle ships CPU torch; see packaging/README.md), run the spec, run the
bundled executable's ``--self-check`` headless, print the bundle size and the times.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "dpo_desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "dpo-desktop"
IS_WINDOWS = sys.platform == "win32"
EXE = BUNDLE / ("dpo-desktop.exe" if IS_WINDOWS else "dpo-desktop")
ISS = ROOT / "packaging" / "windows" / "dpo-desktop.iss"


def say(text: str) -> None:
    print(f"[package] {text}", flush=True)


def app_version() -> str:
    """``dpo_desktop.__version__``, read from the file so torch and Qt need not import."""
    text = (ROOT / "dpo_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit("dpo_desktop/__init__.py has no __version__")
    return found.group(1)


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        say("installing PyInstaller into this environment…")
        subprocess.run([sys.executable, "-m", "pip", "install", "pyinstaller>=6"], check=True)


def check_torch(allow_cuda: bool) -> None:
    """A CUDA torch would add several GB of CUDA libraries that most users cannot use."""
    try:
        import torch
    except ImportError:
        raise SystemExit("torch is not installed in this environment; run `make run` first."
                         ) from None
    if torch.version.cuda and not allow_cuda:
        raise SystemExit(
            f"This environment has a CUDA build of torch ({torch.__version__}). The bundle "
            "ships CPU torch: build from a venv with the CPU wheel (pip install torch "
            "--index-url https://download.pytorch.org/whl/cpu), or pass --allow-cuda.")
    kind = f"CUDA {torch.version.cuda}" if torch.version.cuda else "CPU"
    say(f"torch {torch.__version__} ({kind})")


def folder_size(folder: Path) -> int:
    """Bytes in regular files; symlinks (PyInstaller links libraries) count once, as targets."""
    total = 0
    for path in folder.rglob("*"):
        if not path.is_symlink() and path.is_file():
            total += path.stat().st_size
    return total


def largest_parts(folder: Path, count: int = 8) -> list[tuple[int, str]]:
    inner = folder / "_internal" if (folder / "_internal").is_dir() else folder
    sizes = []
    for child in inner.iterdir():
        if child.is_symlink():
            continue
        size = folder_size(child) if child.is_dir() else child.stat().st_size
        sizes.append((size, child.name))
    return sorted(sizes, reverse=True)[:count]


def mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def minutes(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}m{whole % 60:02d}s ({seconds:.0f} s)"


def build(clean: bool) -> float:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    say("building: " + " ".join(command[1:]))
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - started


def self_check(timeout: int) -> tuple[int, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", DPO_DESKTOP_DEBUG="1")
    say(f"running {EXE.relative_to(ROOT)} --self-check (QT_QPA_PLATFORM=offscreen)")
    started = time.perf_counter()
    try:
        code = subprocess.run([str(EXE), "--self-check"], env=env, cwd=DIST,
                              timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        say(f"the self-check did not finish within {timeout} s")
        code = 124
    return code, time.perf_counter() - started


def windows_installer(version: str) -> None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"),
                   "Inno Setup 6", "ISCC.exe")
    if not iscc and default.is_file():
        iscc = str(default)
    args = [f"/DAppVersion={version}", f"/DBundleDir={BUNDLE}", str(ISS)]
    if not iscc:
        say("Inno Setup (iscc) not found; to make the installer run: iscc " + " ".join(args))
        return
    subprocess.run([iscc, *args], check=True, cwd=ISS.parent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    parser.add_argument("--skip-build", action="store_true",
                        help="only run the self-check of an existing bundle")
    parser.add_argument("--allow-cuda", action="store_true",
                        help="bundle whatever torch is installed, even a CUDA build")
    parser.add_argument("--timeout", type=int, default=900,
                        help="seconds the self-check may take (default 900)")
    args = parser.parse_args(argv)

    version = app_version()
    say(f"DPO Desktop {version} on {sys.platform}, Python {sys.version.split()[0]}")
    build_seconds = 0.0
    if not args.skip_build:
        ensure_pyinstaller()
        check_torch(args.allow_cuda)
        build_seconds = build(args.clean)
    if not EXE.is_file():
        say(f"no executable at {EXE}")
        return 1
    code, check_seconds = self_check(args.timeout)
    size = folder_size(BUNDLE)
    say(f"bundle: {BUNDLE.relative_to(ROOT)}, {mib(size)}; largest parts: "
        + ", ".join(f"{name} {mib(part)}" for part, name in largest_parts(BUNDLE)))
    dangling = [p for p in BUNDLE.rglob("*") if p.is_symlink() and not p.exists()]
    if dangling:
        say(f"warning: {len(dangling)} dangling symlinks, e.g. {dangling[0].relative_to(ROOT)}")
    if shutil.which("du") and not IS_WINDOWS:
        du = subprocess.run(["du", "-sh", str(BUNDLE)], capture_output=True, text=True)
        say(f"du -sh: {du.stdout.strip()}")
    if build_seconds:
        say(f"build time: {minutes(build_seconds)}")
    say(f"self-check wall time: {check_seconds:.1f} s, exit code {code}")
    if code != 0:
        say("the self-check FAILED: the bundle is not fit to ship")
        return 1
    if IS_WINDOWS:
        windows_installer(version)
    return 0


if __name__ == "__main__":
    sys.exit(main())

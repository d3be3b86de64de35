"""``run.lock``: which process is training a run, so a dead one is told apart by identity.

A run whose status says "running" may be training right now, or its process may have
crashed, been killed, or lost power a second ago. File age cannot tell these apart
(a crash is "interrupted" at once; a slow step leaves files old while alive). The lock
records the owner's PID together with the process's *start identity* (its start time,
plus the boot id on Linux), so a PID that the system has since given to another program
is not mistaken for the owner.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from dpo_desktop.core.atomic import atomic_write_text


def _linux_identity(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return None
    # Field 22 (start time in clock ticks since boot) counts from after the ")" that ends
    # the command name, which may itself hold spaces or parentheses.
    fields = stat.rpartition(")")[2].split()
    return f"{boot}:{fields[19]}" if len(fields) > 19 else None


def process_identity(pid: int) -> str | None:
    """A string that changes when ``pid`` is reused by a new process; None if unknown."""
    if Path("/proc/self/stat").exists():
        return _linux_identity(pid)
    try:
        import psutil
    except ImportError:
        return None
    try:
        return f"{psutil.Process(pid).create_time():.3f}"
    except (psutil.Error, OSError):
        return None


def pid_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    if Path("/proc/self/stat").exists():
        return Path(f"/proc/{pid}").exists()
    try:
        import psutil

        return bool(psutil.pid_exists(pid))
    except ImportError:
        pass
    try:
        os.kill(pid, 0)  # POSIX: signal 0 only checks
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def write_lock(path: Path) -> None:
    """Claim the run for this process (atomically, so a reader never sees half a lock)."""
    pid = os.getpid()
    atomic_write_text(path, json.dumps({
        "pid": pid, "identity": process_identity(pid), "host": socket.gethostname(),
        "started": time.time()}, indent=2))


def read_lock(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def owner_alive(lock: dict[str, Any]) -> bool:
    """True when the process that wrote ``lock`` is still running on this computer.

    A lock from another computer (a run folder on a shared or USB disk) counts as alive:
    we cannot see that process, and two computers must never train one run at once.
    """
    pid = lock.get("pid")
    if not isinstance(pid, int):
        return False
    if lock.get("host") not in (None, socket.gethostname()):
        return True
    if not pid_exists(pid):
        return False
    recorded = lock.get("identity")
    current = process_identity(pid)
    if recorded is None or current is None:
        return True  # the PID exists and identity is unknown: assume it is the owner
    return bool(recorded == current)


def owned_by_this_process(lock: dict[str, Any]) -> bool:
    return lock.get("pid") == os.getpid() and lock.get("host") in (None, socket.gethostname())


def release_lock(path: Path) -> None:
    """Remove the lock if this process holds it (never another live process's lock)."""
    if owned_by_this_process(read_lock(path)):
        with contextlib.suppress(OSError):
            path.unlink()

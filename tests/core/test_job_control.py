"""One JobControl for every long job: cancel from another thread, pause where a job
allows it, and Cancelled as the one way a cancelled job ends (a UserError)."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.core import models
from dpo_desktop.core.errors import Cancelled, JobControl, UserError
from dpo_desktop.core.events import Event, PhaseChanged
from dpo_desktop.core.export import ExportCancelled
from dpo_desktop.core.training.control import TrainingControl, as_training_control


def test_cancel_from_another_thread_wakes_a_paused_job() -> None:
    control = JobControl()
    control.raise_if_cancelled()  # not cancelled: nothing happens
    control.pause()
    assert control.is_paused
    woke = threading.Event()

    def job() -> None:
        control.wait_if_paused(0.01)
        woke.set()

    worker = threading.Thread(target=job)
    worker.start()
    assert not woke.wait(0.1)  # held while paused
    control.cancel()
    worker.join(5)
    assert woke.is_set() and control.is_cancelled and not control.is_paused
    with pytest.raises(Cancelled) as info:
        control.raise_if_cancelled()
    assert isinstance(info.value, UserError) and info.value.code == "cancelled"
    control.pause()  # a cancelled job cannot be paused any more
    assert not control.is_paused


def test_export_cancelled_is_the_core_cancelled() -> None:
    assert ExportCancelled is Cancelled


def test_training_control_is_a_job_control_with_a_quick_stop() -> None:
    control = TrainingControl()
    assert isinstance(control, JobControl) and as_training_control(control) is control
    control.stop(quick=True)
    assert control.is_cancelled and control.stop_requested and control.quick_stop
    plain = JobControl()
    shared = as_training_control(plain)
    plain.pause()
    assert shared.pause_requested
    plain.cancel()
    assert shared.stop_requested and not shared.quick_stop


def test_a_cancelled_download_raises_cancelled_not_a_network_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub wraps whatever the progress bar raises; a cancel is still a cancel."""
    import huggingface_hub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    control = JobControl()
    seen: list[Event] = []

    def fake_download(repo_id: str, *, local_files_only: bool = False, tqdm_class: Any = None,
                      **kwargs: Any) -> str:
        if local_files_only:
            raise FileNotFoundError("not cached")
        bar = tqdm_class(total=100, file=io.StringIO())
        bar.update(10)
        control.cancel()  # the user clicks Cancel while bytes arrive
        try:
            bar.update(10)
        except Exception as exc:  # the hub re-raises its workers' errors as its own
            raise RuntimeError("download failed") from exc
        return "/nowhere"

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    with pytest.raises(Cancelled):
        models.resolve_model("someone/some-model", on_event=seen.append, control=control)
    progress = [e for e in seen if isinstance(e, PhaseChanged) and e.total]
    assert progress and progress[0].current == 10


def test_a_failed_download_is_still_a_download_error(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    import huggingface_hub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    def broken(repo_id: str, **kwargs: Any) -> str:
        raise OSError("no network")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", broken)
    with pytest.raises(UserError) as info:
        models.resolve_model("someone/some-model", control=JobControl())
    assert info.value.code == "model_download_failed" and not isinstance(info.value, Cancelled)

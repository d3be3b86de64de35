"""Turning exceptions into a Failed event the user can act on, and freeing memory after."""

from __future__ import annotations

import traceback
from pathlib import Path

from dpo_desktop.core import gcpause
from dpo_desktop.core.errors import UserError, from_os_error, newest_file
from dpo_desktop.core.events import Failed
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

OOM_HINT = QT_TRANSLATE_NOOP("messages", "Lower training.batch_size (and raise "
                                         "grad_accumulation to keep the effective batch), "
                                         "shorten training.max_length, or turn on "
                                         "training.precompute_reference so the reference scores "
                                         "are not kept in memory during the steps.")


def is_out_of_memory(exc: BaseException) -> bool:
    """CUDA (and other accelerator) out-of-memory errors, however torch wraps them."""
    import torch

    if isinstance(exc, torch.cuda.OutOfMemoryError):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and (
        "CUDA out of memory" in text or "CUBLAS_STATUS_ALLOC_FAILED" in text
        or "DefaultCPUAllocator: can't allocate memory" in text)


def failure_event(exc: BaseException, path: Path | None = None) -> Failed:
    """The ``Failed`` event for ``exc``; ``path`` names the run folder for an OSError that
    does not name its own file (a full disk met inside a library's save)."""
    if isinstance(exc, OSError) and not isinstance(exc, UserError):
        if exc.filename is None and path is not None:
            path = newest_file(path)
        mapped = from_os_error(exc, path)
        mapped.detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        exc = mapped
    if isinstance(exc, UserError):
        return Failed.of(exc)
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if is_out_of_memory(exc):
        return Failed.of(UserError.of(
            "out_of_memory", QT_TRANSLATE_NOOP("messages", "Training ran out of memory."),
            OOM_HINT, detail=detail))
    return Failed.of(UserError.of(
        "unexpected", QT_TRANSLATE_NOOP("messages", "Training stopped with an unexpected error: "
                                                    "{error}"),
        QT_TRANSLATE_NOOP("messages", "See the details, and please report them if this repeats."),
        detail=detail, error=f"{type(exc).__name__}: {exc}"))


def release_memory() -> None:
    """Drop cached allocator blocks so a new run can start in the same process."""
    import torch

    gcpause.collect()  # in the UI thread when the app runs (see gcpause)
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()

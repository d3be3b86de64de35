"""Pausing Python's cyclic garbage collector around a burst of allocations.

A full collection walks every tracked object while holding the GIL. After torch,
transformers and a tokenizer are imported that is millions of objects, so a burst that
allocates many small objects (100,000 imported rows; the export pass's futures, chunk
records and tensor wrappers, thousands per second) triggers collections that each stall
every other thread, the UI thread and the export's workers included, for tens to
hundreds of milliseconds. The export pass spent about a tenth of its time in
``gc_collect_main`` (perf, 1.1B model, q8_0).

Neither burst builds reference cycles that need the collector: reference counting frees
them. Holds nest and may overlap across threads; the collector runs again when the last
one ends. A hold may ask for what was built to be *frozen* (``gc.freeze``) at that point,
so later collections skip it (the imported rows, which live on); objects alive at a
freeze that later become cyclic garbage are handed back when a long job ends
(``gui.workers.JobRunner``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holds = 0
_freeze_when_done = False
_enabled_before = True  # the collector's state when the first of the current holds began


@contextmanager
def paused(freeze_after: bool = False) -> Iterator[None]:
    """The collector off inside the block (see the module docstring)."""
    global _holds, _freeze_when_done, _enabled_before
    with _lock:
        if _holds == 0:
            _freeze_when_done, _enabled_before = False, gc.isenabled()
        _holds += 1
        _freeze_when_done = _freeze_when_done or freeze_after
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _holds -= 1
            if _holds == 0:
                if _freeze_when_done:
                    gc.freeze()
                if _enabled_before:
                    gc.enable()

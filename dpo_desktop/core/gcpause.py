"""When, and on which thread, Python's cyclic garbage collector runs.

**Pauses.** A full collection walks every tracked object while holding the GIL. After
torch, transformers and a tokenizer are imported that is millions of objects, so a burst
that allocates many small objects (100,000 imported rows; the export pass's futures,
chunk records and tensor wrappers, thousands per second) triggers collections that each
stall every other thread, the UI thread and the export's workers included, for tens to
hundreds of milliseconds. The export pass spent about a tenth of its time in
``gc_collect_main`` (perf, 1.1B model, q8_0).

Neither burst builds reference cycles that need the collector: reference counting frees
them. Holds nest and may overlap across threads; the collector runs again when the last
one ends. A hold may ask for what was built to be *frozen* (``gc.freeze``) at that point,
so later collections skip it (the imported rows, which live on); objects alive at a
freeze that later become cyclic garbage are handed back when a long job ends
(``gui.workers.JobRunner``).

**An owner thread.** CPython collects in whichever thread happens to allocate past the
threshold. In the app that is often a job's worker thread, and cyclic garbage may hold
Qt objects (a closed page's widgets, a lambda connected to a signal): deleting a widget
outside the UI thread crashes Qt. So the GUI *hands collection over* to its UI thread
(``gui.collector``): automatic collection stays off, the owner calls
:func:`collect_due` on a timer, and :func:`collect`, the way core code asks for a full
collection (to free one model before loading the next), is carried out by the owner
while the asking thread waits. Without an owner (CLI, torchrun, tests of the core)
CPython collects as usual.
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
_owner: int | None = None  # the thread that collects by hand, or None for CPython's own
_requests: list[threading.Event] = []  # full collections asked for by other threads
# Estimates of CPython's counts for its full-collection rule (see collect_due).
_long_lived_total = 0  # objects in generation 2 after the last full collection
_long_lived_pending = 0  # objects that reached generation 2 since

#: How long :func:`collect` waits for the owner. A busy or blocked UI thread (it may be
#: waiting for this very job to end) must not hang the job: it goes on uncollected.
OWNER_WAIT_S = 10.0


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
                if _enabled_before and _owner is None:
                    gc.enable()


def hand_over_to_this_thread() -> None:
    """Make the calling thread the only one that collects (see the module docstring);
    it must then call :func:`collect_due` every so often."""
    global _owner
    with _lock:
        _owner = threading.get_ident()
        gc.disable()


def take_back() -> None:
    """CPython collects by itself again (the owner goes away), after one full collection
    here, so garbage left for the owner is not collected later in some other thread."""
    global _owner, _enabled_before
    gc.collect()
    with _lock:
        _owner = None
        pending = list(_requests)
        _requests.clear()
        if _holds == 0:
            gc.enable()
        else:  # the last hold to end switches it on (it began with the collector off)
            _enabled_before = True
    for request in pending:
        request.set()


def owner() -> int | None:
    """The ident of the thread that collects by hand, or None."""
    return _owner


def collect() -> None:
    """A full collection, run by the owner thread if there is one (waiting for it at most
    :data:`OWNER_WAIT_S`), otherwise here."""
    with _lock:
        if _owner is None or _owner == threading.get_ident():
            request = None
        else:
            request = threading.Event()
            _requests.append(request)
    if request is None:
        gc.collect()
    else:
        request.wait(OWNER_WAIT_S)


def collect_due() -> int | None:
    """The owner's tick: a full collection if another thread asked for one; otherwise, while
    no hold is on, the generation CPython itself would collect now. Returns the generation
    collected, or None.

    CPython's rule, followed here: once generation 0 is past its threshold, collect the
    oldest generation past its own; but a full collection (generation 2) only once the
    objects that reached generation 2 since the last one are a quarter of those it kept.
    Without that last condition a full collection, which walks every object torch and
    transformers hold (up to seconds while a model trains), would run every few seconds
    on the UI thread. CPython's own counts of those objects are not visible from Python,
    so they are estimated: generation 2's size after a full collection, and the
    survivors of each generation-1 collection (whatever generation 0 and 1 held, less
    what was freed)."""
    global _long_lived_pending
    with _lock:
        pending = list(_requests)
        _requests.clear()
        holding = _holds > 0
    if pending:
        _collect_fully()
        for request in pending:
            request.set()
        return 2
    if holding:
        return None
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if thresholds[0] <= 0 or counts[0] <= thresholds[0]:
        return None
    if counts[2] > thresholds[2] and _long_lived_pending >= _long_lived_total // 4:
        _collect_fully()
        return 2
    if counts[1] > thresholds[1]:
        before = counts[0] + len(gc.get_objects(generation=1))
        _long_lived_pending += max(0, before - gc.collect(1))
        return 1
    gc.collect(0)
    return 0


def _collect_fully() -> None:
    global _long_lived_total, _long_lived_pending
    gc.collect()
    _long_lived_total, _long_lived_pending = len(gc.get_objects(generation=2)), 0

"""Giving back the memory of models that no page shows any more.

A model (about 15 MB) is garbage once its page made a new one (a condition changed, Reset) or
its session closed. It is part of reference cycles (agents point to their model), which only
Python's cycle collector frees, and freed memory stays with the process unless it is handed
back. So after each such event (`collect_soon`: a condition changed, Reset, a session closed, a play
loop ended with its page) a collector thread runs the cycle collector and then glibc's
`malloc_trim` (where there is one), and the server's memory goes down again. A full collection
pauses every session for a moment (about 0.2 s at ten open pages), so it runs at most once in
`MIN_INTERVAL_S`; events in between are served by the next one.
"""

import ctypes
import gc
import threading
import time
import weakref

#: The models alive in this process (one per open page, until it is replaced or closed).
alive: weakref.WeakSet = weakref.WeakSet()

try:
    _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
except (OSError, AttributeError):  # not glibc (macOS, Windows): Python's own free is all
    _malloc_trim = None

MIN_INTERVAL_S = 5.0

_garbage = threading.Event()
_started = threading.Lock()
_collector: threading.Thread | None = None


def collect_soon() -> None:
    """Free unreachable models a second from now (later calls within it join this one)."""
    global _collector
    with _started:
        if _collector is None:
            _collector = threading.Thread(target=_collect, name="wm-collect", daemon=True)
            # Solara's threads keep the session they were started in alive while they run
            # (solara/server/patch.py); this one serves every session.
            _collector.current_context = None
            _collector.start()
    _garbage.set()


def _collect() -> None:
    while True:
        _garbage.wait()
        time.sleep(1.0)  # let Solara finish closing a session, and let other tabs close too
        _garbage.clear()
        gc.collect()
        if _malloc_trim is not None:
            _malloc_trim(0)
        time.sleep(MIN_INTERVAL_S - 1.0)

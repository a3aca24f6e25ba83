"""A time limit per document: a runaway document becomes an error record, the run goes on.

Real pages take milliseconds to a second; a hostile one (a 9 MB table, text with no
sentence ends) can take minutes in main-text extraction or coding. The limit is a
SIGALRM timer, so it applies where signals can be delivered, the main thread of a
process (the CLI, each worker of a pool); elsewhere documents run unbounded.
`DocumentTimeout` derives from BaseException so that a library's broad
`except Exception` cannot swallow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_SECONDS = 30.0


class DocumentTimeout(BaseException):
    """Processing one document ran past its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the body after `seconds` (None or 0: no limit)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"processing stopped after {seconds:g} s (the per-document time limit)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Several processes for one run: workers analyse, the parent dedups, in input order.

`analysed(items, workers=N)` yields `(item, Analysis | None)` in input order. The
workers (a `multiprocessing` pool, spawn start method) each load the lexicons once and
run `Pipeline.analyse` (decode, clean, metadata, actors, events, statements, the dedup
sketch); the parent then calls `Pipeline.finish` on each pair in order, so "first seen
wins" holds as in one process and the records are the same, byte for byte.

Work in flight is bounded (`chunks_in_flight` chunks of `chunk` documents), so memory
stays flat however large the input. A byte copy of a document already sent is not sent
again (the parent will mark it a duplicate without looking at it). Small inputs, where
starting a pool costs more than it saves, run in the parent.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TypeAlias, TypeVar

from rasad.limits import DEFAULT_SECONDS
from rasad.pipeline import Analysis, Pipeline, document_id
from rasad.readers import ReadFailure
from rasad.types import RawDocument

Item: TypeAlias = RawDocument | ReadFailure

T = TypeVar("T")

# Fewer documents than this run in the parent: starting a pool (a fresh interpreter and the
# lexicons per worker, about 1.5 s) costs more than such an input takes.
SMALL_INPUT = 48

_WORKER: dict[str, Pipeline] = {}


def default_workers() -> int:
    """All the cores this process may use."""
    count = getattr(os, "process_cpu_count", None)
    n = count() if count is not None else None
    if n is None:
        try:
            n = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            n = os.cpu_count()
    return max(1, n or 1)


def _init_worker(time_limit: float | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = os.getppid()

    def orphaned() -> None:  # a parent killed with SIGKILL cannot stop its pool: stop by ourselves
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()
    _WORKER["pipeline"] = Pipeline(dedup=None, time_limit=time_limit)


def _analyse_chunk(docs: list[RawDocument], sketch: bool) -> list[Analysis]:
    pipeline = _WORKER["pipeline"]
    return [pipeline.analyse(doc, sketch) for doc in docs]


def analysed(
    entries: Iterable[T], doc_of: Callable[[T], RawDocument | None], workers: int, sketch: bool = True,
    chunk: int = 8, chunks_in_flight: int | None = None, small: int = SMALL_INPUT,
    time_limit: float | None = DEFAULT_SECONDS,
) -> Iterator[tuple[T, Analysis | None]]:
    """`(entry, analysis)` in input order, for `Pipeline.finish`.

    `doc_of(entry)` is the document to analyse, or None for an entry the parent will not
    need analysed (a read failure, a document already stored). The analysis is None for
    those, for byte copies of a document already sent, and for every entry when the input
    is too small for a pool (`finish` then analyses in the parent, as `process` would)."""
    it = iter(entries)
    if workers <= 1:
        for entry in it:
            yield entry, None
        return
    head: list[T] = []
    for entry in it:
        head.append(entry)
        if len(head) > small:
            break
    if len(head) <= small:
        for entry in itertools.chain(head, it):
            yield entry, None
        return
    limit = chunks_in_flight or 4 * workers
    sent: set[str] = set()
    pending: deque[tuple[list[tuple[T, bool]], AsyncResult[list[Analysis]]]] = deque()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(time_limit,)) as pool:

        def drain(n: int) -> Iterator[tuple[T, Analysis | None]]:
            while len(pending) > n:
                batch, result = pending.popleft()
                results = iter(result.get())
                for entry, was_sent in batch:
                    yield entry, (next(results) if was_sent else None)

        batch: list[tuple[T, bool]] = []
        docs: list[RawDocument] = []
        for entry in itertools.chain(head, it):
            doc = doc_of(entry)
            send = False
            if doc is not None:
                doc_id = document_id(doc.data)
                send = doc_id not in sent
                sent.add(doc_id)
                if send:
                    docs.append(doc)
            batch.append((entry, send))
            if len(docs) >= chunk or len(batch) >= 4 * chunk:
                pending.append((batch, pool.apply_async(_analyse_chunk, (docs, sketch))))
                batch, docs = [], []
                yield from drain(limit)
        if batch:
            pending.append((batch, pool.apply_async(_analyse_chunk, (docs, sketch))))
        yield from drain(0)

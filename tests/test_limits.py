"""The per-document time limit turns a runaway document into an error record."""

from __future__ import annotations

import contextlib
import time

import pytest

from rasad.limits import DocumentTimeout, time_limit
from rasad.pipeline import Pipeline
from rasad.types import RawDocument, Status


def test_time_limit_stops_a_loop_that_swallows_exceptions() -> None:
    with pytest.raises(DocumentTimeout), time_limit(0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):  # a library's broad handler must not swallow it
                sum(range(1000))


def test_no_limit_when_zero() -> None:
    with time_limit(0):
        time.sleep(0.01)


def test_pipeline_gives_an_error_record() -> None:
    page = ("قال الوزير إن الاتفاق وقع في العاصمة، " * 3000).encode()
    record = Pipeline(dedup=None, time_limit=0.01).process(RawDocument("slow.txt", page, "slow.txt"))
    assert record.status is Status.ERROR and "time limit" in (record.error or "")

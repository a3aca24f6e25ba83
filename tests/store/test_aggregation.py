"""Aggregated events kept by the writes (event_groups) against grouping the events at
query time, on SQLite and PostgreSQL: after many batches, after concurrent writers, and
after the v2 -> v3 migration fills the table from a store's events."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from conftest import fresh_store_url
from rasad.store import Store
from rasad.store.query import EventFilter, aggregated, events
from rasad.types import Event, Metadata, Record, Status

TYPES = ("ASSAULT", "AGREE", "PROTEST", "CONSULT")
CODES = ("RUSMIL", "RUS", "UKRGOV", "UKR", "PRK", "USAGOV", "NATO")
OUTLETS = ("الجزيرة", "العربية", "النهار", None)
DATES = ("2023-05-02", "2023-05-30", "2023-06", "2023", "2024-01-15", "2024-12-31", "2025-02-01", None)
SENTENCES = ("قصفت القوات الروسية مدينة خاركيف.", "وقع البلدان اتفاقا.", "تظاهر الآلاف أمام السفارة.",
             "Zeta sentence.", "أجرى الرئيسان محادثات.", "ب", "أ")


def synthetic(n: int, seed: int, prefix: str) -> list[Record]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        evs = tuple(
            Event(type=rng.choice(TYPES), source=tuple(rng.sample(CODES, rng.randint(0, 1))),
                  target=tuple(rng.sample(CODES, rng.randint(0, 2))), date=rng.choice(DATES),
                  sentence=rng.choice(SENTENCES), trigger="x", negated=rng.random() < 0.15)
            for _ in range(rng.randint(0, 4)))
        records.append(Record(id=f"{prefix}{i:05d}", source=f"{prefix}/{i}", status=Status.OK,
                              metadata=Metadata(outlet=rng.choice(OUTLETS), language="ar"), text="نص",
                              events=evs))
    return records


FILTERS = [
    EventFilter(),
    EventFilter(types=("ASSAULT",)),
    EventFilter(types=("AGREE", "CONSULT"), date_from="2023"),
    EventFilter(date_to="2023-06"),
    EventFilter(date_from="2023-06", date_to="2024"),
    EventFilter(types=("PROTEST",), date_from="2024-01", date_to="2024-12"),
]


def assert_kept_equals_grouped(store: Store) -> None:
    for f in FILTERS:
        kept = aggregated(store, f, limit=1000)
        grouped = aggregated(store, f, limit=1000, kept=False)
        assert kept == grouped, f
    assert aggregated(store, EventFilter(), limit=1000)  # the data is not empty


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kept_groups_equal_grouping_after_many_batches(backend: str, request: pytest.FixtureRequest,
                                                        tmp_path: Path) -> None:
    url = fresh_store_url(backend, request, tmp_path, "groups")
    records = synthetic(300, seed=1, prefix="a")
    with Store.open(url) as store:
        for i in range(0, len(records), 37):
            store.write(records[i:i + 37])
        store.write(records[:50])  # documents already stored change nothing
        assert_kept_equals_grouped(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_writers_at_once_keep_exact_groups(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    url = fresh_store_url(backend, request, tmp_path, "writers")
    Store.open(url).close()
    errors: list[BaseException] = []

    def writer(prefix: str, seed: int) -> None:
        try:
            records = synthetic(200, seed=seed, prefix=prefix)
            with Store.open(url) as store:
                for i in range(0, len(records), 10):
                    store.write(records[i:i + 10])
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p, s)) for p, s in (("x", 7), ("y", 8))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with Store.open(url) as store:
        assert_kept_equals_grouped(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_fills_the_groups_of_a_v2_store(backend: str, request: pytest.FixtureRequest,
                                                   tmp_path: Path) -> None:
    url = fresh_store_url(backend, request, tmp_path, "v2groups")
    with Store.open(url) as store:
        store.write(synthetic(120, seed=3, prefix="m"))
    with Store.open(url) as store, store.engine.begin() as conn:  # take it back to what v2 made
        conn.execute(text("drop table event_groups"))
        conn.execute(text("drop table event_group_outlets"))
        # an early v2 store: event_actors without negated
        conn.execute(text("drop index ix_event_actors_lookup"))
        conn.execute(text("drop index ix_event_actors_by_date"))
        conn.execute(text("alter table event_actors drop column negated"))
        conn.execute(text("create index ix_event_actors_lookup on event_actors (code, depth, role, type, date)"))
        conn.execute(text("create index ix_event_actors_by_date on event_actors (code, depth, role, date, doc_id, seq)"))
        if backend == "sqlite":
            conn.execute(text("drop table search_ids"))
        conn.execute(text("update meta set value = '2' where key = 'schema_version'"))
    with Store.open(url) as store:
        by_date = next(i for i in inspect(store.engine).get_indexes("event_actors")
                       if i["name"] == "ix_event_actors_by_date")
        assert by_date["column_names"][-1] == "negated"
        assert_kept_equals_grouped(store)
        assert len(list(events(store, EventFilter(text="نص", negated=None), limit=1000))) == len(
            list(events(store, EventFilter(negated=None), limit=1000)))  # the search rows kept their ids
        negated = list(events(store, EventFilter(actor="RUS", negated=True), limit=1000))
        assert negated and all(e["negated"] for e in negated)
        assert len(negated) + len(list(events(store, EventFilter(actor="RUS"), limit=1000))) == len(
            list(events(store, EventFilter(actor="RUS", negated=None), limit=1000)))
        store.write(synthetic(60, seed=4, prefix="n"))  # and the writes after it keep them
        assert_kept_equals_grouped(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_text_filter_pages_for_common_and_rare_words(backend: str, request: pytest.FixtureRequest,
                                                     tmp_path: Path) -> None:
    """A word in most documents (SQLite reads events in page order) and a word in two (it
    sorts the matches' events) give the same pages as filtering the events by hand."""
    url = fresh_store_url(backend, request, tmp_path, "fts")
    rng = random.Random(5)
    records = []
    for i, rec in enumerate(synthetic(400, seed=9, prefix="t")):
        words = ["تقرير"] + (["الحكومة"] if rng.random() < 0.9 else []) + (["زلزال"] if i in (17, 301) else [])
        records.append(Record(id=rec.id, source=rec.source, status=Status.OK, metadata=rec.metadata,
                              text=" ".join(words), events=rec.events))
    with Store.open(url) as store:
        for i in range(0, len(records), 50):
            store.write(records[i:i + 50])
        everything = list(events(store, EventFilter(negated=None), limit=10_000))
        for word in ("الحكومة", "زلزال"):
            holders = {r.id for r in records if word in r.text}
            expected = [e for e in everything if e["doc_id"] in holders and not e["negated"]]
            got = [e for offset in range(0, len(expected) + 50, 50)
                   for e in events(store, EventFilter(text=word), limit=50, offset=offset)]
            assert [(e["doc_id"], e["seq"]) for e in got] == [(e["doc_id"], e["seq"]) for e in expected], word

"""The store: ingest speed (pipeline and writes apart) and query latency at 1M events,
on SQLite and on PostgreSQL (a server started on loopback, as the tests start it).

    .venv/bin/python bench/store_bench.py [--docs 1000] [--events 1000000] [--backends sqlite,postgresql]

1. Ingest: N distinct plain-text news pages (bench/corpus.py) through the full pipeline,
   timed alone, then the records written to each backend in batches of 200 (one
   transaction each), timed alone; docs/s of each and of the two together.
2. Queries: a synthetic store of --events events (5 per document, 2 statements per
   document, codes, dates over 2015-2025, outlets, languages), written through
   `Store.write` like real records, then each filtered query of `rasad query` run 30 times
   with varying parameters: p50 and p95 latency, and the store's size.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import arabic_sentences, text_page  # noqa: E402
from pgserver import create_database, postgres_server  # noqa: E402
from rasad.pipeline import Pipeline  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.store.query import (  # noqa: E402
    EventFilter,
    StatementFilter,
    aggregated,
    counts,
    events,
    statements,
)
from rasad.types import Actor, Event, Metadata, RawDocument, Record, Statement, Status  # noqa: E402

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
COUNTRIES = ("RUS", "UKR", "USA", "PRK", "CHN", "ISR", "PSE", "IRN", "SYR", "IRQ", "EGY", "SAU", "TUR", "LBN", "YEM",
             "SDN", "LBY", "JOR", "QAT", "ARE", "FRA", "GBR", "DEU", "DZA", "MAR", "TUN", "IND", "PAK", "AFG", "JPN")
SECTORS = ("", "GOV", "MIL", "REB", "CVL", "OPP", "MED", "BUS")
ORGS = ("NATO", "UNO", "EUR", "ARL", "AFU")
OUTLETS = tuple(f"outlet-{i}" for i in range(40))


def _code(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(ORGS)
    return rng.choice(COUNTRIES) + rng.choice(SECTORS)


def synthetic_records(n_docs: int, seed: int = 1) -> Iterator[Record]:
    rng = random.Random(seed)
    words = " ".join(arabic_sentences()[:400]).split()
    for i in range(n_docs):
        day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body = " ".join(rng.choices(words, k=40))
        codes = sorted({_code(rng) for _ in range(4)})
        evs = tuple(
            Event(type=rng.choice(TYPES), source=(rng.choice(codes),), target=(rng.choice(codes),),
                  date=day if rng.random() < 0.9 else None, sentence=body[:120], trigger="t",
                  negated=rng.random() < 0.05, claimed_by=(rng.choice(codes),) if rng.random() < 0.1 else ())
            for _ in range(5)
        )
        sts = tuple(Statement(speaker=rng.choice(codes), speaker_name="x", cue="قال", content=body[40:100], date=day)
                    for _ in range(2))
        actors = tuple(Actor(code=c, name=c, mentions=((40 + k, 44 + k),)) for k, c in enumerate(codes))
        yield Record(id=f"{i:016x}", source=f"doc{i}", status=Status.OK,
                     metadata=Metadata(outlet=rng.choice(OUTLETS), language="ar" if rng.random() < 0.9 else "en",
                                       published=day),
                     text=body, actors=actors, events=evs, statements=sts)


def fill(store: Store, n_docs: int) -> float:
    started, batch = time.perf_counter(), []
    for rec in synthetic_records(n_docs):
        batch.append(rec)
        if len(batch) == 2000:
            store.write(batch)
            batch = []
    if batch:
        store.write(batch)
    store.optimize()
    return time.perf_counter() - started


def size_of(store: Store, url: str) -> int:
    if store.dialect == "sqlite":
        path = url[len("sqlite:///"):]
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    with store.engine.connect() as conn:
        from sqlalchemy import text

        return int(conn.execute(text("select pg_database_size(current_database())")).scalar_one())


def queries(rng: random.Random) -> dict[str, Callable[[Store], Any]]:
    def year_range() -> tuple[str, str]:
        y = rng.randint(2015, 2023)
        return str(y), str(y + 2)

    def dyad() -> tuple[str, str]:
        return rng.choice(COUNTRIES), rng.choice(COUNTRIES)

    return {
        "events type+source country+3 years": lambda s: list(events(s, EventFilter(
            types=(rng.choice(TYPES),), source=rng.choice(COUNTRIES), date_from=year_range()[0],
            date_to=year_range()[1]), limit=100)),
        "counts by month, type+source, 3 years": lambda s: counts(s, EventFilter(
            types=("ASSAULT",), source=rng.choice(COUNTRIES), date_from="2022", date_to="2024"), "month"),
        "events actor full code": lambda s: list(events(s, EventFilter(actor=rng.choice(COUNTRIES) + "GOV"), limit=100)),
        "events dyad source>target": lambda s: list(events(s, EventFilter(
            source=dyad()[0], target=dyad()[1]), limit=100)),
        "events outlet+language+claimed": lambda s: list(events(s, EventFilter(
            outlet=rng.choice(OUTLETS), language="ar", claimed=True), limit=100)),
        "events negated, one month": lambda s: list(events(s, EventFilter(
            negated=True, date_from=f"2020-{rng.randint(1, 12):02d}", date_to="2020-12"), limit=100)),
        "events full-text word": lambda s: list(events(s, EventFilter(text=rng.choice(
            ("الحكومة", "الرئيس", "الشرطة", "المتظاهرين", "الأمم"))), limit=100)),
        "statements speaker about actor": lambda s: statements(s, StatementFilter(
            speaker=rng.choice(ORGS), about=rng.choice(COUNTRIES)), limit=100),
        "aggregated, type+year": lambda s: aggregated(s, EventFilter(
            types=(rng.choice(TYPES),), date_from=str(rng.randint(2015, 2025)), date_to="2025"), limit=50),
        "counts by type, one source": lambda s: counts(s, EventFilter(source=rng.choice(COUNTRIES)), "type"),
    }


def query_bench(url: str, n_events: int, label: str) -> None:
    n_docs = n_events // 5
    with Store.open(url) as store:
        with store.engine.connect() as conn:
            from sqlalchemy import text

            have = int(conn.execute(text("select count(*) from events")).scalar_one())
        if have == n_events:  # a store kept by an earlier run (--keep)
            print(f"\n{label}: {n_events:,} events ({n_docs:,} documents), the store of an earlier run; "
                  f"store size {size_of(store, url) / 1e6:,.0f} MB")
        else:
            seconds = fill(store, n_docs)
            print(f"\n{label}: {n_events:,} events ({n_docs:,} documents) written in {seconds:.0f} s "
                  f"({n_events / seconds:,.0f} events/s); store size {size_of(store, url) / 1e6:,.0f} MB")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        rng = random.Random(3)
        print(f"{'query':42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, run in queries(rng).items():
            run(store)  # warm
            times = []
            for _ in range(30):
                t0 = time.perf_counter()
                run(store)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            p95 = times[int(0.95 * len(times)) - 1]
            print(f"{name:42} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")


def ingest_bench(n_docs: int, urls: dict[str, str]) -> None:
    rng = random.Random(11)
    pool = arabic_sentences()
    docs = [RawDocument(f"doc{i}.txt", text_page(rng, pool, i).encode(), f"doc{i}.txt") for i in range(n_docs)]
    pipeline = Pipeline()
    t0 = time.perf_counter()
    records = [pipeline.process(d) for d in docs]
    pipe_s = time.perf_counter() - t0
    print(f"ingest, {n_docs:,} distinct plain-text pages, one core")
    print(f"  pipeline alone (read, clean, dedup, code): {n_docs / pipe_s:8.1f} docs/s")
    for label, url in urls.items():
        with Store.open(url) as store:
            t0 = time.perf_counter()
            for k in range(0, len(records), 200):
                store.write(records[k:k + 200])
            write_s = time.perf_counter() - t0
        print(f"  {label:10} writes alone: {n_docs / write_s:8.1f} docs/s; pipeline + writes: "
              f"{n_docs / (pipe_s + write_s):6.1f} docs/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--keep", metavar="DIR", help="keep the SQLite store of the query bench in DIR and reuse it "
                    "(measure the queries again later without writing it again)")
    args = ap.parse_args()
    backends = args.backends.split(",")
    with tempfile.TemporaryDirectory() as tmp, postgres_server() as server:
        if "postgresql" in backends and server is None:
            sys.exit("PostgreSQL is not installed")

        def url(name: str, backend: str) -> str:
            return f"sqlite:///{tmp}/{name}.db" if backend == "sqlite" else create_database(str(server), name)

        if args.docs:
            ingest_bench(args.docs, {b: url("ingest", b) for b in backends})
        if args.events:
            for b in backends:
                kept = b == "sqlite" and args.keep
                query_bench(f"sqlite:///{Path(args.keep).resolve()}/events_{args.events}.db" if kept
                            else url("million", b), args.events, b)


if __name__ == "__main__":
    main()

"""The store on SQLite: ingest through the real CLI, idempotence, queries, aggregation."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT, run_rasad
from rasad.store import Store, StoreError, dyad_key
from rasad.store.query import EventFilter, aggregated, counts, events


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "rasad.db"
    proc = run_rasad("ingest", str(ROOT / "examples"), "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    return path


def test_ingest_twice_adds_nothing(db: Path) -> None:
    before = sqlite3.connect(db).execute("select count(*) from events").fetchone()
    proc = run_rasad("ingest", str(ROOT / "examples"), "--db", str(db))
    assert proc.returncode == 0 and b"2 already stored" in proc.stderr
    assert sqlite3.connect(db).execute("select count(*) from events").fetchone() == before


def test_filters(db: Path) -> None:
    with Store.open(str(db)) as store:
        everything = list(events(store, EventFilter(), limit=1000))
        assert everything
        russia = list(events(store, EventFilter(actor="RUS"), limit=1000))
        assert russia and all("RUS" in str(e["source_codes"]) + str(e["target_codes"]) for e in russia)
        agree = list(events(store, EventFilter(types=("AGREE",)), limit=1000))
        assert agree and {e["type"] for e in agree} == {"AGREE"}
        assert not list(events(store, EventFilter(date_from="2030"), limit=10))
        by_type = counts(store, EventFilter(), "type")
        assert sum(int(str(r["events"])) for r in by_type) == len(everything)


@pytest.mark.parametrize("evil", ["' OR 1=1 --", "RUS'; DROP TABLE events; --", "%", "\\", "'\"`"])
def test_filters_are_parameters(db: Path, evil: str) -> None:
    with Store.open(str(db)) as store:
        for f in (EventFilter(actor=evil), EventFilter(types=(evil,)), EventFilter(outlet=evil), EventFilter(text=evil)):
            assert list(events(store, f, limit=5)) == []
        assert list(events(store, EventFilter(), limit=1))  # the tables are still there


def test_the_two_seeds_report_one_treaty(db: Path) -> None:
    with Store.open(str(db)) as store:
        rows = aggregated(store, EventFilter(types=("AGREE",)))
    treaty = [r for r in rows if r["dyad"] == "PRK<>RUS"]
    assert treaty and treaty[0]["documents"] == 2


def test_query_and_export_commands(db: Path) -> None:
    out = run_rasad("query", "--db", str(db), "--source", "RUS", "--format", "jsonl")
    rows = [json.loads(x) for x in out.stdout.decode().splitlines()]
    assert out.returncode == 0 and rows
    exported = run_rasad("export", "--db", str(db), "--format", "csv").stdout.decode().splitlines()
    assert exported[0].startswith("event_id,date,type,source,source_name")


def test_symmetric_dyads_agree_in_order() -> None:
    assert dyad_key("AGREE", ["RUSGOV"], ["PRK"]) == dyad_key("AGREE", ["PRKGOV"], ["RUS"]) == "PRK<>RUS"
    assert dyad_key("ASSAULT", ["RUSMIL"], ["UKR"]) == "RUS>UKR"


def test_bad_store_urls_and_newer_schema(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://x/y")
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("update meta set value = '99' where key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this rasad"):
        Store.open(str(path))
    proc = run_rasad("query", "--db", str(path))
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr

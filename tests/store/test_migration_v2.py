"""Schema 1 -> 2: the event indexes in page order replace the two they extend."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rasad.store import Store, schema


def _indexes(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("select name from sqlite_master where type = 'index' and tbl_name = 'events'")}
    finally:
        con.close()


def test_a_version_1_store_gets_the_new_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store.open(str(path)).close()
    assert schema.SCHEMA_VERSION == 2 and {"ix_events_order", "ix_events_type_order"} <= _indexes(path)
    con = sqlite3.connect(path)  # make it look like a store written by schema 1
    con.executescript("""
        drop index ix_events_order; drop index ix_events_type_order;
        create index ix_events_type_date on events (type, date); create index ix_events_date on events (date);
        update meta set value = '1' where key = 'schema_version';
    """)
    con.commit()
    con.close()
    Store.open(str(path)).close()
    found = _indexes(path)
    assert {"ix_events_order", "ix_events_type_order"} <= found
    assert not {"ix_events_type_date", "ix_events_date"} & found
    con = sqlite3.connect(path)
    assert con.execute("select value from meta where key = 'schema_version'").fetchone() == ("2",)
    con.close()

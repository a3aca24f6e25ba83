"""The store's schema: one definition (SQLAlchemy Core) for SQLite and PostgreSQL.

Tables: documents (one row per record, any status), actors (one per document and code),
events (one per coded event, with its evidence), event_actors (source / target / claimant
codes of each event, at full and country depth: what actor filters use), statements.
`meta` holds the schema version and the lexicon versions that coded the data.

Versioned migrations: `MIGRATIONS[n]` brings a store from version n to n + 1; a store
newer than this rasad is refused with a one-line error.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("duplicate_of", String(32)),
    Column("error", Text),
    Column("language", String(8)),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("authors", Text),  # JSON list
    Column("published", String(10)),
    Column("text", Text),
    Column("lexicon", String(32)),  # versions of the lexicons that coded it
    Index("ix_documents_published", "published"),
    Index("ix_documents_outlet", "outlet"),
    Index("ix_documents_duplicate_of", "duplicate_of"),
)

actors = Table(
    "actors",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("code", String(16), primary_key=True),
    Column("country", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("mentions", Text, nullable=False),  # JSON [[start, end], ...]
    Index("ix_actors_code", "code"),
    Index("ix_actors_country", "country"),
)

events = Table(
    "events",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("type", String(16), nullable=False),
    Column("date", String(10)),
    Column("negated", Boolean, nullable=False),
    Column("claimed", Boolean, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("location", Text),
    Column("source_codes", Text, nullable=False),  # "RUSGOV;PRK" (display); filters use event_actors
    Column("target_codes", Text, nullable=False),
    # country-depth dyad for aggregation: "RUS>UKR"; symmetric types sorted: "PRK<>RUS"
    Column("dyad", String(64), nullable=False),
    # the order of `rasad query` and of the API's pages (date, doc_id, seq), whole or by type:
    # a page of 50 is read off the index instead of sorting every matching event
    Index("ix_events_type_order", "type", "date", "doc_id", "seq"),
    Index("ix_events_dyad", "type", "dyad"),
    Index("ix_events_order", "date", "doc_id", "seq"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("doc_id", String(32), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("role", String(8), primary_key=True),  # source | target | claimant
    Column("code", String(16), primary_key=True),
    Column("country", String(16), nullable=False),
    Index("ix_event_actors_code_role", "code", "role"),
    Index("ix_event_actors_country_role", "country", "role"),
)

statements = Table(
    "statements",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("speaker", String(16)),
    Column("speaker_country", String(16)),
    Column("speaker_name", Text, nullable=False),
    Column("cue", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("date", String(10)),
    Index("ix_statements_speaker", "speaker_country", "speaker"),
)

SCHEMA_VERSION = 2


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn)  # (the current tables and indexes: the later steps then find them there)


def _v1_to_v2(conn: Connection) -> None:
    """Event indexes in page order; the two they extend go."""
    for index in events.indexes:
        if index.name in ("ix_events_type_order", "ix_events_order"):
            index.create(conn, checkfirst=True)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_type_date")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_date")


# MIGRATIONS[n] takes a store at version n to version n + 1 (0 = empty database).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {0: _create_v1, 1: _v1_to_v2}


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def set_version(conn: Connection, version: int) -> None:
    conn.execute(meta.delete().where(meta.c.key == "schema_version"))
    conn.execute(meta.insert().values(key="schema_version", value=str(version)))

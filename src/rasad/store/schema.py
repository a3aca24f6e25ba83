"""The store's schema: one definition (SQLAlchemy Core) for SQLite and PostgreSQL.

Tables: documents (one row per record, any status), actors (one per document and code),
events (one per coded event, with its evidence), event_actors (source / target / claimant
codes of each event, at full and country depth: what actor filters use), statements,
event_groups (aggregated events, kept up to date by each write). `meta` holds the
schema version and the lexicon versions that coded the data.

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
    inspect,
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
    Column("lexicon", Text),  # versions of the lexicons that coded it
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
    Column("claimed_by", Text),  # "UKRGOV;USA" (display; v2)
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

# The actors of each event, at both depths: one row per full code (depth "full") and one
# per country (depth "country"), so a filter at either depth finds each event once. The
# event's type, date and negated flag are repeated here (v2) so that actor + type + date
# filters, and counts over them, are answered from one index.
event_actors = Table(
    "event_actors",
    metadata,
    Column("doc_id", String(32), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("role", String(8), primary_key=True),  # source | target | claimant | actor (either side)
    Column("depth", String(8), primary_key=True),  # full | country
    Column("code", String(16), primary_key=True),
    Column("country", String(16), nullable=False),
    Column("type", String(16), nullable=False),
    Column("date", String(10)),
    Column("negated", Boolean, nullable=False),
    Index("ix_event_actors_lookup", "code", "depth", "role", "type", "date", "negated"),
    # an actor's events in page order (date, doc_id, seq): a page of a large actor is read
    # off the index, and the query stops after it; with negated (v3) the index alone
    # answers, and a dyad's second actor is one probe of the primary key per event
    Index("ix_event_actors_by_date", "code", "depth", "role", "date", "doc_id", "seq", "negated"),
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
    Index("ix_statements_speaker_country", "speaker_country", "date"),
    Index("ix_statements_speaker", "speaker", "date"),
)

# Full-text search over the bodies, folded as the coder folds them (alef and yaa forms,
# taa marbuta, tatweel, diacritics: arabic.fold), so "أمريكا" finds "امريكا". Kept out of
# `metadata`: it is an FTS5 virtual table on SQLite and a plain table with a GIN index over
# its tsvector on PostgreSQL, created by the migration below.
search_metadata = MetaData()
document_search = Table(
    "document_search",
    search_metadata,
    Column("doc_id", String(32), primary_key=True),
    Column("body", Text, nullable=False),
)

# SQLite (v3): the FTS5 table's rowid -> doc_id, in a table of its own. FTS5 keeps doc_id
# in its content rows beside the body, so reading it for each match reads the bodies'
# pages (70-170 ms for 10,000 matches); from this narrow table it is one small lookup.
# `num` is an INTEGER PRIMARY KEY, which VACUUM keeps, and the FTS row's rowid.
search_ids = Table(
    "search_ids",
    search_metadata,
    Column("num", Integer, primary_key=True, autoincrement=False),
    Column("doc_id", String(32), nullable=False),
)

# Whom a statement is about: the actors named inside its content (v2)
statement_actors = Table(
    "statement_actors",
    metadata,
    Column("doc_id", String(32), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("code", String(16), primary_key=True),
    Column("country", String(16), nullable=False),
    Index("ix_statement_actors_country", "country"),
    Index("ix_statement_actors_code", "code"),
)

# Aggregated events (v3): one row per type, country dyad and month ("" for no date) over
# the events that happened (not negated) with somebody named on a side, kept up to date
# by every write, so "the most reported events" reads a few thousand rows instead of
# grouping every event. `example` is the group's smallest sentence in code-point order.
event_groups = Table(
    "event_groups",
    metadata,
    Column("type", String(16), primary_key=True),
    Column("dyad", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("mentions", Integer, nullable=False),  # events
    Column("documents", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("first_date", String(10)),
    Column("example", Text, nullable=False),
    Index("ix_event_groups_type_month", "type", "month"),
    Index("ix_event_groups_month", "month"),
)

# The outlets that reported each group: what makes its `outlets` count exact.
event_group_outlets = Table(
    "event_group_outlets",
    metadata,
    Column("type", String(16), primary_key=True),
    Column("dyad", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("outlet", Text, primary_key=True),
)

SCHEMA_VERSION = 3


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn)  # (the current tables and indexes: the later steps then find them there)


def _v1_to_v2(conn: Connection) -> None:
    """Event indexes in page order (date, doc_id, seq, whole and by type: a page is read
    off the index instead of sorting every match); the two they extend go."""
    for index in events.indexes:
        if index.name in ("ix_events_type_order", "ix_events_order"):
            index.create(conn, checkfirst=True)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_type_date")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_date")


def _add_search_v2(conn: Connection) -> None:
    """v2: full-text search over the bodies; events.claimed_by; statement_actors; event
    indexes in page order."""
    from rasad.arabic import fold

    if "depth" not in {c["name"] for c in inspect(conn).get_columns("event_actors")}:
        _event_actors_v2(conn)
    had_statement_actors = conn.dialect.has_table(conn, "statement_actors")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_statements_speaker")  # v1's, on other columns
    metadata.create_all(conn)  # the tables v1 did not have
    _v1_to_v2(conn)
    for index in statements.indexes:  # create_all adds no index to a table that exists
        index.create(conn, checkfirst=True)
    if not had_statement_actors:
        _statement_actors_v2(conn)
    if "claimed_by" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        # a store made at v1 (one made now was created with the column already)
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN claimed_by TEXT")
        conn.exec_driver_sql(
            "UPDATE events SET claimed_by = (SELECT group_concat(code, ';') FROM event_actors a"
            " WHERE a.doc_id = events.doc_id AND a.seq = events.seq AND a.role = 'claimant')"
            if conn.dialect.name == "sqlite" else
            "UPDATE events SET claimed_by = (SELECT string_agg(code, ';') FROM event_actors a"
            " WHERE a.doc_id = events.doc_id AND a.seq = events.seq AND a.role = 'claimant')"
        )

    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE document_search USING fts5("
            "doc_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        document_search.create(conn)
        conn.exec_driver_sql(
            "CREATE INDEX ix_document_search_body ON document_search USING gin (to_tsvector('simple', body))"
        )
    last = ""
    while True:  # in pages by id, so a large store is not read into memory at once
        page = conn.execute(
            select(documents.c.id, documents.c.text)
            .where(documents.c.text.isnot(None), documents.c.id > last)
            .order_by(documents.c.id)
            .limit(500)
        ).all()
        if not page:
            break
        conn.execute(document_search.insert(), [{"doc_id": i, "body": fold(t)} for i, t in page])
        last = page[-1][0]


def _statement_actors_v2(conn: Connection) -> None:
    """Whom each stored statement is about, from the stored bodies and actor mentions."""
    import json

    from rasad.store import country_of, named_within

    last = ""
    while True:
        page = conn.execute(
            select(documents.c.id, documents.c.text).where(documents.c.id > last, documents.c.text.isnot(None))
            .where(select(statements.c.doc_id).where(statements.c.doc_id == documents.c.id).exists())
            .order_by(documents.c.id).limit(200)
        ).all()
        if not page:
            break
        rows = []
        for doc_id, body in page:
            mentions = [(code, [tuple(m) for m in json.loads(spans)]) for code, spans in conn.execute(
                select(actors.c.code, actors.c.mentions).where(actors.c.doc_id == doc_id))]
            for seq, content in conn.execute(
                    select(statements.c.seq, statements.c.content).where(statements.c.doc_id == doc_id)):
                for code in named_within(body, mentions, content, 0):
                    rows.append({"doc_id": doc_id, "seq": seq, "code": code, "country": country_of(code)})
        if rows:
            conn.execute(statement_actors.insert(), rows)
        last = page[-1][0]


def _event_actors_v2(conn: Connection) -> None:
    """v1 kept one row per code; v2 one per code and one per country, with type and date."""
    conn.exec_driver_sql("ALTER TABLE event_actors RENAME TO event_actors_v1")
    for name in ("ix_event_actors_code_role", "ix_event_actors_country_role"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    event_actors.create(conn)
    for depth, column in (("full", "a.code"), ("country", "a.country")):
        for role, old_roles in (("a.role", "'source', 'target', 'claimant'"), ("'actor'", "'source', 'target'")):
            conn.exec_driver_sql(
                "INSERT INTO event_actors (doc_id, seq, role, depth, code, country, type, date, negated)"
                f" SELECT DISTINCT a.doc_id, a.seq, {role}, '{depth}', {column}, a.country, e.type, e.date, e.negated"
                " FROM event_actors_v1 a JOIN events e ON e.doc_id = a.doc_id AND e.seq = a.seq"
                f" WHERE a.role IN ({old_roles})"
            )
    conn.exec_driver_sql("DROP TABLE event_actors_v1")


def _v2_to_v3(conn: Connection) -> None:
    """v3: aggregated events kept in a table; event_actors.negated, which v2 stores made
    before it was added lack; negated in the index of an actor's events by date; on SQLite
    the search rows' ids in a table of their own (the FTS rowids they have become `num`)."""
    if "negated" not in {c["name"] for c in inspect(conn).get_columns("event_actors")}:
        conn.exec_driver_sql("ALTER TABLE event_actors ADD COLUMN negated BOOLEAN NOT NULL DEFAULT false")
        conn.exec_driver_sql(
            "UPDATE event_actors SET negated = (SELECT e.negated FROM events e"
            " WHERE e.doc_id = event_actors.doc_id AND e.seq = event_actors.seq)")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_event_actors_lookup")
    by_date = next(i for i in inspect(conn).get_indexes("event_actors") if i["name"] == "ix_event_actors_by_date")
    if "negated" not in by_date["column_names"]:
        conn.exec_driver_sql("DROP INDEX ix_event_actors_by_date")
    for index in event_actors.indexes:
        index.create(conn, checkfirst=True)
    _event_groups_v3(conn)
    if conn.dialect.name == "sqlite" and not conn.dialect.has_table(conn, "search_ids"):
        search_ids.create(conn)
        conn.exec_driver_sql("INSERT INTO search_ids (num, doc_id) SELECT rowid, doc_id FROM document_search")


def _event_groups_v3(conn: Connection) -> None:
    """The aggregated events' tables, filled from the events stored."""
    for table in (event_groups, event_group_outlets):
        table.create(conn, checkfirst=True)
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    if conn.execute(select(event_groups.c.type).limit(1)).first() is not None:
        return  # (a store created at v3: its writes kept the table)
    month = "coalesce(substr(e.date, 1, 7), '')"
    happened = "e.negated = false AND e.dyad NOT IN ('>', '')"
    code_points = ' COLLATE "C"' if conn.dialect.name == "postgresql" else ""  # SQLite compares bytes
    conn.exec_driver_sql(
        "INSERT INTO event_groups (type, dyad, month, mentions, documents, outlets, first_date, example)"
        f" SELECT e.type, e.dyad, {month}, count(*), count(DISTINCT e.doc_id), count(DISTINCT d.outlet),"
        f" min(e.date), min(e.sentence{code_points})"
        f" FROM events e JOIN documents d ON d.id = e.doc_id WHERE {happened} GROUP BY e.type, e.dyad, {month}"
    )
    conn.exec_driver_sql(
        "INSERT INTO event_group_outlets (type, dyad, month, outlet)"
        f" SELECT DISTINCT e.type, e.dyad, {month}, d.outlet FROM events e JOIN documents d ON d.id = e.doc_id"
        f" WHERE {happened} AND d.outlet IS NOT NULL"
    )


# MIGRATIONS[n] takes a store at version n to version n + 1 (0 = empty database).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {0: _create_v1, 1: _add_search_v2, 2: _v2_to_v3}


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def set_version(conn: Connection, version: int) -> None:
    conn.execute(meta.delete().where(meta.c.key == "schema_version"))
    conn.execute(meta.insert().values(key="schema_version", value=str(version)))

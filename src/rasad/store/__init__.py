"""The store: coded records in SQLite (default) or PostgreSQL, behind one small class.

    with Store.open("sqlite:///rasad.db") as store:   # or a bare path, or postgresql://...
        store.write(records, lexicon_version)
        known = store.known_ids(ids)

Writes are batched: all rows of a batch of documents go in one transaction, so an ingest
killed at any moment leaves whole documents or none, and `rasad ingest` started again
skips the documents already stored (idempotent, resumable).
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.schema import CreateTable

from rasad.arabic import fold
from rasad.store import schema
from rasad.types import RasadError, Record, Status


class StoreError(RasadError):
    """The store cannot be opened, is of a newer schema, or a write failed."""


def country_of(code: str) -> str:
    """RUSGOV -> RUS; NATO, RUS -> themselves."""
    return code[:3] if len(code) == 6 and code[:3].isalpha() and code[:3].isupper() else code


SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})


def dyad_key(kind: str, source: Sequence[str], target: Sequence[str]) -> str:
    """Country-depth dyad of an event: who acts on whom, whatever the sector; for the
    symmetric types the two sides in a fixed order, so both reports of a meeting agree."""
    src = sorted({country_of(c) for c in source})
    tgt = sorted({country_of(c) for c in target})
    if kind in SYMMETRIC:
        return "<>".join(sorted({*src, *tgt}))
    return ";".join(src) + ">" + ";".join(tgt)


def normalise_url(url: str) -> str:
    """A bare path means an SQLite file."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str, pool_size: int | None = None) -> Store:
        """pool_size: connections kept open (a server answering many requests at once wants
        more than SQLAlchemy's default 5, whose overflow connections are closed after each use)."""
        url = normalise_url(url)
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):
            raise StoreError(f"malformed database URL: {url!r}") from None
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            # pg8000: pure Python, BSD-licensed (psycopg is LGPL)
            parsed = parsed.set(drivername="postgresql+pg8000")
        try:
            pool = {} if pool_size is None else {"pool_size": pool_size, "max_overflow": pool_size}
            engine = create_engine(parsed, pool_pre_ping=True, **pool)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use {url}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect)
        store = cls(engine)
        store.migrate()
        return store

    def migrate(self) -> None:
        for attempt in range(3):
            try:
                self._migrate_once()
                return
            except StoreError as exc:
                # two processes opening a new store at once: one creates it, the other's
                # CREATE fails ("already exists"); looking again finds it made
                if attempt == 2 or "already exists" not in str(exc):
                    raise
                time.sleep(0.3)

    def _migrate_once(self) -> None:
        try:
            with self.engine.begin() as conn:
                version = schema.current_version(conn)
                if version > schema.SCHEMA_VERSION:
                    raise StoreError(
                        f"the store has schema version {version}, newer than this rasad ({schema.SCHEMA_VERSION}): upgrade rasad"
                    )
                while version < schema.SCHEMA_VERSION:
                    schema.MIGRATIONS[version](conn)
                    version += 1
                    schema.set_version(conn, version)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store: {_first_line(exc)}") from None

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return str(self.engine.dialect.name)

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id.in_(list(ids))))
                return {r[0] for r in rows}
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store: {_first_line(exc)}") from None

    def write(self, records: Iterable[Record], lexicon: str = "") -> int:
        """Write a batch of records in one transaction; documents already stored are kept
        as they are. Returns the number of documents written."""
        unique: dict[str, Record] = {}
        for r in records:
            if r.id:
                unique.setdefault(r.id, r)  # the same bytes twice: the first one is the document
        known = self.known_ids(list(unique))
        fresh = [r for r in unique.values() if r.id not in known]
        if not fresh:
            return 0
        docs, acts, evs, eas, sts, sas, search = [], [], [], [], [], [], []
        groups: dict[tuple[str, str, str], _Group] = {}
        for r in fresh:
            m = r.metadata
            docs.append({
                "id": r.id, "source": r.source, "status": r.status.value, "duplicate_of": r.duplicate_of,
                "error": r.error, "language": m.language, "title": m.title, "url": m.url, "outlet": m.outlet,
                "authors": json.dumps(list(m.authors), ensure_ascii=False), "published": m.published,
                "text": r.text if r.status is not Status.ERROR else None, "lexicon": lexicon,
            })
            if r.status is not Status.ERROR:
                search.append({"doc_id": r.id, "body": fold(r.text)})
            for a in r.actors:
                acts.append({"doc_id": r.id, "code": a.code, "country": country_of(a.code), "name": a.name,
                             "mentions": json.dumps([list(s) for s in a.mentions])})
            for seq, e in enumerate(r.events):
                evs.append({
                    "doc_id": r.id, "seq": seq, "type": e.type, "date": e.date, "negated": e.negated,
                    "claimed": bool(e.claimed_by), "claimed_by": ";".join(e.claimed_by) or None, "sentence": e.sentence, "trigger": e.trigger,
                    "trigger_start": e.trigger_span[0], "trigger_end": e.trigger_span[1], "location": e.location,
                    "source_codes": ";".join(e.source), "target_codes": ";".join(e.target),
                    "dyad": dyad_key(e.type, e.source, e.target),
                })
                _add_to_group(groups, evs[-1], r.metadata.outlet)
                # "actor": either side, once per code, what an either-side filter reads
                for role, codes in (("source", e.source), ("target", e.target), ("claimant", e.claimed_by),
                                    ("actor", (*e.source, *e.target))):
                    for depth, keys in (("full", codes), ("country", [country_of(c) for c in codes])):
                        for code in dict.fromkeys(keys):
                            eas.append({"doc_id": r.id, "seq": seq, "role": role, "depth": depth, "code": code,
                                        "country": country_of(code), "type": e.type, "date": e.date,
                                        "negated": e.negated})
            for seq, s in enumerate(r.statements):
                sts.append({
                    "doc_id": r.id, "seq": seq, "speaker": s.speaker,
                    "speaker_country": country_of(s.speaker) if s.speaker else None,
                    "speaker_name": s.speaker_name, "cue": s.cue, "content": s.content, "date": s.date,
                })
                for code in named_within(r.text, [(a.code, a.mentions) for a in r.actors], s.content, s.cue_span[0]):
                    sas.append({"doc_id": r.id, "seq": seq, "code": code, "country": country_of(code)})
        try:
            with self.engine.begin() as conn:
                # one transaction: a document is stored with all its rows, or not at all
                for table, rows in ((schema.documents, docs), (schema.actors, acts), (schema.events, evs),
                                    (schema.event_actors, eas), (schema.statements, sts), (schema.statement_actors, sas)):
                    if rows:
                        self._insert(conn, table, rows)
                if search:
                    self._insert_search(conn, search)
                if groups:
                    self._update_groups(conn, groups)
        except SQLAlchemyError as exc:
            raise StoreError(f"write failed, nothing of this batch was stored: {_first_line(exc)}") from None
        return len(fresh)

    def _insert(self, conn: Connection, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
        if self.dialect == "sqlite":
            conn.execute(insert(table), rows)  # sqlite3's executemany is fast
            return
        # pg8000 runs an executemany one row at a time (a round trip each), and SQLAlchemy's
        # multi-row VALUES spends longer compiling than the server inserting: COPY instead,
        # on the same connection, inside the same transaction
        columns = list(rows[0])
        data = "".join(",".join(_csv_value(row[c]) for c in columns) + "\n" for row in rows)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(  # type: ignore[call-arg]  # pg8000 takes the COPY data as `stream`
                f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)",
                stream=io.StringIO(data),
            )
        finally:
            cursor.close()

    def _insert_search(self, conn: Connection, rows: Sequence[Mapping[str, object]]) -> None:
        """The bodies' search rows; on SQLite each FTS row's rowid is numbered in search_ids
        (the batch holds the write lock: no other writer takes the same numbers)."""
        if self.dialect != "sqlite":
            self._insert(conn, schema.document_search, rows)
            return
        last = int(conn.execute(select(func.coalesce(func.max(schema.search_ids.c.num), 0))).scalar_one())
        numbered = [{**row, "num": last + 1 + i} for i, row in enumerate(rows)]
        conn.execute(insert(schema.search_ids), [{"num": r["num"], "doc_id": r["doc_id"]} for r in numbered])
        conn.exec_driver_sql(
            "INSERT INTO document_search (rowid, doc_id, body) VALUES (?, ?, ?)",
            [(r["num"], r["doc_id"], r["body"]) for r in numbered])

    def _update_groups(self, conn: Connection, groups: dict[tuple[str, str, str], _Group]) -> None:
        """Add a batch's events to the aggregated events (event_groups), in set-based SQL
        that both backends run. Documents are only ever added (a stored document is never
        rewritten), so mentions and documents are sums. On PostgreSQL the first UPDATE
        locks the batch's groups: a second ingest writing the same groups waits for this
        one's commit, so the outlet counts, recounted after, see both."""
        for table in (_batch_groups, _batch_outlets):
            conn.execute(CreateTable(table, if_not_exists=True))
        conn.exec_driver_sql("DELETE FROM batch_groups")
        conn.exec_driver_sql("DELETE FROM batch_outlets")
        keys = sorted(groups)  # one order for every writer: no deadlock between two
        self._insert(conn, _batch_groups, [
            {"type": k[0], "dyad": k[1], "month": k[2], "mentions": groups[k].mentions,
             "documents": len(groups[k].documents), "first_date": groups[k].first_date,
             "example": groups[k].example} for k in keys])
        outlets = [{"type": k[0], "dyad": k[1], "month": k[2], "outlet": o} for k in keys for o in sorted(groups[k].outlets)]
        if outlets:
            self._insert(conn, _batch_outlets, outlets)
        code_points = ' COLLATE "C"' if self.dialect == "postgresql" else ""  # SQLite compares bytes
        same = "event_groups.type = b.type AND event_groups.dyad = b.dyad AND event_groups.month = b.month"
        conn.exec_driver_sql(
            "INSERT INTO event_groups (type, dyad, month, mentions, documents, outlets, first_date, example)"
            " SELECT type, dyad, month, 0, 0, 0, NULL, example FROM batch_groups WHERE true"
            " ORDER BY type, dyad, month ON CONFLICT DO NOTHING")
        conn.exec_driver_sql(
            "UPDATE event_groups SET mentions = event_groups.mentions + b.mentions,"
            " documents = event_groups.documents + b.documents,"
            " first_date = CASE WHEN event_groups.first_date IS NULL OR b.first_date < event_groups.first_date"
            " THEN b.first_date ELSE event_groups.first_date END,"
            f" example = CASE WHEN b.example{code_points} < event_groups.example{code_points}"
            " THEN b.example ELSE event_groups.example END"
            f" FROM batch_groups b WHERE {same}")
        if outlets:
            conn.exec_driver_sql(
                "INSERT INTO event_group_outlets (type, dyad, month, outlet)"
                " SELECT type, dyad, month, outlet FROM batch_outlets WHERE true ON CONFLICT DO NOTHING")
            conn.exec_driver_sql(
                "UPDATE event_groups SET outlets = b.n FROM (SELECT o.type, o.dyad, o.month, count(*) AS n"
                " FROM event_group_outlets o JOIN batch_groups g"
                " ON o.type = g.type AND o.dyad = g.dyad AND o.month = g.month"
                f" GROUP BY o.type, o.dyad, o.month) b WHERE {same}")

    def optimize(self) -> None:
        """Refresh the planner's statistics after a large write (SQLite has none until
        asked; PostgreSQL's autovacuum keeps its own)."""
        if self.dialect == "sqlite":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA optimize=0x10002")
        else:
            with self.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


@dataclass(slots=True)
class _Group:
    """A batch's share of one aggregated event (type, country dyad, month)."""

    mentions: int
    documents: set[str]
    outlets: set[str]
    first_date: str | None
    example: str


def _add_to_group(groups: dict[tuple[str, str, str], _Group], row: Mapping[str, Any], outlet: str | None) -> None:
    """Count one event row in its aggregated event: those that happened, with somebody
    named on a side (what `query.aggregated` merges)."""
    if row["negated"] or row["dyad"] in (">", ""):
        return
    date: str | None = row["date"]
    key = (row["type"], row["dyad"], (date or "")[:7])
    group = groups.get(key)
    if group is None:
        group = groups[key] = _Group(0, set(), set(), None, row["sentence"])
    group.mentions += 1
    group.documents.add(row["doc_id"])
    if outlet:
        group.outlets.add(outlet)
    if date and (group.first_date is None or date < group.first_date):
        group.first_date = date
    group.example = min(group.example, row["sentence"])


# The staging tables of `_update_groups`: temporary, one per connection.
_batch_metadata = MetaData()
_batch_groups = Table(
    "batch_groups", _batch_metadata,
    Column("type", String(16)), Column("dyad", String(64)), Column("month", String(7)),
    Column("mentions", Integer), Column("documents", Integer), Column("first_date", String(10)),
    Column("example", Text),
    prefixes=["TEMPORARY"],
)
_batch_outlets = Table(
    "batch_outlets", _batch_metadata,
    Column("type", String(16)), Column("dyad", String(64)), Column("month", String(7)), Column("outlet", Text),
    prefixes=["TEMPORARY"],
)


def named_within(body: str, mentions: Sequence[tuple[str, Sequence[tuple[int, int]]]], content: str,
                 near: int) -> list[str]:
    """Codes of the actors mentioned inside a statement's content: its first occurrence
    from about the cue on (`near`), else anywhere in the body."""
    start = body.find(content, max(near - len(content), 0)) if content else -1
    if start < 0:
        start = body.find(content) if content else -1
    if start < 0:
        return []
    end = start + len(content)
    return [code for code, spans in mentions if any(start <= s and e <= end for s, e in spans)]


def _csv_value(value: object) -> str:
    """One field for COPY ... (FORMAT csv): unquoted empty is NULL, anything else quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def _sqlite_on_connect(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=OFF")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB: index pages of a large store stay cached
    cur.close()


def _first_line(exc: BaseException) -> str:
    """The database's own message, on one line (pg8000 gives a dict of fields)."""
    orig = getattr(exc, "orig", None) or exc
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], dict) and "M" in args[0]:
        return str(args[0]["M"])
    text = str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__

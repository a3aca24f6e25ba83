"""The store: coded records in SQLite (default) or PostgreSQL, behind one small class.

    with Store.open("sqlite:///rasad.db") as store:   # or a bare path, or postgresql://...
        store.write(records, lexicon_version)
        known = store.known_ids(ids)

Writes are batched: all rows of a batch of documents go in one transaction, so an ingest
killed at any moment leaves whole documents or none, and `rasad ingest` started again
skips the documents already stored (idempotent, resumable).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

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
        except ArgumentError:
            raise StoreError(f"malformed database URL: {url!r}") from None
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            pool = {} if pool_size is None else {"pool_size": pool_size, "max_overflow": pool_size}
            engine = create_engine(parsed, future=True, **pool)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use {url}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect)
        store = cls(engine)
        store.migrate()
        return store

    def migrate(self) -> None:
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
        except OperationalError as exc:
            raise StoreError(f"cannot open the store: {_first_line(exc)}") from None

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id.in_(list(ids))))
            return {r[0] for r in rows}

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
        docs, acts, evs, eas, sts = [], [], [], [], []
        for r in fresh:
            m = r.metadata
            docs.append({
                "id": r.id, "source": r.source, "status": r.status.value, "duplicate_of": r.duplicate_of,
                "error": r.error, "language": m.language, "title": m.title, "url": m.url, "outlet": m.outlet,
                "authors": json.dumps(list(m.authors), ensure_ascii=False), "published": m.published,
                "text": r.text if r.status is not Status.ERROR else None, "lexicon": lexicon,
            })
            for a in r.actors:
                acts.append({"doc_id": r.id, "code": a.code, "country": country_of(a.code), "name": a.name,
                             "mentions": json.dumps([list(s) for s in a.mentions])})
            for seq, e in enumerate(r.events):
                evs.append({
                    "doc_id": r.id, "seq": seq, "type": e.type, "date": e.date, "negated": e.negated,
                    "claimed": bool(e.claimed_by), "sentence": e.sentence, "trigger": e.trigger,
                    "trigger_start": e.trigger_span[0], "trigger_end": e.trigger_span[1], "location": e.location,
                    "source_codes": ";".join(e.source), "target_codes": ";".join(e.target),
                    "dyad": dyad_key(e.type, e.source, e.target),
                })
                for role, codes in (("source", e.source), ("target", e.target), ("claimant", e.claimed_by)):
                    for code in dict.fromkeys(codes):
                        eas.append({"doc_id": r.id, "seq": seq, "role": role, "code": code, "country": country_of(code)})
            for seq, s in enumerate(r.statements):
                sts.append({
                    "doc_id": r.id, "seq": seq, "speaker": s.speaker,
                    "speaker_country": country_of(s.speaker) if s.speaker else None,
                    "speaker_name": s.speaker_name, "cue": s.cue, "content": s.content, "date": s.date,
                })
        try:
            with self.engine.begin() as conn:
                # one transaction: a document is stored with all its rows, or not at all
                for table, rows in ((schema.documents, docs), (schema.actors, acts), (schema.events, evs),
                                    (schema.event_actors, eas), (schema.statements, sts)):
                    if rows:
                        conn.execute(insert(table), rows)
        except SQLAlchemyError as exc:
            raise StoreError(f"write failed, nothing of this batch was stored: {_first_line(exc)}") from None
        return len(fresh)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _sqlite_on_connect(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=OFF")
    cur.close()


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

"""Queries over the store: filtered events, counts over time, aggregated events.

All values reach SQL as bound parameters (SQLAlchemy expressions), never as text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, exists, func, select, tuple_

from rasad.store import Store, schema

PERIODS = {"day": 10, "month": 7, "year": 4}
EVENT_COLUMNS = (
    "doc_id", "seq", "type", "date", "source_codes", "target_codes", "negated", "claimed",
    "location", "trigger", "sentence", "url", "outlet", "published",
)


@dataclass(frozen=True, slots=True)
class EventFilter:
    types: tuple[str, ...] = ()
    actor: str | None = None  # either side; a 3-letter code matches at country depth
    source: str | None = None
    target: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    language: str | None = None
    negated: bool | None = False  # default: events that happened
    claimed: bool | None = None
    text: str | None = None  # words in the body (substring match, folded by the database)


def _role_clause(code: str, role: str | None) -> Any:
    """(doc_id, seq) IN (the events with this actor): an uncorrelated subquery, so the
    database builds the set once; a correlated EXISTS let SQLite walk the actor's whole
    index for every event (minutes at 100,000 events, bench/serve_bench.py)."""
    ea = schema.event_actors
    column = ea.c.country if len(code) == 3 else ea.c.code
    conds = [column == code.upper(), ea.c.role == role if role else ea.c.role.in_(("source", "target"))]
    with_actor = select(ea.c.doc_id, ea.c.seq).where(and_(*conds))
    return tuple_(schema.events.c.doc_id, schema.events.c.seq).in_(with_actor)


def _filtered(f: EventFilter, columns: Sequence[Any]) -> Any:
    """SELECT columns FROM events JOIN documents WHERE (the filter), as an SQLAlchemy select."""
    e, d = schema.events, schema.documents
    q = select(*columns).select_from(e.join(d, d.c.id == e.c.doc_id))
    conds: list[Any] = []
    if f.types:
        conds.append(e.c.type.in_([t.upper() for t in f.types]))
    if f.actor:
        conds.append(_role_clause(f.actor, None))
    if f.source:
        conds.append(_role_clause(f.source, "source"))
    if f.target:
        conds.append(_role_clause(f.target, "target"))
    if f.date_from:
        conds.append(e.c.date >= f.date_from)
    if f.date_to:
        conds.append(e.c.date <= f.date_to + "\uffff")  # "2024" includes "2024-12-31"
    if f.outlet:
        conds.append(d.c.outlet == f.outlet)
    if f.language:
        conds.append(d.c.language == f.language)
    if f.negated is not None:
        conds.append(e.c.negated == f.negated)
    if f.claimed is not None:
        conds.append(e.c.claimed == f.claimed)
    if f.text:
        conds.append(d.c.text.contains(f.text, autoescape=True))
    return q.where(and_(*conds)) if conds else q


def events(store: Store, f: EventFilter, limit: int = 100, offset: int = 0) -> Iterator[dict[str, object]]:
    e, d = schema.events, schema.documents
    cols = [e.c.doc_id, e.c.seq, e.c.type, e.c.date, e.c.source_codes, e.c.target_codes, e.c.negated,
            e.c.claimed, e.c.location, e.c.trigger, e.c.sentence, d.c.url, d.c.outlet, d.c.published]
    q = _filtered(f, cols).order_by(e.c.date, e.c.doc_id, e.c.seq).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        for row in conn.execute(q):
            yield dict(zip(EVENT_COLUMNS, row, strict=True))


def counts(store: Store, f: EventFilter, by: str) -> list[dict[str, object]]:
    """Event counts by period (day, month, year) or by type."""
    e = schema.events
    key: Any
    if by in PERIODS:
        key = func.substr(e.c.date, 1, PERIODS[by])
        q = _filtered(f, [key.label("key"), func.count().label("events")]).where(e.c.date.isnot(None))
    elif by == "type":
        key = e.c.type
        q = _filtered(f, [key.label("key"), func.count().label("events")])
    else:
        raise ValueError(f"count by day, month, year or type, not {by!r}")
    q = q.group_by(key).order_by(key)
    with store.engine.connect() as conn:
        return [{"key": row[0], "events": row[1]} for row in conn.execute(q)]


def aggregated(store: Store, f: EventFilter, limit: int = 100) -> list[dict[str, object]]:
    """The same event reported by several documents: one row per type, country dyad and
    month, with the number of mentions, documents and outlets (GDELT's NumMentions,
    NumArticles, NumSources), most reported first."""
    e, d = schema.events, schema.documents
    q = _filtered(
        f,
        [
            e.c.type, e.c.dyad, func.min(e.c.date).label("date"),
            func.count().label("mentions"),
            func.count(func.distinct(e.c.doc_id)).label("documents"),
            func.count(func.distinct(d.c.outlet)).label("outlets"),
            func.min(e.c.sentence).label("example"),
        ],
    )
    # the same event: same type and country dyad, and the same month (or no date given);
    # events with nobody named on either side are not merged across documents
    q = q.where(e.c.dyad.notin_((">", "")))
    window = func.coalesce(func.substr(e.c.date, 1, 7), "")
    q = q.group_by(e.c.type, e.c.dyad, window)
    q = q.order_by(func.count(func.distinct(e.c.doc_id)).desc(), func.count().desc(), e.c.type).limit(limit)
    keys = ("type", "dyad", "date", "mentions", "documents", "outlets", "example")
    with store.engine.connect() as conn:
        return [dict(zip(keys, row, strict=True)) for row in conn.execute(q)]


# --- for `rasad serve`: statements, actors, dyads, documents -------------------------------


def timeline(store: Store, f: EventFilter, by: str) -> list[dict[str, object]]:
    """Event counts by period and type: one row per (period, type)."""
    if by not in PERIODS:
        raise ValueError(f"timeline by day, month or year, not {by!r}")
    e = schema.events
    key = func.substr(e.c.date, 1, PERIODS[by])
    q = _filtered(f, [key.label("key"), e.c.type, func.count().label("events")]).where(e.c.date.isnot(None))
    q = q.group_by(key, e.c.type).order_by(key, e.c.type)
    with store.engine.connect() as conn:
        return [{"key": row[0], "type": row[1], "events": row[2]} for row in conn.execute(q)]


def actor_counts(store: Store, f: EventFilter, limit: int = 100) -> list[dict[str, object]]:
    """Actors of the events that pass the filter: events as source and as target, most active first."""
    e, ea = schema.events, schema.event_actors
    as_source = func.sum(case((ea.c.role == "source", 1), else_=0))
    as_target = func.sum(case((ea.c.role == "target", 1), else_=0))
    q = _filtered(f, [ea.c.code, ea.c.country, as_source.label("source"), as_target.label("target")])
    q = q.join(ea, and_(ea.c.doc_id == e.c.doc_id, ea.c.seq == e.c.seq)).where(ea.c.role.in_(("source", "target")))
    q = q.group_by(ea.c.code, ea.c.country).order_by(func.count().desc(), ea.c.code).limit(limit)
    with store.engine.connect() as conn:
        return [{"code": r[0], "country": r[1], "source": int(r[2]), "target": int(r[3])} for r in conn.execute(q)]


def dyads(store: Store, f: EventFilter, depth: str = "country", limit: int = 100) -> list[dict[str, object]]:
    """Who acts on whom: one row per (source, target) pair of the events that pass the filter,
    at country depth (RUS) or full code (RUSGOV), with the number of events, heaviest first."""
    e = schema.events
    src, tgt = schema.event_actors.alias("src"), schema.event_actors.alias("tgt")
    col_s, col_t = (src.c.country, tgt.c.country) if depth == "country" else (src.c.code, tgt.c.code)
    pairs = _filtered(f, [e.c.doc_id, e.c.seq, col_s.label("source"), col_t.label("target")])
    pairs = pairs.join(src, and_(src.c.doc_id == e.c.doc_id, src.c.seq == e.c.seq, src.c.role == "source"))
    pairs = pairs.join(tgt, and_(tgt.c.doc_id == e.c.doc_id, tgt.c.seq == e.c.seq, tgt.c.role == "target"))
    # one pair per event, even when RUSGOV and RUSMIL both act: distinct before counting
    p = pairs.where(col_s != col_t).distinct().subquery()
    weight = func.count()
    q = (select(p.c.source, p.c.target, weight.label("events")).group_by(p.c.source, p.c.target)
         .order_by(weight.desc(), p.c.source, p.c.target).limit(limit))
    with store.engine.connect() as conn:
        return [{"source": r[0], "target": r[1], "events": r[2]} for r in conn.execute(q)]


def statements(store: Store, f: EventFilter, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Statements, with the filters that apply to them: actor (the speaker; 3 letters: country
    depth), dates, outlet, language, text. Event-only filters (types, source, target, negated,
    claimed) are ignored."""
    s, d = schema.statements, schema.documents
    q = select(s.c.doc_id, s.c.seq, s.c.speaker, s.c.speaker_name, s.c.cue, s.c.content, s.c.date,
               d.c.outlet, d.c.published, d.c.url).select_from(s.join(d, d.c.id == s.c.doc_id))
    conds: list[Any] = []
    if f.actor:
        conds.append((s.c.speaker_country if len(f.actor) == 3 else s.c.speaker) == f.actor.upper())
    if f.date_from:
        conds.append(s.c.date >= f.date_from)
    if f.date_to:
        conds.append(s.c.date <= f.date_to + "\uffff")
    conds.extend(_document_conds(f))
    if conds:
        q = q.where(and_(*conds))
    q = q.order_by(s.c.date, s.c.doc_id, s.c.seq).limit(limit).offset(offset)
    keys = ("doc_id", "seq", "speaker", "speaker_name", "cue", "content", "date", "outlet", "published", "url")
    with store.engine.connect() as conn:
        return [dict(zip(keys, row, strict=True)) for row in conn.execute(q)]


def _document_conds(f: EventFilter) -> list[Any]:
    d = schema.documents
    conds: list[Any] = []
    if f.outlet:
        conds.append(d.c.outlet == f.outlet)
    if f.language:
        conds.append(d.c.language == f.language)
    if f.text:
        conds.append(d.c.text.contains(f.text, autoescape=True))
    return conds


def documents(store: Store, f: EventFilter, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Stored documents (of any status), newest first, with their number of events. The
    filter applies to the document: outlet, language, text, publication dates, an actor
    mentioned (3 letters: country depth), and an event of one of the types."""
    d, e, a = schema.documents, schema.events, schema.actors
    n_events = select(func.count()).where(e.c.doc_id == d.c.id).correlate(d).scalar_subquery()
    q = select(d.c.id, d.c.status, d.c.duplicate_of, d.c.error, d.c.title, d.c.url, d.c.outlet,
               d.c.published, d.c.language, n_events.label("events"))
    conds = _document_conds(f)
    if f.date_from:
        conds.append(d.c.published >= f.date_from)
    if f.date_to:
        conds.append(d.c.published <= f.date_to + "\uffff")
    if f.actor:
        column = a.c.country if len(f.actor) == 3 else a.c.code
        conds.append(exists().where(and_(a.c.doc_id == d.c.id, column == f.actor.upper())))
    if f.types:
        conds.append(exists().where(and_(e.c.doc_id == d.c.id, e.c.type.in_([t.upper() for t in f.types]))))
    if conds:
        q = q.where(and_(*conds))
    q = q.order_by(d.c.published.desc(), d.c.id).limit(limit).offset(offset)
    keys = ("id", "status", "duplicate_of", "error", "title", "url", "outlet", "published", "language", "events")
    with store.engine.connect() as conn:
        return [dict(zip(keys, row, strict=True)) for row in conn.execute(q)]


def outlets(store: Store) -> list[dict[str, object]]:
    d = schema.documents
    q = (select(d.c.outlet, func.count().label("documents")).where(d.c.outlet.isnot(None))
         .group_by(d.c.outlet).order_by(func.count().desc(), d.c.outlet))
    with store.engine.connect() as conn:
        return [{"outlet": r[0], "documents": r[1]} for r in conn.execute(q)]


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document with everything coded in it: actors with their mentions, events with the
    trigger's offsets, statements. None when there is no such document."""
    d, a, e, s = schema.documents, schema.actors, schema.events, schema.statements
    with store.engine.connect() as conn:
        row = conn.execute(select(d).where(d.c.id == doc_id)).mappings().first()
        if row is None:
            return None
        doc: dict[str, Any] = dict(row)
        doc["actors"] = [dict(r) for r in conn.execute(select(a.c.code, a.c.name, a.c.mentions)
                                                       .where(a.c.doc_id == doc_id).order_by(a.c.code)).mappings()]
        doc["events"] = [dict(r) for r in conn.execute(select(e).where(e.c.doc_id == doc_id).order_by(e.c.seq)).mappings()]
        claimants = conn.execute(select(schema.event_actors.c.seq, schema.event_actors.c.code).where(
            schema.event_actors.c.doc_id == doc_id, schema.event_actors.c.role == "claimant"))
        doc["claimed_by"] = [(r[0], r[1]) for r in claimants]
        doc["statements"] = [dict(r) for r in conn.execute(select(s).where(s.c.doc_id == doc_id).order_by(s.c.seq)).mappings()]
    return doc

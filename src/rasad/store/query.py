"""Queries over the store: filtered events, counts over time, aggregated events.

All values reach SQL as bound parameters (SQLAlchemy expressions), never as text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, exists, false, func, literal_column, select, text, tuple_

from rasad.arabic import WORD, fold
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
    text: str | None = None  # words the body contains (full-text search, Arabic letters folded)


def _actor_match(table: Any, code: str, roles: Sequence[str]) -> list[Any]:
    code = code.upper()
    depth = "country" if len(code) == 3 else "full"
    return [table.c.code == code, table.c.depth == depth, table.c.role.in_(roles) if len(roles) > 1
            else table.c.role == roles[0]]


def _type_date(f: EventFilter, type_col: Any, date_col: Any) -> list[Any]:
    conds: list[Any] = []
    if f.types:
        conds.append(type_col.in_([t.upper() for t in f.types]))
    if f.date_from:
        conds.append(date_col >= f.date_from)
    if f.date_to:
        conds.append(date_col <= _date_upper(f.date_to))
    return conds


def date_prefix(column: Any, length: int) -> Any:
    """The first `length` characters of a date column, with the numbers written into the SQL:
    PostgreSQL matches a GROUP BY expression to the selected one only if they are identical,
    and two bound parameters are not."""
    return func.substr(column, literal_column("1"), literal_column(str(int(length))))


def _date_upper(date_to: str) -> str:
    """The last day a partial date covers, so that `date <= it` keeps the whole period
    under any collation: "2024" -> "2024-12-31", "2024-03" -> "2024-03-31"."""
    return date_to + "-12-31"[len(date_to) - 4:] if len(date_to) in (4, 7) else date_to


def text_condition(query: str, dialect: str, doc_id: Any = None) -> Any:
    """Documents whose body holds every word of `query` (folded like the bodies are), through
    SQLite FTS5 or PostgreSQL full-text search over `document_search`."""
    ds = schema.document_search
    words = WORD.findall(fold(query))
    if not words:
        return false()
    if dialect == "sqlite":
        rowids: Any = select(literal_column("rowid")).select_from(ds).where(
            text("document_search MATCH :fts").bindparams(fts=fts_query(words)))
        inner = select(schema.search_ids.c.doc_id).where(schema.search_ids.c.num.in_(rowids))
    else:
        # the configuration written into the SQL as in the index's expression, so that the
        # planner sees the same expression and uses the GIN index
        simple: Any = literal_column("'simple'")
        tsquery = func.plainto_tsquery(simple, " ".join(words))
        inner = select(ds.c.doc_id).where(func.to_tsvector(simple, ds.c.body).op("@@")(tsquery))
    return (schema.documents.c.id if doc_id is None else doc_id).in_(inner)


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query: every word, each as a quoted string (no operator syntax)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _common_words(store: Store, query: str) -> bool:
    """True when the words of a text filter are in so many documents that a page of their
    events is found sooner by reading events in page order and keeping those of matching
    documents than by sorting every event of every match (SQLite: its planner has no
    statistics on the FTS table). Reading in order costs about (page size x documents /
    matches) events, sorting about (matches x events a document): equal at a number of
    matches near the square root of 20 x the documents."""
    if store.dialect != "sqlite":
        return False
    words = WORD.findall(fold(query))
    if not words:
        return False
    with store.engine.connect() as conn:
        matches = conn.execute(text("SELECT count(*) FROM document_search WHERE document_search MATCH :fts"),
                               {"fts": fts_query(words)}).scalar_one()
        documents = conn.execute(select(func.coalesce(func.max(schema.search_ids.c.num), 0))).scalar_one()
    return bool(matches * matches >= 20 * documents and matches > 0)


@dataclass(frozen=True, slots=True)
class _Plan:
    """How a filter reads the tables: the FROM clause, the WHERE conditions, and the type
    and date columns to group and order by (those of the driving table)."""

    tables: Any
    where: list[Any]
    type: Any
    date: Any
    doc: Any  # doc_id and seq of the driving table: the page order is (date, doc, seq)
    seq: Any

    def select(self, *columns: Any) -> Any:
        q = select(*columns).select_from(self.tables)
        return q.where(and_(*self.where)) if self.where else q


def _plan(f: EventFilter, dialect: str, with_documents: bool = False, with_events: bool = True,
          common_words: bool = False) -> _Plan:
    """A filter naming an actor is driven from event_actors: one index gives the events of
    that actor in that role (or either side), with their type and date, in date order, so
    "ASSAULT by RUS in 2022-2024" and its counts never touch the other events. A second
    actor (a dyad) is a primary-key lookup per event. Counts over an actor's events
    (`with_events=False`) need no other table: negated is in event_actors too."""
    e, d, ea = schema.events, schema.documents, schema.event_actors
    conds: list[Any] = []
    sides = [(code, role) for code, role in ((f.source, "source"), (f.target, "target"), (f.actor, "actor")) if code]
    if sides:
        code, role = sides[0]
        drv = ea.alias("driver")
        needs_events = with_events or with_documents or f.claimed is not None or bool(f.outlet or f.language)
        tables: Any = drv.join(e, and_(e.c.doc_id == drv.c.doc_id, e.c.seq == drv.c.seq)) if needs_events else drv
        conds += _actor_match(drv, str(code), (role,))
        for n, (other, other_role) in enumerate(sides[1:]):
            more = ea.alias(f"also{n}")
            tables = tables.join(more, and_(more.c.doc_id == drv.c.doc_id, more.c.seq == drv.c.seq,
                                            *_actor_match(more, str(other), (other_role,))))
        type_col, date_col, doc_col, seq_col = drv.c.type, drv.c.date, drv.c.doc_id, drv.c.seq
        negated_col = drv.c.negated
    else:
        tables = e
        type_col, date_col, doc_col, seq_col = e.c.type, e.c.date, e.c.doc_id, e.c.seq
        negated_col = e.c.negated
    if f.outlet or f.language or with_documents:  # the documents table only where it is needed
        tables = tables.join(d, d.c.id == doc_col)
    conds += _type_date(f, type_col, date_col)
    if f.outlet:
        conds.append(d.c.outlet == f.outlet)
    if f.language:
        conds.append(d.c.language == f.language)
    if f.negated is not None:
        conds.append(negated_col == f.negated)
    if f.claimed is not None:
        conds.append(e.c.claimed == f.claimed)
    if f.text:
        # common words (`_common_words`), events read in page order: a unary + keeps SQLite
        # from looking the matches' events up by doc_id, so it reads ix_events_order instead
        by_order = common_words and not sides
        conds.append(text_condition(f.text, dialect, literal_column("+events.doc_id") if by_order else doc_col))
    return _Plan(tables, conds, type_col, date_col, doc_col, seq_col)


def _filtered(f: EventFilter, columns: Sequence[Any], dialect: str) -> Any:
    """SELECT columns FROM events JOIN documents WHERE (the filter), as an SQLAlchemy select."""
    return _plan(f, dialect, with_documents=True).select(*columns)


def events(store: Store, f: EventFilter, limit: int = 100, offset: int = 0) -> Iterator[dict[str, object]]:
    e, d = schema.events, schema.documents
    cols = [e.c.doc_id, e.c.seq, e.c.type, e.c.date, e.c.source_codes, e.c.target_codes, e.c.negated,
            e.c.claimed, e.c.location, e.c.trigger, e.c.sentence, d.c.url, d.c.outlet, d.c.published]
    common = bool(f.text) and _common_words(store, str(f.text))
    plan = _plan(f, store.dialect, with_documents=True, common_words=common)
    q = plan.select(*cols).order_by(plan.date, plan.doc, plan.seq).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        for row in conn.execute(q):
            yield dict(zip(EVENT_COLUMNS, row, strict=True))


def counts(store: Store, f: EventFilter, by: str) -> list[dict[str, object]]:
    """Event counts by period (day, month, year) or by type."""
    plan = _plan(f, store.dialect, with_events=False)
    key: Any
    if by in PERIODS:
        key = date_prefix(plan.date, PERIODS[by])
        q = plan.select(key.label("key"), func.count().label("events")).where(plan.date.isnot(None))
    elif by == "type":
        key = plan.type
        q = plan.select(key.label("key"), func.count().label("events"))
    else:
        raise ValueError(f"count by day, month, year or type, not {by!r}")
    q = q.group_by(key).order_by(key)
    with store.engine.connect() as conn:
        return [{"key": row[0], "events": row[1]} for row in conn.execute(q)]


def aggregated(store: Store, f: EventFilter, limit: int = 100, kept: bool = True) -> list[dict[str, object]]:
    """The same event reported by several documents: one row per type, country dyad and
    month, with the number of mentions, documents and outlets (GDELT's NumMentions,
    NumArticles, NumSources), most reported first.

    A filter on types and whole years or months only (what a dashboard asks) reads the
    aggregated events kept by the writes (event_groups); any other filter groups the
    matching events here, as it does for every filter when `kept` is False."""
    if kept and _groups_answer(f):
        return _from_groups(store, f, limit)
    e, d = schema.events, schema.documents
    window = func.coalesce(date_prefix(e.c.date, 7), literal_column("''"))
    q = _filtered(
        f,
        [
            e.c.type, e.c.dyad, window.label("month"), func.min(e.c.date).label("date"),
            func.count().label("mentions"),
            func.count(func.distinct(e.c.doc_id)).label("documents"),
            func.count(func.distinct(d.c.outlet)).label("outlets"),
            # the smallest sentence in code-point order, as event_groups keeps it
            func.min(e.c.sentence.collate("C") if store.dialect == "postgresql" else e.c.sentence).label("example"),
        ],
        store.dialect,
    )
    # the same event: same type and country dyad, and the same month (or no date given);
    # events with nobody named on either side are not merged across documents
    q = q.where(e.c.dyad.notin_((">", "")))
    q = q.group_by(e.c.type, e.c.dyad, window)
    q = q.order_by(func.count(func.distinct(e.c.doc_id)).desc(), func.count().desc(), e.c.type, e.c.dyad,
                   window).limit(limit)
    return _aggregate_rows(store, q)


_AGGREGATE_KEYS = ("type", "dyad", "month", "date", "mentions", "documents", "outlets", "example")


def _aggregate_rows(store: Store, q: Any) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        rows = [dict(zip(_AGGREGATE_KEYS, row, strict=True)) for row in conn.execute(q)]
    for row in rows:  # the key `event_reports` takes: TYPE/DYAD/MONTH ("-" for no date)
        row["key"] = f"{row['type']}/{row['dyad']}/{row.pop('month') or '-'}"
    return rows


def _groups_answer(f: EventFilter) -> bool:
    """True when event_groups holds the answer: events that happened, filtered by type and
    by dates of whole years or months (a month key compares with such a bound exactly as
    the event's date does)."""
    others = (f.actor, f.source, f.target, f.outlet, f.language, f.text, f.claimed)
    return (f.negated is False and all(x is None for x in others)
            and all(b is None or len(b) in (4, 7) for b in (f.date_from, f.date_to)))


def _from_groups(store: Store, f: EventFilter, limit: int) -> list[dict[str, object]]:
    g = schema.event_groups
    q = select(g.c.type, g.c.dyad, g.c.month, g.c.first_date, g.c.mentions, g.c.documents, g.c.outlets,
               g.c.example)
    conds = _type_date(f, g.c.type, g.c.month)
    if f.date_from or f.date_to:
        conds.append(g.c.month != "")  # an event with no date matches no date filter
    if conds:
        q = q.where(and_(*conds))
    q = q.order_by(g.c.documents.desc(), g.c.mentions.desc(), g.c.type, g.c.dyad, g.c.month).limit(limit)
    return _aggregate_rows(store, q)


@dataclass(frozen=True, slots=True)
class StatementFilter:
    speaker: str | None = None  # a 3-letter code matches at country depth
    about: str | None = None  # an actor named inside the statement's content
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    text: str | None = None  # words of the document body (full-text search)


STATEMENT_COLUMNS = ("doc_id", "seq", "date", "speaker", "speaker_name", "cue", "content", "url", "outlet")


def statements(store: Store, f: StatementFilter, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Statements, filtered: "every statement by NATO about PRK"."""
    s, d, sa = schema.statements, schema.documents, schema.statement_actors
    q = select(s.c.doc_id, s.c.seq, s.c.date, s.c.speaker, s.c.speaker_name, s.c.cue, s.c.content, d.c.url,
               d.c.outlet).select_from(s.join(d, d.c.id == s.c.doc_id))
    conds: list[Any] = []
    if f.speaker:
        code = f.speaker.upper()
        conds.append((s.c.speaker_country if len(code) == 3 else s.c.speaker) == code)
    if f.about:
        code = f.about.upper()
        column = sa.c.country if len(code) == 3 else sa.c.code
        # an IN over the (small) set of statements naming that actor; a correlated EXISTS
        # made SQLite test every statement
        conds.append(tuple_(s.c.doc_id, s.c.seq).in_(select(sa.c.doc_id, sa.c.seq).where(column == code)))
    if f.date_from:
        conds.append(s.c.date >= f.date_from)
    if f.date_to:
        conds.append(s.c.date <= _date_upper(f.date_to))
    if f.outlet:
        conds.append(d.c.outlet == f.outlet)
    if f.text:
        conds.append(text_condition(f.text, store.dialect))
    q = q.where(and_(*conds)) if conds else q
    q = q.order_by(s.c.date, s.c.doc_id, s.c.seq).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [dict(zip(STATEMENT_COLUMNS, row, strict=True)) for row in conn.execute(q)]


def event_reports(store: Store, key: str, limit: int = 1000) -> list[dict[str, object]]:
    """The reports behind one aggregated event (the `key` of a row of `aggregated`,
    TYPE/DYAD/MONTH): each event with its sentence and document."""
    kind, _, rest = key.partition("/")
    dyad, _, month = rest.rpartition("/")
    if not kind or not dyad:
        raise ValueError(f"an aggregated event key is TYPE/DYAD/MONTH, not {key!r}")
    month = "" if month == "-" else month
    e = schema.events
    f = EventFilter(types=(kind,), negated=None)
    cols = [e.c.doc_id, e.c.seq, e.c.type, e.c.date, e.c.source_codes, e.c.target_codes, e.c.negated,
            e.c.claimed, e.c.location, e.c.trigger, e.c.sentence, schema.documents.c.url,
            schema.documents.c.outlet, schema.documents.c.published]
    q = _filtered(f, cols, store.dialect).where(e.c.dyad == dyad)
    q = q.where(e.c.date.is_(None) if not month else date_prefix(e.c.date, 7) == month)
    q = q.order_by(e.c.doc_id, e.c.seq).limit(limit)
    with store.engine.connect() as conn:
        return [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in conn.execute(q)]


# --- for `rasad serve`: statements, actors, dyads, documents -------------------------------


def timeline(store: Store, f: EventFilter, by: str) -> list[dict[str, object]]:
    """Event counts by period and type: one row per (period, type)."""
    if by not in PERIODS:
        raise ValueError(f"timeline by day, month or year, not {by!r}")
    plan = _plan(f, store.dialect, with_events=False)
    key = date_prefix(plan.date, PERIODS[by])
    q = plan.select(key.label("key"), plan.type, func.count().label("events")).where(plan.date.isnot(None))
    q = q.group_by(key, plan.type).order_by(key, plan.type)
    with store.engine.connect() as conn:
        return [{"key": row[0], "type": row[1], "events": row[2]} for row in conn.execute(q)]


def actor_counts(store: Store, f: EventFilter, limit: int = 100) -> list[dict[str, object]]:
    """Actors of the events that pass the filter: events as source and as target, most active first."""
    e, ea = schema.events, schema.event_actors
    as_source = func.sum(case((ea.c.role == "source", 1), else_=0))
    as_target = func.sum(case((ea.c.role == "target", 1), else_=0))
    q = _filtered(f, [ea.c.code, ea.c.country, as_source.label("source"), as_target.label("target")], store.dialect)
    q = q.join(ea, and_(ea.c.doc_id == e.c.doc_id, ea.c.seq == e.c.seq)).where(
        ea.c.role.in_(("source", "target")), ea.c.depth == "full")
    q = q.group_by(ea.c.code, ea.c.country).order_by(func.count().desc(), ea.c.code).limit(limit)
    with store.engine.connect() as conn:
        return [{"code": r[0], "country": r[1], "source": int(r[2]), "target": int(r[3])} for r in conn.execute(q)]


def dyads(store: Store, f: EventFilter, depth: str = "country", limit: int = 100) -> list[dict[str, object]]:
    """Who acts on whom: one row per (source, target) pair of the events that pass the filter,
    at country depth (RUS) or full code (RUSGOV), with the number of events, heaviest first."""
    e = schema.events
    src, tgt = schema.event_actors.alias("src"), schema.event_actors.alias("tgt")
    depth = "country" if depth == "country" else "full"
    col_s, col_t = src.c.code, tgt.c.code
    pairs = _filtered(f, [e.c.doc_id, e.c.seq, col_s.label("source"), col_t.label("target")], store.dialect)
    pairs = pairs.join(src, and_(src.c.doc_id == e.c.doc_id, src.c.seq == e.c.seq, src.c.role == "source",
                                 src.c.depth == depth))
    pairs = pairs.join(tgt, and_(tgt.c.doc_id == e.c.doc_id, tgt.c.seq == e.c.seq, tgt.c.role == "target",
                                 tgt.c.depth == depth))
    # one pair per event, even when RUSGOV and RUSMIL both act: distinct before counting
    p = pairs.where(col_s != col_t).distinct().subquery()
    weight = func.count()
    q = (select(p.c.source, p.c.target, weight.label("events")).group_by(p.c.source, p.c.target)
         .order_by(weight.desc(), p.c.source, p.c.target).limit(limit))
    with store.engine.connect() as conn:
        return [{"source": r[0], "target": r[1], "events": r[2]} for r in conn.execute(q)]


def speaker_statements(store: Store, f: EventFilter, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Statements, with the filters of an event filter that apply to them: actor (the speaker; 3 letters: country
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
        conds.append(s.c.date <= _date_upper(f.date_to))
    conds.extend(_document_conds(f, store.dialect))
    if conds:
        q = q.where(and_(*conds))
    q = q.order_by(s.c.date, s.c.doc_id, s.c.seq).limit(limit).offset(offset)
    keys = ("doc_id", "seq", "speaker", "speaker_name", "cue", "content", "date", "outlet", "published", "url")
    with store.engine.connect() as conn:
        return [dict(zip(keys, row, strict=True)) for row in conn.execute(q)]


def _document_conds(f: EventFilter, dialect: str) -> list[Any]:
    d = schema.documents
    conds: list[Any] = []
    if f.outlet:
        conds.append(d.c.outlet == f.outlet)
    if f.language:
        conds.append(d.c.language == f.language)
    if f.text:
        conds.append(text_condition(f.text, dialect))
    return conds


def documents(store: Store, f: EventFilter, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Stored documents (of any status), newest first, with their number of events. The
    filter applies to the document: outlet, language, text, publication dates, an actor
    mentioned (3 letters: country depth), and an event of one of the types."""
    d, e, a = schema.documents, schema.events, schema.actors
    n_events = select(func.count()).where(e.c.doc_id == d.c.id).correlate(d).scalar_subquery()
    q = select(d.c.id, d.c.status, d.c.duplicate_of, d.c.error, d.c.title, d.c.url, d.c.outlet,
               d.c.published, d.c.language, n_events.label("events"))
    conds = _document_conds(f, store.dialect)
    if f.date_from:
        conds.append(d.c.published >= f.date_from)
    if f.date_to:
        conds.append(d.c.published <= _date_upper(f.date_to))
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
            schema.event_actors.c.doc_id == doc_id, schema.event_actors.c.role == "claimant",
            schema.event_actors.c.depth == "full"))
        doc["claimed_by"] = [(r[0], r[1]) for r in claimants]
        doc["statements"] = [dict(r) for r in conn.execute(select(s).where(s.c.doc_id == doc_id).order_by(s.c.seq)).mappings()]
    return doc

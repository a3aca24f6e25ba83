"""The HTTP API of `rasad serve` (FastAPI), the static page, and the security layers.

Read-only, except POST /api/documents (a bearer token given at start-up; disabled without
one). Every filter reaches SQL as a bound parameter (store/query.py); query parameters are
validated first (codes, dates, types: 422 when malformed). Page size <= MAX_LIMIT, request
bodies <= MAX_BODY_BYTES (413). Static files come from a fixed list of the package's files,
never from a path built out of the request.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from rasad import __version__
from rasad.dedup import DedupIndex
from rasad.lexicons.actors import ActorLexicon
from rasad.lexicons.events import PLOVER_TYPES
from rasad.pipeline import Pipeline, document_id
from rasad.store import Store, normalise_url, schema
from rasad.store import query as q
from rasad.types import RawDocument, Record, Status

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
MAX_BODY_BYTES = 10 * 1024 * 1024

TYPE_LABELS: dict[str, str] = {
    "AGREE": "Agree (sign, settle, promise)",
    "CONSULT": "Consult (meet, talk, visit)",
    "SUPPORT": "Support (praise, endorse)",
    "CONCEDE": "Concede (ease, release, yield)",
    "COOPERATE": "Cooperate (joint action)",
    "AID": "Give aid",
    "RETREAT": "Retreat (withdraw)",
    "REQUEST": "Request (call for, appeal)",
    "ACCUSE": "Accuse (blame, condemn)",
    "REJECT": "Reject (refuse, deny)",
    "THREATEN": "Threaten",
    "PROTEST": "Protest (demonstrate, strike)",
    "SANCTION": "Sanction (cut ties, embargo)",
    "MOBILIZE": "Mobilize (deploy, alert)",
    "COERCE": "Coerce (arrest, seize, expel)",
    "ASSAULT": "Assault (attack, kill, bomb)",
}
assert tuple(TYPE_LABELS) == PLOVER_TYPES

PloverType = StrEnum("PloverType", {t: t for t in PLOVER_TYPES})  # type: ignore[misc]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}

CODE = r"^[A-Za-z][A-Za-z0-9]{1,15}$"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


# --- response models (what /api/openapi.json documents) ---------------------------------------


class _EventFields(BaseModel):
    """What an event carries wherever it is shown."""

    event_id: str = Field(description="DOCUMENT_ID-N, as in `rasad export`")
    seq: int
    type: str
    type_label: str
    date: str | None
    source: list[str]
    target: list[str]
    source_names: list[str]
    target_names: list[str]
    negated: bool
    location: str | None
    trigger: str
    sentence: str


class EventOut(_EventFields):
    doc_id: str
    claimed: bool
    url: str | None
    outlet: str | None
    published: str | None


class EventPage(BaseModel):
    items: list[EventOut]
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last page")


class CountOut(BaseModel):
    key: str
    events: int
    type: str | None = None


class AggregateOut(BaseModel):
    type: str
    type_label: str
    dyad: str
    date: str | None
    mentions: int
    documents: int
    outlets: int
    example: str


class ActorOut(BaseModel):
    code: str
    name: str
    country: str
    source: int = Field(description="events with this actor as source")
    target: int = Field(description="events with this actor as target")


class DyadOut(BaseModel):
    source: str
    target: str
    source_name: str
    target_name: str
    events: int


class StatementOut(BaseModel):
    doc_id: str
    seq: int
    speaker: str | None
    speaker_label: str | None
    speaker_name: str
    cue: str
    content: str
    date: str | None
    outlet: str | None
    published: str | None
    url: str | None


class StatementPage(BaseModel):
    items: list[StatementOut]
    limit: int
    offset: int
    next_offset: int | None


class _DocumentFields(BaseModel):
    """What a document carries in a list and in its own view."""

    id: str
    status: str
    duplicate_of: str | None
    error: str | None
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    language: str | None


class DocumentOut(_DocumentFields):
    events: int


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    limit: int
    offset: int
    next_offset: int | None


class OutletOut(BaseModel):
    outlet: str
    documents: int


class MentionsOut(BaseModel):
    code: str
    name: str
    mentions: list[tuple[int, int]] = Field(description="[start, end) offsets into text")


class DocEventOut(_EventFields):
    claimed_by: list[str]
    trigger_span: tuple[int, int] | None = Field(description="[start, end) of the trigger in text")
    sentence_span: tuple[int, int] | None = Field(description="[start, end) of the sentence in text")


class DocStatementOut(BaseModel):
    seq: int
    speaker: str | None
    speaker_label: str | None
    speaker_name: str
    cue: str
    cue_span: tuple[int, int] | None
    content: str
    content_span: tuple[int, int] | None
    date: str | None


class DocumentDetail(_DocumentFields):
    source: str
    authors: list[str]
    text: str = Field(description="the clean body; every span below is an offset into it")
    actors: list[MentionsOut]
    events: list[DocEventOut]
    statements: list[DocStatementOut]


class IngestOut(BaseModel):
    id: str
    status: str
    error: str | None
    duplicate_of: str | None
    stored: bool = Field(description="false when the same bytes were already stored")
    events: int
    statements: int


class TypeOut(BaseModel):
    code: str
    label: str


class InfoOut(BaseModel):
    version: str
    ingest: bool = Field(description="whether POST /api/documents is enabled (a token was given)")
    max_limit: int


# --- state ---------------------------------------------------------------------------------------

T = TypeVar("T")


@dataclass
class _Cache:
    """Answers of read endpoints, keyed by the request and the store's generation (its number
    of documents: the store only ever adds whole documents, in one transaction each, so a
    write always changes it). The generation is read at most once per `recheck` seconds,
    so a write by another process (`rasad ingest` beside the server) shows after at most
    that long; a write through the server clears everything at once. Entries also expire
    after `seconds`. Concurrent requests for the same missing answer compute it once.
    seconds <= 0: no cache."""

    store: Store
    seconds: float
    recheck: float = 1.0
    size: int = 8192
    entries: OrderedDict[tuple[Any, ...], tuple[float, Any]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    flights: dict[tuple[Any, ...], threading.Event] = field(default_factory=dict)
    _generation: tuple[float, int] = (0.0, -1)

    def generation(self) -> int:
        now = time.monotonic()
        checked, value = self._generation
        if now - checked < self.recheck:
            return value
        with self.store.engine.connect() as conn:
            value = int(conn.execute(select(func.count()).select_from(schema.documents)).scalar_one())
        self._generation = (now, value)
        return value

    def get(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        if self.seconds <= 0:
            return compute()
        now = time.monotonic()
        key = (self.generation(), *key)
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None and hit[0] > now:
                self.entries.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
            flight = self.flights.get(key)
            mine = flight is None
            if flight is None:
                flight = self.flights[key] = threading.Event()
        if not mine:  # the same question is being answered: wait for that answer, once
            flight.wait(60)
            with self.lock:
                hit = self.entries.get(key)
            return hit[1] if hit is not None else compute()
        try:
            value = compute()
            with self.lock:
                self.entries[key] = (now + self.seconds, value)
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
            return value
        finally:
            with self.lock:
                self.flights.pop(key, None)
            flight.set()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self._generation = (0.0, -1)


@dataclass
class State:
    store: Store
    store_url: str
    token: str | None
    lexicon: ActorLexicon
    cache: _Cache
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline: Pipeline | None = None

    def name(self, code: str) -> str:
        return self.lexicon.code_name(code)

    def get_pipeline(self) -> Pipeline:
        """Built on the first POST (lexicons, dedup index next to the SQLite file, as `rasad ingest`)."""
        if self.pipeline is None:
            url = normalise_url(self.store_url)
            index = url[len("sqlite:///"):] + ".dedup" if url.startswith("sqlite:///") else "rasad-dedup.idx"
            self.pipeline = Pipeline(actor_lexicon=self.lexicon, dedup=DedupIndex(path=index))
        return self.pipeline


# --- ASGI layers -----------------------------------------------------------------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


class Guard:
    """Security headers on every response; request bodies over `max_body` bytes get 413,
    whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_body
                except ValueError:
                    too_big = True
                if too_big:
                    await _plain(send_with_headers, 413, "request body too large")
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await _plain(send_with_headers, 413, "request body too large")


async def _plain(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# --- parameters ------------------------------------------------------------------------------------

Tri = Literal["true", "false", "any"]


def _tri(value: Tri) -> bool | None:
    return None if value == "any" else value == "true"


def event_filter(
    type: Annotated[list[PloverType] | None, Query(description="PLOVER type (repeatable)")] = None,
    actor: Annotated[str | None, Query(pattern=CODE, description="code on either side; 3 letters: country depth")] = None,
    source: Annotated[str | None, Query(pattern=CODE, description="source code; 3 letters: country depth")] = None,
    target: Annotated[str | None, Query(pattern=CODE, description="target code; 3 letters: country depth")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE, description="first date YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE, description="last date YYYY[-MM[-DD]]")] = None,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    negated: Annotated[Tri, Query(description="events the text says did not happen")] = "false",
    claimed: Annotated[Tri, Query(description="events presented as someone's claim")] = "any",
    text: Annotated[str | None, Query(max_length=300, description="words the document body contains")] = None,
) -> q.EventFilter:
    return q.EventFilter(
        types=tuple(str(t.value) for t in type or ()), actor=actor, source=source, target=target,
        date_from=date_from, date_to=date_to, outlet=outlet or None, language=language,
        negated=_tri(negated), claimed=_tri(claimed), text=text or None,
    )


Filter = Annotated[q.EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def _codes(value: object) -> list[str]:
    return [c for c in str(value or "").split(";") if c]


def _span(text: str, part: str, near: int = 0) -> tuple[int, int] | None:
    """Offsets of `part` in `text`: the occurrence nearest to `near` (the store keeps no
    offsets of sentences and statements; they are substrings of the body)."""
    if not part:
        return None
    best, start = None, text.find(part)
    while start != -1:
        if best is None or abs(start - near) < abs(best - near):
            best = start
        start = text.find(part, start + 1)
    return None if best is None else (best, best + len(part))


def _cue_span(text: str, cue: str, content: tuple[int, int] | None) -> tuple[int, int] | None:
    if not cue or content is None:
        return None
    before = text.rfind(cue, max(0, content[0] - 300), content[0])
    if before != -1:
        return before, before + len(cue)
    after = text.find(cue, content[1], content[1] + 300)
    return (after, after + len(cue)) if after != -1 else None


def _page_next(n_items: int, limit: int, offset: int) -> int | None:
    return offset + limit if n_items > limit else None


# --- the app ----------------------------------------------------------------------------------------


def build_app(
    store_url: str,
    token: str | None,
    *,
    allowed_hosts: Sequence[str],
    cache_seconds: float,
    max_body: int,
) -> FastAPI:
    store = Store.open(store_url, pool_size=32)  # as many as the threads that answer requests
    state = State(store=store, store_url=store_url, token=token or None, lexicon=ActorLexicon.load(),
                  cache=_Cache(store, cache_seconds))
    app = FastAPI(
        title="rasad",
        version=__version__,
        description="Coded events, actors, statements and documents of a rasad store.",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
        openapi_url="/api/openapi.json",
    )
    app.state.rasad = state
    _api_routes(app, state)
    _static_routes(app)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(Guard, max_body=max_body)  # outermost: headers on every answer, 413 early
    return app


def _event_out(state: State, row: dict[str, object]) -> EventOut:
    src, tgt = _codes(row["source_codes"]), _codes(row["target_codes"])
    t = str(row["type"])
    return EventOut(
        event_id=f"{row['doc_id']}-{row['seq']}", doc_id=str(row["doc_id"]), seq=int(str(row["seq"])), type=t,
        type_label=TYPE_LABELS.get(t, t), date=_opt(row["date"]), source=src, target=tgt,
        source_names=[state.name(c) for c in src], target_names=[state.name(c) for c in tgt],
        negated=bool(row["negated"]), claimed=bool(row["claimed"]), location=_opt(row["location"]),
        trigger=str(row["trigger"]), sentence=str(row["sentence"]), url=_opt(row["url"]),
        outlet=_opt(row["outlet"]), published=_opt(row["published"]),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _api_routes(app: FastAPI, state: State) -> None:
    store, cache = state.store, state.cache

    @app.get("/api", response_model=InfoOut, tags=["meta"])
    def info() -> InfoOut:
        return InfoOut(version=__version__, ingest=state.token is not None, max_limit=MAX_LIMIT)

    @app.get("/api/types", response_model=list[TypeOut], tags=["meta"])
    def types() -> list[TypeOut]:
        """The 16 PLOVER event types with English labels."""
        return [TypeOut(code=c, label=label) for c, label in TYPE_LABELS.items()]

    def answer(key: tuple[Any, ...], build: Callable[[], BaseModel | list[Any] | None]) -> Response:
        """The JSON of build()'s models, cached as bytes: a repeated request skips the query,
        the models and the encoding. None: 404."""

        def encoded() -> bytes | None:
            out = build()
            if out is None:
                return None
            if isinstance(out, list):
                return b"[" + b",".join(m.model_dump_json().encode() for m in out) + b"]"
            return out.model_dump_json().encode()

        body = cache.get(key, encoded)
        if body is None:
            return JSONResponse({"detail": "no such document"}, status_code=404)
        return Response(body, media_type="application/json")

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def events(f: Filter, limit: Limit = 50, offset: Offset = 0) -> Response:
        """Coded events that pass the filter (the filters of `rasad query`), in date order."""
        def build() -> EventPage:
            rows = list(q.events(store, f, limit + 1, offset))
            items = [_event_out(state, r) for r in rows[:limit]]
            return EventPage(items=items, limit=limit, offset=offset, next_offset=_page_next(len(rows), limit, offset))

        return answer(("events", f, limit, offset), build)

    @app.get("/api/events/aggregated", response_model=list[AggregateOut], tags=["events"])
    def events_aggregated(f: Filter, limit: Limit = 100) -> Response:
        """The same event reported by several documents: one row per type, country dyad and month."""
        def build() -> list[AggregateOut]:
            return [AggregateOut(type_label=TYPE_LABELS.get(str(r["type"]), str(r["type"])), **r)  # type: ignore[arg-type]
                    for r in q.aggregated(store, f, limit)]

        return answer(("aggregated", f, limit), build)

    @app.get("/api/counts", response_model=list[CountOut], tags=["events"])
    def counts(
        f: Filter,
        by: Annotated[Literal["day", "month", "year", "type"], Query(description="period or type")] = "month",
        per_type: Annotated[bool, Query(description="split each period by type (not with by=type)")] = False,
    ) -> Response:
        """Event counts over time (day, month, year) or by type; per_type=true: by period and type."""
        def build() -> list[CountOut]:
            rows = q.timeline(store, f, by) if per_type and by != "type" else q.counts(store, f, by)
            return [CountOut(key=str(r["key"]), events=int(str(r["events"])), type=_opt(r.get("type"))) for r in rows]

        return answer(("counts", f, by, per_type and by != "type"), build)

    @app.get("/api/actors", response_model=list[ActorOut], tags=["actors"])
    def actors(f: Filter, limit: Limit = 100) -> Response:
        """Actors of the events that pass the filter, most active first."""
        def build() -> list[ActorOut]:
            return [ActorOut(name=state.name(str(r["code"])), **r) for r in q.actor_counts(store, f, limit)]  # type: ignore[arg-type]

        return answer(("actors", f, limit), build)

    @app.get("/api/dyads", response_model=list[DyadOut], tags=["actors"])
    def dyads(
        f: Filter,
        depth: Annotated[Literal["country", "code"], Query()] = "country",
        limit: Limit = 60,
    ) -> Response:
        """Who acts on whom: (source, target) pairs of the events that pass the filter, weighted by events."""
        def build() -> list[DyadOut]:
            return [DyadOut(source=str(r["source"]), target=str(r["target"]), events=int(str(r["events"])),
                            source_name=state.name(str(r["source"])), target_name=state.name(str(r["target"])))
                    for r in q.dyads(store, f, depth, limit)]

        return answer(("dyads", f, depth, limit), build)

    @app.get("/api/statements", response_model=StatementPage, tags=["statements"])
    def statements(f: Filter, limit: Limit = 50, offset: Offset = 0) -> Response:
        """Attributed statements; actor is the speaker; dates, outlet, language and text apply,
        event-only filters (type, source, target, negated, claimed) do not."""
        def build() -> StatementPage:
            rows = q.speaker_statements(store, f, limit + 1, offset)
            items = [StatementOut(speaker_label=state.name(str(r["speaker"])) if r["speaker"] else None, **r)  # type: ignore[arg-type]
                     for r in rows[:limit]]
            return StatementPage(items=items, limit=limit, offset=offset, next_offset=_page_next(len(rows), limit, offset))

        return answer(("statements", f, limit, offset), build)

    @app.get("/api/documents", response_model=DocumentPage, tags=["documents"])
    def documents(f: Filter, limit: Limit = 50, offset: Offset = 0) -> Response:
        """Stored documents (any status), newest first: outlet, language, text, dates (of
        publication), actor (mentioned) and type (has such an event) apply."""
        def build() -> DocumentPage:
            rows = q.documents(store, f, limit + 1, offset)
            items = [DocumentOut(**r) for r in rows[:limit]]  # type: ignore[arg-type]
            return DocumentPage(items=items, limit=limit, offset=offset, next_offset=_page_next(len(rows), limit, offset))

        return answer(("documents", f, limit, offset), build)

    @app.get("/api/outlets", response_model=list[OutletOut], tags=["documents"])
    def outlets() -> Response:
        return answer(("outlets",), lambda: [OutletOut(**r) for r in q.outlets(store)])  # type: ignore[arg-type]

    @app.get("/api/documents/{doc_id}", response_model=DocumentDetail, tags=["documents"],
             responses={404: {"description": "no such document"}})
    def document(doc_id: Annotated[str, PathParam(max_length=64)]) -> Response:
        """One document: the clean text and the offsets of every actor mention, event trigger
        (and its sentence) and statement (content and cue)."""
        def build() -> DocumentDetail | None:
            doc = q.document(store, doc_id)
            return None if doc is None else _detail(state, doc)

        return answer(("document", doc_id), build)

    @app.post("/api/documents", response_model=IngestOut, tags=["documents"], status_code=201,
              responses={200: {"model": IngestOut, "description": "already stored (or a copy of a stored document)"},
                         401: {"description": "missing or wrong bearer token"},
                         403: {"description": "ingest disabled: the server was started without --token"},
                         413: {"description": "body over 10 MB"}})
    async def ingest(
        request: Request,
        response: Response,
        name: Annotated[str, Query(max_length=200, description="file name: .html/.txt decides the page kind")] = "page",
        url: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> IngestOut:
        """Run a raw page (the body: bytes of an HTML or text page, any encoding, gzip or not)
        through rasad's pipeline and store the record. Needs `Authorization: Bearer TOKEN`."""
        if state.token is None:
            raise HTTPException(403, "ingest is disabled: start `rasad serve` with --token")
        given = request.headers.get("authorization", "")
        if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), state.token.encode())):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
        data = await request.body()
        record, stored = await run_in_threadpool(_ingest, state, data, name, url)
        if not stored:
            response.status_code = 200
        return IngestOut(id=record.id, status=record.status.value, error=record.error,
                         duplicate_of=record.duplicate_of, stored=stored, events=len(record.events),
                         statements=len(record.statements))


def _ingest(state: State, data: bytes, name: str, url: str | None) -> tuple[Record, bool]:
    source = f"api:{Path(name).name or 'page'}"
    with state.write_lock:  # one pipeline, one dedup index: one document at a time
        pipeline = state.get_pipeline()
        doc_id = document_id(data)
        if state.store.known_ids([doc_id]):
            return Record(id=doc_id, source=source, status=Status.DUPLICATE, duplicate_of=doc_id), False
        raw = RawDocument(source=source, data=data, name_hint=Path(name).name, url=url)
        try:
            record = pipeline.process(raw)
        except Exception as exc:  # one bad page costs its record, as in `rasad ingest`
            record = Record(id=doc_id, source=source, status=Status.ERROR,
                            error=f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        if pipeline.dedup is not None:
            pipeline.dedup.flush()
        lexicon = f"actors:{pipeline.actor_lexicon.version} events:{pipeline.event_lexicon.version}"
        stored = state.store.write([record], lexicon) > 0
    state.cache.clear()
    return record, stored


def _detail(state: State, doc: dict[str, Any]) -> DocumentDetail:
    text = str(doc["text"] or "")
    claimants: dict[int, list[str]] = {}
    for seq, code in doc["claimed_by"]:
        claimants.setdefault(int(seq), []).append(str(code))
    events = []
    for e in doc["events"]:
        src, tgt = _codes(e["source_codes"]), _codes(e["target_codes"])
        ts, te = e["trigger_start"], e["trigger_end"]
        trigger_ok = ts is not None and te is not None and 0 <= ts < te <= len(text)
        events.append(DocEventOut(
            event_id=f"{doc['id']}-{e['seq']}", seq=e["seq"], type=e["type"], type_label=TYPE_LABELS.get(e["type"], e["type"]),
            date=e["date"], source=src, target=tgt, source_names=[state.name(c) for c in src],
            target_names=[state.name(c) for c in tgt], negated=bool(e["negated"]), claimed_by=claimants.get(e["seq"], []),
            location=e["location"], trigger=e["trigger"], trigger_span=(ts, te) if trigger_ok else None,
            sentence=e["sentence"], sentence_span=_span(text, e["sentence"], ts if trigger_ok else 0),
        ))
    statements, last = [], 0
    for s in doc["statements"]:
        content = _span(text, s["content"], last)
        last = content[0] if content else last
        statements.append(DocStatementOut(
            seq=s["seq"], speaker=s["speaker"], speaker_label=state.name(s["speaker"]) if s["speaker"] else None,
            speaker_name=s["speaker_name"], cue=s["cue"], cue_span=_cue_span(text, s["cue"], content),
            content=s["content"], content_span=content, date=s["date"],
        ))
    actors = [MentionsOut(code=a["code"], name=a["name"], mentions=[(int(m[0]), int(m[1])) for m in json.loads(a["mentions"])])
              for a in doc["actors"]]
    try:
        authors = [str(x) for x in json.loads(doc["authors"] or "[]")]
    except ValueError:
        authors = []
    return DocumentDetail(
        id=doc["id"], source=doc["source"], status=doc["status"], duplicate_of=doc["duplicate_of"], error=doc["error"],
        title=doc["title"], url=doc["url"], outlet=doc["outlet"], published=doc["published"], language=doc["language"],
        authors=authors, text=text, actors=actors, events=events, statements=statements,
    )


# --- the page ----------------------------------------------------------------------------------------


def _static_files() -> dict[str, tuple[bytes, str]]:
    """Every file of the package's static folder, read once: name -> (bytes, media type)."""
    files: dict[str, tuple[bytes, str]] = {}
    for entry in (resources.files("rasad.serve") / "static").iterdir():
        suffix = Path(entry.name).suffix
        if entry.is_file() and suffix in STATIC_TYPES:
            files[entry.name] = (entry.read_bytes(), STATIC_TYPES[suffix])
    return files


def _static_routes(app: FastAPI) -> None:
    files = _static_files()

    def serve(name: str) -> Response:
        hit = files.get(name)
        if hit is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        return Response(hit[0], media_type=hit[1], headers={"cache-control": "no-cache"})

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return serve("index.html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        return serve(name)  # a name of the fixed list, or 404: no path is ever built from it

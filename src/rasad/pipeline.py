"""Run the stages on one document: decode -> clean -> metadata -> code -> record.

`extract_article` is a pure function of one page. `Pipeline` holds what the stages
need that is expensive to build (lexicons, the dedup index) and turns raw documents
into records one at a time, so memory does not grow with the input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rasad import metadata as meta
from rasad.clean.text import clean_text_page
from rasad.coding.actors import actors_of, find_actors
from rasad.coding.article import code_article
from rasad.dedup import DedupIndex, sketch_body
from rasad.lexicons.actors import ActorLexicon
from rasad.lexicons.events import EventLexicon
from rasad.limits import DEFAULT_SECONDS, DocumentTimeout, time_limit
from rasad.readers import ReadFailure, decode
from rasad.types import Article, InputError, Metadata, Page, PageKind, RawDocument, Record, Status


def document_id(data: bytes) -> str:
    """Stable id of a document: the first 16 hex digits of the SHA-1 of its bytes."""
    return hashlib.sha1(data).hexdigest()[:16]


def extract_article(page: Page) -> Article:
    """Clean body and metadata of one decoded page; InputError when it holds no article."""
    if page.kind is PageKind.HTML:
        # (imported here: trafilatura is a fifth of a second of start-up, which a run on
        # plain-text pages never needs)
        from rasad.clean.html import clean_html_page, parse_html

        tree = parse_html(page.text)
        tags = meta.html_metadata(tree)
        title, url, authors, published = tags.title, tags.url or page.url, tags.authors, tags.published
        cleaned = clean_html_page(tree, title, page.text)
        outlet = meta.text_outlet(cleaned.credits, None) or tags.site_name
        if outlet is None and cleaned.paragraphs:
            outlet = meta.text_outlet((), cleaned.paragraphs[0])
        authors = authors or meta.clean_authors(c.value for c in cleaned.credits if c.role == "author")
    else:
        cleaned = clean_text_page(page.text)
        title = cleaned.title
        url = _url_in_text(page.text) or page.url
        outlet = meta.text_outlet(cleaned.credits, cleaned.paragraphs[0] if cleaned.paragraphs else None)
        authors = meta.clean_authors(c.value for c in cleaned.credits if c.role == "author")
        published = meta.text_published(_non_body_lines(page.text, cleaned.paragraphs))
    if not cleaned.paragraphs:
        raise InputError("no article text found (only navigation, links or boilerplate)")
    text = "\n".join(cleaned.paragraphs)
    return Article(
        source=page.source,
        text=text,
        metadata=Metadata(
            title=title,
            url=url,
            outlet=outlet,
            authors=tuple(authors),
            published=published,
            language=meta.detect_language(text),
        ),
    )


def _url_in_text(text: str) -> str | None:
    """A URL standing alone on a line of a plain-text page: the page's own address."""
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith(("http://", "https://")) and " " not in s and len(s) < 500:
            return s
    return None


def _non_body_lines(text: str, paragraphs: Iterable[str]) -> list[str]:
    body = set(paragraphs)
    return [s for s in (" ".join(x.split()) for x in text.split("\n")) if s and s not in body]


class WorkerCrash(Exception):
    """A stage raised in a worker process: the parent turns it into an internal-error
    record exactly as it does an exception raised in its own process."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # the exception's class name

    def __reduce__(self) -> tuple[type[WorkerCrash], tuple[str, str]]:
        return (WorkerCrash, (self.kind, str(self)))


def internal_error(exc: BaseException) -> str:
    """The one-line reason of an error record for an unexpected exception."""
    kind = exc.kind if isinstance(exc, WorkerCrash) else type(exc).__name__
    return f"internal error: {kind}: {exc}".splitlines()[0]


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a worker computes for one document, before dedup (which runs in the parent).

    `record` is the document's record as if it copied nothing: status ok (coded) or
    error (unreadable). `key`, `sketch`: its body's dedup key and MinHash state. A crash
    of a stage is kept (`extract_crash` before dedup, `code_crash` after) so the parent
    fails the record at the same point a single process would.
    """

    doc_id: str
    source: str
    record: Record | None = None
    article: Article | None = None
    key: bytes = b""
    sketch: bytes = b""
    extract_crash: WorkerCrash | None = None
    code_crash: WorkerCrash | None = None


@dataclass
class Pipeline:
    """Turns raw documents into records, remembering ids seen in this run.

    The lexicons are loaded once, when the pipeline is made, and shared by every document.
    """

    actor_lexicon: ActorLexicon = field(default_factory=ActorLexicon.load)
    event_lexicon: EventLexicon = field(default_factory=EventLexicon.load)
    dedup: DedupIndex | None = field(default_factory=DedupIndex)  # None: no near-duplicate check
    seen_ids: set[str] = field(default_factory=set)
    time_limit: float | None = DEFAULT_SECONDS  # per document and stage (seconds), rasad.limits

    def process(self, item: RawDocument | ReadFailure) -> Record:
        if isinstance(item, ReadFailure):
            return Record(id=document_id(item.source.encode()), source=item.source, status=Status.ERROR, error=item.error)
        doc_id = document_id(item.data)
        if doc_id in self.seen_ids:
            return Record(id=doc_id, source=item.source, status=Status.DUPLICATE, duplicate_of=doc_id)
        self.seen_ids.add(doc_id)
        try:
            with time_limit(self.time_limit):
                article = extract_article(decode(item))
        except InputError as exc:
            return Record(id=doc_id, source=item.source, status=Status.ERROR, error=str(exc))
        except DocumentTimeout as exc:
            return Record(id=doc_id, source=item.source, status=Status.ERROR, error=str(exc))
        match = self.dedup.check_and_add(doc_id, article.text) if self.dedup is not None else None
        if match is not None and match.duplicate_of != doc_id:  # (itself: indexed by a run that was cut short)
            # A copy is coded once, as its first instance: its own record keeps only the link.
            return Record(
                id=doc_id, source=item.source, status=Status.DUPLICATE, duplicate_of=match.duplicate_of,
                metadata=article.metadata, text=article.text,
            )
        try:
            with time_limit(self.time_limit):
                return self.code(doc_id, item.source, article)
        except DocumentTimeout as exc:
            return Record(id=doc_id, source=item.source, status=Status.ERROR, error=str(exc))

    def analyse(self, item: RawDocument, sketch: bool = True) -> Analysis:
        """The dedup-free part of `process` (decode, clean, metadata, code), for a worker.

        Pure: it neither reads nor changes `seen_ids` or the dedup index."""
        doc_id = document_id(item.data)
        try:
            with time_limit(self.time_limit):
                article = extract_article(decode(item))
        except (InputError, DocumentTimeout) as exc:
            return Analysis(doc_id, item.source, record=Record(
                id=doc_id, source=item.source, status=Status.ERROR, error=str(exc)))
        except Exception as exc:
            return Analysis(doc_id, item.source, extract_crash=WorkerCrash(type(exc).__name__, str(exc)))
        key, state = b"", b""
        if sketch:
            try:
                key, state = sketch_body(article.text)
            except Exception as exc:
                return Analysis(doc_id, item.source, extract_crash=WorkerCrash(type(exc).__name__, str(exc)))
        try:
            with time_limit(self.time_limit):
                record = self.code(doc_id, item.source, article)
        except DocumentTimeout as exc:  # as in `process`: an error, unless dedup finds a copy first
            record = Record(id=doc_id, source=item.source, status=Status.ERROR, error=str(exc))
        except Exception as exc:
            return Analysis(doc_id, item.source, article=article, key=key, sketch=state,
                            code_crash=WorkerCrash(type(exc).__name__, str(exc)))
        return Analysis(doc_id, item.source, record=record, article=article, key=key, sketch=state)

    def finish(self, item: RawDocument | ReadFailure, analysis: Analysis | None) -> Record:
        """The parent's step after `analyse`, in input order: byte copies, then near copies.

        `finish(item, analyse(item))` is `process(item)`, record for record (a stage's crash
        is raised as WorkerCrash where `process` raises). `analysis` may be None for an
        item the workers did not analyse (a byte copy of an earlier one): `process` then runs."""
        if isinstance(item, ReadFailure) or analysis is None:
            return self.process(item)
        doc_id = analysis.doc_id
        if doc_id in self.seen_ids:
            return Record(id=doc_id, source=item.source, status=Status.DUPLICATE, duplicate_of=doc_id)
        self.seen_ids.add(doc_id)
        if analysis.extract_crash is not None:
            raise analysis.extract_crash
        if analysis.article is None:
            assert analysis.record is not None
            return analysis.record
        if self.dedup is not None:
            match = self.dedup.check_and_add_sketch(doc_id, analysis.key, analysis.sketch)
            if match is not None and match.duplicate_of != doc_id:
                return Record(
                    id=doc_id, source=item.source, status=Status.DUPLICATE, duplicate_of=match.duplicate_of,
                    metadata=analysis.article.metadata, text=analysis.article.text,
                )
        if analysis.code_crash is not None:
            raise analysis.code_crash
        assert analysis.record is not None
        return analysis.record

    def code(self, doc_id: str, source: str, article: Article) -> Record:
        """Actors, events and statements of a clean article."""
        day = dt.date.fromisoformat(article.metadata.published) if article.metadata.published else None
        mentions = find_actors(article.text, self.actor_lexicon, day)
        coded = code_article(article.text, mentions, self.event_lexicon, day)
        return Record(
            id=doc_id,
            source=source,
            status=Status.OK,
            metadata=article.metadata,
            text=article.text,
            actors=actors_of(mentions, self.actor_lexicon),
            events=coded.events,
            statements=coded.statements,
        )

    def run(self, items: Iterable[RawDocument | ReadFailure]) -> Iterator[Record]:
        for item in items:
            yield self.process(item)

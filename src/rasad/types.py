"""The plain, frozen values that flow between rasad's pipeline stages.

raw bytes (RawDocument) -> decoded page (Page) -> cleaned body + metadata (Article)
-> coded record (Record, which adds actors, events and statements).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PageKind(StrEnum):
    TEXT = "text"
    HTML = "html"


class Status(StrEnum):
    OK = "ok"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes as a crawler saved them, and where they came from."""

    source: str
    data: bytes
    name_hint: str = ""  # file name, used to guess the page kind and compression
    url: str | None = None  # set by readers that know it (WARC target URI)
    charset: str | None = None  # the charset an HTTP Content-Type header declared (WARC)


@dataclass(frozen=True, slots=True)
class Page:
    """A decoded document: text with line breaks normalised, control characters removed."""

    source: str
    text: str
    kind: PageKind
    encoding: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned page: the body paragraphs joined by newlines, and its metadata."""

    source: str
    text: str
    metadata: Metadata


@dataclass(frozen=True, slots=True)
class Actor:
    code: str
    name: str
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    date: str | None
    sentence: str
    trigger: str
    negated: bool = False
    claimed_by: tuple[str, ...] = ()
    location: str | None = None
    trigger_span: tuple[int, int] = (0, 0)  # offsets of the trigger in the article text
    rule: str = ""  # why it was coded: shown by `rasad code`


@dataclass(frozen=True, slots=True)
class Statement:
    speaker: str | None
    speaker_name: str
    cue: str
    content: str
    date: str | None = None
    cue_span: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Record:
    """One output record of `rasad extract` (see shared/contract.md)."""

    id: str
    source: str
    status: Status
    duplicate_of: str | None = None
    error: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    text: str = ""
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Statement, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The contract's JSON shape."""
        m = self.metadata
        return {
            "id": self.id,
            "source": self.source,
            "status": self.status.value,
            "duplicate_of": self.duplicate_of,
            "error": self.error,
            "language": m.language,
            "title": m.title,
            "url": m.url,
            "outlet": m.outlet,
            "authors": list(m.authors),
            "published": m.published,
            "text": self.text,
            "actors": [
                {"code": a.code, "name": a.name, "mentions": [list(s) for s in a.mentions]}
                for a in self.actors
            ],
            "events": [
                {
                    "type": e.type,
                    "source": list(e.source),
                    "target": list(e.target),
                    "date": e.date,
                    "sentence": e.sentence,
                    "trigger": e.trigger,
                    "negated": e.negated,
                    "claimed_by": list(e.claimed_by),
                    "location": e.location,
                }
                for e in self.events
            ],
            "statements": [
                {
                    "speaker": s.speaker,
                    "speaker_name": s.speaker_name,
                    "cue": s.cue,
                    "content": s.content,
                    "date": s.date,
                }
                for s in self.statements
            ],
        }


class RasadError(Exception):
    """Base of rasad's own errors: the message is one line a user can act on."""


class InputError(RasadError):
    """A document cannot be read (empty, binary, undecodable, too large ...)."""

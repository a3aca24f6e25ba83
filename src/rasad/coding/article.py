"""Code one clean article: sentences -> events and statements, with their evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rasad.arabic import fold
from rasad.coding.actors import ActorMention
from rasad.coding.events import (
    ArticleContext,
    TriggerHit,
    assign_roles,
    claims,
    event_date,
    find_triggers,
    is_negated,
)
from rasad.coding.events import _groups as actor_groups
from rasad.coding.sentences import split_sentences
from rasad.coding.statements import find_cues, statements_of
from rasad.coding.tokens import Slot, Token, slots_of, tokenize
from rasad.dates import find_absolute
from rasad.lexicons.events import EventLexicon
from rasad.types import Event, Statement

# Participant nouns (متظاهرون، محتجين): an event only as the subject of an action.
_PARTICIPANT_ENDINGS = ("ون", "ين")


@dataclass(frozen=True, slots=True)
class CodedArticle:
    events: tuple[Event, ...]
    statements: tuple[Statement, ...]


def article_context(text: str, published: dt.date | None) -> ArticleContext:
    years = tuple((d.start, d.year) for d in find_absolute(fold(text)) if d.year is not None)
    return ArticleContext(published, years)


def code_article(text: str, mentions: list[ActorMention], lex: EventLexicon, published: dt.date | None) -> CodedArticle:
    ctx = article_context(text, published)
    events: list[Event] = []
    statements: list[Statement] = []
    for a, b in split_sentences(text):
        tokens = tokenize(text, a, b)
        if not tokens:
            continue
        slots = slots_of(tokens, mentions)
        groups = actor_groups(slots, tokens)
        cue_hits = find_cues(tokens, lex)
        raw_statements = statements_of(text, tokens, groups, cue_hits, b)
        date = event_date(text, (a, b), ctx)
        for st in raw_statements:
            for code in st.speakers or (None,):
                statements.append(Statement(code, st.speaker_name, st.cue, st.content, date, st.cue_span))
        reported = claims(tokens, groups, [s.index for s in raw_statements])
        sentence = text[a:b]
        for hit in find_triggers(tokens, lex):
            if not _reports_event(hit, tokens, groups):
                continue
            barrier = max((c.start for c in reported if c.start <= hit.first and c.start > 0), default=0)
            source, target = assign_roles(hit, groups, tokens, barrier)
            if hit.trigger.ambiguous and not (source and target):
                continue
            if not source and not target and hit.trigger.pos == "noun" and not _has_light_context(hit, tokens):
                continue
            claimed: list[str] = []
            for c in reported:
                if c.start <= hit.first:
                    claimed += [s for s in c.speakers if s not in claimed]
            trig_a, trig_b = tokens[hit.first].start, tokens[hit.last].end
            events.append(
                Event(
                    type=hit.trigger.type,
                    source=tuple(source),
                    target=tuple(target),
                    date=date,
                    sentence=sentence,
                    trigger=text[trig_a:trig_b],
                    negated=is_negated(hit, tokens),
                    claimed_by=tuple(claimed),
                    location=_location(text, slots),
                    trigger_span=(trig_a, trig_b),
                    rule=f"{hit.trigger.type} {hit.trigger.pos} '{hit.trigger.pattern}' ({hit.trigger.line})",
                )
            )
    return CodedArticle(_dedupe(events), tuple(statements))


def _reports_event(hit: TriggerHit, tokens: list[Token], groups: list[list[Slot]]) -> bool:
    tok = tokens[hit.first]
    if hit.trigger.pos == "noun" and tok.stems[-1].endswith(_PARTICIPANT_ENDINGS) and tok.stems[-1].startswith("م"):
        return _has_light_context(hit, tokens)
    return True


def _has_light_context(hit: TriggerHit, tokens: list[Token]) -> bool:
    from rasad.coding.events import _TEMPORAL, LIGHT_VERB_FORMS

    k = hit.first
    for j in range(max(0, k - 3), k):
        t = tokens[j]
        if any(s in LIGHT_VERB_FORMS for s in t.stems[:3]) or t.folded.lstrip("وف") in _TEMPORAL:
            return True
    # "احتجاجا على": the accusative of purpose reports the act itself
    nxt = tokens[hit.last + 1].folded if hit.last + 1 < len(tokens) else ""
    return tok_accusative(tokens[k]) and nxt in ("علي", "ضد")


def tok_accusative(tok: Token) -> bool:
    return tok.folded.endswith("ا") and not tok.folded.endswith("ها")


def _location(text: str, slots: list[Slot]) -> str | None:
    for s in slots:
        if s.place:
            return text[s.start : s.end]
    return None


def _dedupe(events: list[Event]) -> tuple[Event, ...]:
    """One event per (type, source, target, sentence): a phrase and its verb do not count twice."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for e in events:
        key = (e.type, e.source, e.target, e.sentence, e.negated)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return tuple(out)

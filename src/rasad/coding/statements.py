"""Attributed statements: one per reporting cue that introduces content.

A cue (قال، أكد، أضاف ... in any person and tense; a participle such as "مؤكدا"; a
verbal noun such as "تأكيد"; an attribution such as "بحسب") yields a statement when
content follows it: a quotation («...», “...”, "...") or a clause opened by إن/أن
or a colon. The speaker is the actor right after the cue (verb-subject order), else
the nearest actor before it in the clause, else — for a participle — the previous
speaker of the sentence; a speaker the lexicon cannot code ("الخبراء") keeps its
words in `speaker_name` with `speaker: null`. A joint subject ("تقول كييف وواشنطن")
gives one statement per speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.coding.tokens import Slot, Token, clause_break
from rasad.lexicons.events import Cue, EventLexicon

_THAT = frozenset({"ان", "انه", "انها", "انهم", "انهما", "بان", "بانه", "بانها", "بانهم"})
_QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}
# Bare cue forms that are far more often something else (between, without, across, increased).
_HOMOGRAPHS = frozenset({"بين", "دون", "عبر", "زاد", "رد", "امل", "تابع", "سجل", "قدر", "علق", "لاحظ", "نقل", "حديث", "رواية", "كلمة", "منشور"})
_GENERIC_SPEAKERS = 3  # words of an uncoded speaker kept as its name


@dataclass(frozen=True, slots=True)
class CueHit:
    cue: Cue
    index: int  # token index


@dataclass(frozen=True, slots=True)
class RawStatement:
    speakers: tuple[str, ...]  # codes; empty when unresolvable
    speaker_name: str
    cue: str
    content: str
    index: int
    cue_span: tuple[int, int]


def find_cues(tokens: list[Token], lex: EventLexicon) -> list[CueHit]:
    hits: list[CueHit] = []
    for i, tok in enumerate(tokens):
        if tok.folded in _HOMOGRAPHS:
            continue
        for stem in tok.stems[:4]:
            cues = lex.cue_index.get(stem)
            if cues:
                cue = cues[0]
                if cue.words and not _follows(tokens, i, cue.words):
                    continue
                hits.append(CueHit(cue, i))
                break
    return hits


def _follows(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    return all(i + 1 + n < len(tokens) and w in tokens[i + 1 + n].stems for n, w in enumerate(words))


def _content(text: str, tokens: list[Token], i: int, sentence_end: int) -> str | None:
    """What follows cue token i: a quotation, an إن/أن clause or a colon, else None."""
    window = tokens[i + 1 : i + 14]
    pos = tokens[i].end
    limit = window[-1].end if window else sentence_end
    for open_q, close_q in _QUOTES.items():
        q = text.find(open_q, pos, limit)
        if q != -1:
            end = text.find(close_q, q + 1, sentence_end + 200)
            if end != -1:
                return text[q + 1 : end].strip()
    for t in window:
        if t.folded in _THAT or t.folded.lstrip("وف") in _THAT or t.prefix_before.strip().endswith(":"):
            start = t.end if t.folded.lstrip("وف") in _THAT else t.start
            return text[start:sentence_end].strip(" ،,:\"«»“”")
    return None


def statements_of(
    text: str,
    tokens: list[Token],
    groups: list[list[Slot]],
    cues: list[CueHit],
    sentence_end: int,
) -> list[RawStatement]:
    out: list[RawStatement] = []
    last_speakers: tuple[str, ...] = ()
    last_name = ""
    for hit in cues:
        i = hit.index
        content = _content(text, tokens, i, sentence_end)
        if content is None and not hit.cue.attribution:
            continue
        if content is None:
            content = text[tokens[i].start : sentence_end]
        speakers: tuple[str, ...] = ()
        name = ""
        after = [g for g in groups if g[0].first > i]
        before = [g for g in groups if g[-1].last < i]
        if after and after[0][0].first <= i + 2 and not clause_break(tokens, after[0][0].first):
            g = after[0]
            speakers = tuple(dict.fromkeys(s.code for s in g))
            name = text[g[0].start : g[-1].end]
        elif hit.cue.pos == "participle" and last_name:
            speakers, name = last_speakers, last_name
        elif before and not any(clause_break(tokens, k) for k in range(before[-1][-1].last + 1, i + 1)):
            g = before[-1]
            speakers = tuple(dict.fromkeys(s.code for s in g))
            name = text[g[0].start : g[-1].end]
        else:
            words = []
            for t in tokens[i + 1 : i + 1 + _GENERIC_SPEAKERS]:
                if t.folded in _THAT or t.folded.lstrip("وف") in _THAT or clause_break(tokens, tokens.index(t)):
                    break
                words.append(t.text)
            name = " ".join(words)
        last_speakers, last_name = speakers, name
        out.append(
            RawStatement(speakers, name, tokens[i].text, content, i, (tokens[i].start, tokens[i].end))
        )
    return out

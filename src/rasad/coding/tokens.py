"""Tokens of a sentence with their proclitic-stripped candidate stems, and actor slots.

Shared by the event and statement coders: each token keeps its offsets into the
article text, its folded form (ta marbuta kept) and the stems a lexicon lookup tries
after removing و ف, then ب ل ك س, then the article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from rasad.arabic import fold_keep_ta
from rasad.coding.actors import ActorMention

_TOKEN_SPLIT = re.compile(r"([\w\u0640\u064b-\u065f\u0670]+)")  # separators and tokens, alternating
BOUNDARY_PUNCT = frozenset("،,؛;:.!؟?")


# Not frozen (but hashable, and never changed once made): a frozen dataclass sets each
# field through object.__setattr__, which makes building one several times slower, and
# tokens are built for every word of every sentence.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    start: int
    end: int
    text: str
    folded: str
    stems: tuple[str, ...]  # candidates for lookup, longest first
    prefix_before: str  # punctuation between the previous token and this one
    verb_stems: tuple[str, ...] = ()  # candidates a verb may take: after و ف, then س or ل


def stems_of(folded: str) -> tuple[str, ...]:
    """'وبالاحتجاجات' -> ('وبالاحتجاجات', 'بالاحتجاجات', 'الاحتجاجات', 'احتجاجات')."""
    out = [folded]
    frontier = [folded]
    for group in (("و", "ف"), ("ب", "ل", "ك", "س")):
        nxt = []
        for f in frontier:
            for p in group:
                if f.startswith(p) and len(f) - len(p) >= 2:
                    nxt.append(f[len(p):])
        out += nxt
        frontier = frontier + nxt
    for f in list(out):
        if (f.startswith("ال") and len(f) > 3) or (f.startswith("لل") and len(f) > 3):
            out.append(f[2:])
    seen: set[str] = set()
    uniq = []
    for f in out:
        if f not in seen:
            seen.add(f)
            uniq.append(f)
    return tuple(uniq)


def verb_stems_of(folded: str) -> tuple[str, ...]:
    """A verb takes only و ف, then the future س or the ل of purpose: never ب or the article
    (so "بايدن" is not ب + أيدن)."""
    out = [folded]
    for p in ("و", "ف"):
        if folded.startswith(p) and len(folded) > 3:
            out.append(folded[1:])
    for f in list(out):
        for p in ("س", "ل"):
            if f.startswith(p) and len(f) > 3:
                out.append(f[1:])
    return tuple(dict.fromkeys(out))


def tokenize(
    text: str, start: int, end: int, memo: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] | None = None
) -> list[Token]:
    """Tokens of text[start:end]. `memo` (word -> folded form and stems) may be shared
    between calls: news vocabulary repeats, and the stems of a word never change."""
    memo = {} if memo is None else memo
    # One split in C gives [separator, token, separator, token, ..., separator]: the
    # offsets are the running sums of the lengths, and every list below is built in C
    # but for the words not seen before.
    parts = _TOKEN_SPLIT.split(text[start:end])
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=start))
    known = list(map(memo.get, words))
    if None in known:
        for n, word in enumerate(words):
            if known[n] is None:
                entry = memo.get(word)  # (a word twice in the sentence)
                if entry is None:
                    folded = fold_keep_ta(word)
                    entry = (folded, stems_of(folded), verb_stems_of(folded))
                    if len(memo) < 200_000:
                        memo[word] = entry
                known[n] = entry
    folded_stems_verbs = list(zip(*known, strict=True)) or [(), (), ()]
    return list(
        map(Token, offsets[1::2], offsets[2::2], words, *folded_stems_verbs[:2], parts[0:-1:2], folded_stems_verbs[2])
    )


@dataclass(slots=True, unsafe_hash=True)  # (not frozen, as Token)
class Slot:
    """An actor mention inside a sentence, by token index (first, last inclusive)."""

    code: str
    first: int
    last: int
    start: int
    end: int
    place: bool
    named: bool = False  # a name (person, organisation, country): its words are not triggers
    proper_name: bool = False  # a person, group, party, organisation or state: its gender is not in its letters


def slots_of(tokens: list[Token], mentions: list[ActorMention]) -> list[Slot]:
    out: list[Slot] = []
    if not tokens:
        return out
    a, b = tokens[0].start, tokens[-1].end
    starts: list[int] | None = None
    ends: list[int] = []
    for m in mentions:
        if m.end <= a or m.start >= b:
            continue
        if starts is None:
            starts = [t.start for t in tokens]
            ends = [t.end for t in tokens]
        # tokens are in order and do not overlap: those overlapping the mention are the
        # run from the first that ends after its start to the last that starts before its end
        first = bisect.bisect_right(ends, m.start)
        last = bisect.bisect_left(starts, m.end) - 1
        if first <= last:
            named = m.entry is not None and m.entry.kind in ("person", "org", "group", "party", "institution", "country", "capital")
            proper = m.entry is not None and m.entry.kind in ("person", "group", "party", "org", "country", "capital")
            out.append(Slot(m.code, first, last, m.start, m.end, m.place, named, proper))
    out.sort(key=lambda s: (s.first, s.last))
    return out


def clause_break(tokens: list[Token], i: int) -> bool:
    """True when punctuation separates token i from token i - 1."""
    return not BOUNDARY_PUNCT.isdisjoint(tokens[i].prefix_before)

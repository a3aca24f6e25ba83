"""Event triggers (PLOVER types) and statement cues, with the inflected forms they take.

Files (rasad/resources/events/, format in docs/lexicons.md):
  triggers.tsv   type  pos  pattern  note     (pos: verb | noun | phrase)
  cues.tsv       pos  pattern  note           (pos: verb | participle | noun)

A verb pattern is "PAST|PRESENT" in the third person masculine singular; its other
persons, numbers and genders and its object pronouns are generated (a light stemmer
in reverse: the forms are listed once here, so matching is one dictionary lookup per
token after its proclitics are stripped). Forms are folded with ta marbuta kept (rasad.arabic.fold_keep_ta), so a pronoun ه
never matches the ة of a noun. A noun also matches with its plural in ات,
its construct form before a pronoun (زيارة -> زيارته) and its accusative alef.
A phrase's first word inflects; the others must follow within a few words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rasad.arabic import fold_keep_ta as fold
from rasad.lexicons.tsv import LexiconError, check_form, read_rows, resource_digest

PACKAGE = "rasad.resources.events"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
TRIGGER_HEADER = ("type", "pos", "pattern", "note")
CUE_HEADER = ("pos", "pattern", "note")

_PAST_SUFFIXES = ("", "ت", "ا", "وا", "تا", "ن", "نا", "تم", "تما", "تن", "و")
_PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
_PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "ن", "وا", "ا", "و")
_OBJECT_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "كم", "نا", "ني", "ك")
_NOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن", "كم", "نا")  # not ي: "متظاهري" is a construct plural


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger row: the event type, how it is written, and its words (folded)."""

    type: str
    pos: str  # verb | noun | phrase
    pattern: str
    words: tuple[str, ...]  # folded words after the first one (phrases)
    head_is_verb: bool
    ambiguous: bool
    line: str  # file:line, shown by `rasad code`
    participant: bool = False  # names the people who act ("متظاهرون"), not the act
    negated: bool = False  # reports its event only under a negator: "لن يتردد في الرد" is a threat


@dataclass(frozen=True, slots=True)
class Cue:
    pos: str  # verb | participle | noun
    pattern: str
    attribution: bool  # "بحسب", "نقلا عن": marks a claim, introduces no quote of its own
    words: tuple[str, ...]


# Every ending of a past form, and every (prefix, ending) of a present one: built once,
# so a verb's forms are two comprehensions (loading the lexicon builds some 900 verbs).
_PAST_ENDINGS = tuple(dict.fromkeys(s + o for s in _PAST_SUFFIXES for o in _OBJECT_SUFFIXES))
_PRESENT_ENDINGS = tuple(dict.fromkeys(s + o for s in _PRESENT_SUFFIXES for o in _OBJECT_SUFFIXES))


def verb_forms(past: str, present: str) -> set[str]:
    """Folded surface forms of a verb from its 3ms past and present."""
    out: set[str] = set()
    past, present = fold(past), fold(present)
    if past:
        out.update([past + e for e in _PAST_ENDINGS])
    if present and present[0] in "يت":
        stem = present[1:]
        for p in _PRESENT_PREFIXES:
            head = p + stem
            out.update([head + e for e in _PRESENT_ENDINGS])
    if len(past) < 2 or len(present) < 2:
        return {f for f in out if len(f) >= 2}
    return out  # (every form is at least as long as its past or present)


def noun_forms(noun: str) -> set[str]:
    n = fold(noun)
    out = {n, n + "ا"}
    if n.endswith("ة"):  # ta marbuta
        base = n[:-1]
        out |= {base + "ات", base + "تين", base + "تان"}
        out |= {base + "ت" + s for s in _NOUN_SUFFIXES}
        out |= {base + "ات" + s for s in _NOUN_SUFFIXES}
    else:
        out |= {n + s for s in _NOUN_SUFFIXES}
        if n.endswith("ات"):
            out |= {n + s for s in _NOUN_SUFFIXES}
    return out


class StemTest(dict[tuple[str, ...], bool]):
    """A token's stems -> whether one of its first `first` stems is a key of `index`
    (remembered: the coders ask for every word of every sentence, and the tuple of a
    word's stems is the same object each time, from the tokeniser's memo)."""

    def __init__(self, index: dict[str, list[Trigger]] | dict[str, list[Cue]], first: int | None = None):
        super().__init__()
        self._keys = index.keys()
        self._first = first

    def __missing__(self, stems: tuple[str, ...]) -> bool:
        found = not self._keys.isdisjoint(stems[: self._first])
        if len(self) < 200_000:
            self[stems] = found
        return found


def _split_head(pattern: str) -> tuple[str, str | None, tuple[str, ...]]:
    """'شن|يشن هجوم' -> ('شن', 'يشن', ('هجوم',)); 'وقف إطلاق النار' -> ('وقف', None, (...))."""
    words = pattern.split(" ")
    head = words[0]
    if "|" in head:
        past, present = head.split("|", 1)
        return past, present, tuple(fold(w) for w in words[1:])
    return head, None, tuple(fold(w) for w in words[1:])


class EventLexicon:
    """Triggers and cues, indexed by the folded surface forms of their first word."""

    def __init__(self, triggers: list[Trigger], cues: list[Cue], version: str):
        self.triggers = triggers
        self.cues = cues
        self.version = version
        self.trigger_index: dict[str, list[Trigger]] = defaultdict(list)
        self.cue_index: dict[str, list[Cue]] = defaultdict(list)
        # Rows that share a head word share its forms: the forms of each head are made
        # once and point to one list of its rows (read-only, like the whole index); a
        # form of several heads gets their rows merged in file order.
        rows_of: dict[str, list[Trigger]] = {}
        for t in triggers:
            rows_of.setdefault(t.pattern.split(" ", 1)[0], []).append(t)
        position = {id(t): n for n, t in enumerate(triggers)}
        for head, rows in rows_of.items():
            for form in self._head_forms(head, ""):
                have = self.trigger_index.get(form)
                if have is None:
                    self.trigger_index[form] = rows
                else:
                    self.trigger_index[form] = sorted(have + rows, key=lambda t: position[id(t)])
        # Stems -> whether a trigger / a cue (of the first four stems) has one of them.
        self.trigger_stem = StemTest(self.trigger_index)
        self.cue_stem = StemTest(self.cue_index, 4)
        # Word -> (folded, stems, verb stems): filled by coding.tokens.tokenize as it goes.
        self.token_memo: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
        # The row a crowd gathering is coded with ("تجمع مئات ...": a demonstration).
        self.demonstrate: Trigger | None = next(
            (t for t in triggers if t.type == "PROTEST" and t.pos == "verb" and t.pattern.startswith("تظاهر|")), None
        )
        for c in cues:
            forms = self._head_forms(c.pattern, "phrase" if c.words else c.pos)
            if c.pos == "participle":
                forms = {fold(c.pattern.split(" ")[0])}
            for form in forms:
                self.cue_index[form].append(c)

    @staticmethod
    def _head_forms(pattern: str, pos: str) -> set[str]:
        past, present, _ = _split_head(pattern)
        if present is not None:
            return verb_forms(past, present)
        return noun_forms(past)

    @classmethod
    def load(cls) -> EventLexicon:
        triggers: list[Trigger] = []
        seen: set[tuple[str, str, str]] = set()
        for r in read_rows(PACKAGE, "triggers.tsv", TRIGGER_HEADER):
            f = r.fields
            if f["type"] not in PLOVER_TYPES:
                raise LexiconError(f"{r.where()}: unknown PLOVER type {f['type']!r}")
            if f["pos"] not in ("verb", "noun", "phrase"):
                raise LexiconError(f"{r.where()}: pos must be verb, noun or phrase")
            pattern = f["pattern"]
            for word in pattern.replace("|", " ").split(" "):
                if word:
                    check_form(r, word)
            if f["pos"] == "verb" and pattern.count("|") != 1:
                raise LexiconError(f"{r.where()}: a verb pattern is PAST|PRESENT")
            key = (f["type"], f["pos"], pattern)
            if key in seen:
                raise LexiconError(f"{r.where()}: duplicate trigger {pattern!r}")
            seen.add(key)
            _past, present, rest = _split_head(pattern)
            triggers.append(
                Trigger(
                    type=f["type"], pos=f["pos"], pattern=pattern, words=rest,
                    head_is_verb=present is not None, ambiguous="ambiguous" in f["note"].lower(),
                    line=r.where(), participant="participant" in f["note"].lower(),
                    negated=f["note"].lower().endswith("; negated"),
                )
            )
        cues: list[Cue] = []
        for r in read_rows(PACKAGE, "cues.tsv", CUE_HEADER):
            f = r.fields
            if f["pos"] not in ("verb", "participle", "noun"):
                raise LexiconError(f"{r.where()}: pos must be verb, participle or noun")
            for word in f["pattern"].replace("|", " ").split(" "):
                if word:
                    check_form(r, word)
            _, _, rest = _split_head(f["pattern"])
            cues.append(Cue(f["pos"], f["pattern"], "attribution" in f["note"].lower(), rest))
        return cls(triggers, cues, resource_digest(PACKAGE, ["triggers.tsv", "cues.tsv"]))

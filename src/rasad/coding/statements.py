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

from dataclasses import dataclass, field

from rasad.coding.events import ORG_HEADS, _article_not_verb, _folded
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
    names: tuple[str, ...] = ()  # the words naming each speaker, in the order of `speakers`


def find_cues(tokens: list[Token], lex: EventLexicon, named: set[int] | None = None) -> list[CueHit]:
    """Reporting cues of a sentence; words of a name ("روته", "كارين") are not cues, and a
    verb takes no article or preposition ("الحذر" is not حذر)."""
    hits: list[CueHit] = []
    named = named or set()
    index = lex.cue_index
    has_form = lex.cue_stem  # (most words have no cue form among their first four stems)
    for i in [i for i, tok in enumerate(tokens) if has_form[tok.stems]]:
        tok = tokens[i]
        if tok.folded in _HOMOGRAPHS or i in named:
            continue
        for stem in tok.stems[:4]:
            if stem not in index:
                continue  # (most words: no cue to filter)
            cues = [
                c for c in index[stem]
                if c.pos != "verb" or (stem in tok.verb_stems and not _article_not_verb(tok, c.pattern))
            ]
            cues = [c for c in cues if not c.words or _follows(tokens, i, c.words)]
            if cues:
                # "نقلا عن" (attribution) over the verb نقل + ا: the longest pattern wins
                cue = max(cues, key=lambda c: len(c.words))
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
            # a quoted word or two is a name or a scare quote («إسرائيلياً»), not speech
            if end != -1 and len(text[q + 1 : end].split()) >= 3:
                return text[q + 1 : end].strip()
    for t in window:
        if t.folded in _THAT or t.folded.lstrip("وف") in _THAT or t.prefix_before.strip().endswith(":"):
            start = t.end if t.folded.lstrip("وف") in _THAT else t.start
            return text[start:sentence_end].strip(" ،,:\"«»“”")
    return None


@dataclass
class SpeakerMemory:
    """The last speaker named in the article: "وقال في كلمة ..." with no subject is still
    them (Arabic drops a pronoun subject)."""

    speakers: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    # "المجلس" -> the body named before as "المجلس الأعلى لـ ...": a later bare "المجلس"
    heads: dict[str, list[str]] = field(default_factory=dict)


def _group_speakers(text: str, g: list[Slot]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Codes and the words naming each: "تقول كييف وواشنطن" -> (UKRGOV, USAGOV), (كييف, واشنطن)."""
    codes: list[str] = []
    names: list[str] = []
    for s in g:
        if s.code in codes:
            i = codes.index(s.code)
            names[i] = text[_start_of(g, s.code) : s.end]
            continue
        codes.append(s.code)
        names.append(text[s.start : s.end])
    return tuple(codes), tuple(names)


def _start_of(g: list[Slot], code: str) -> int:
    return next(s.start for s in g if s.code == code)


def statements_of(
    text: str,
    tokens: list[Token],
    groups: list[list[Slot]],
    cues: list[CueHit],
    sentence_end: int,
    memory: SpeakerMemory | None = None,
) -> list[RawStatement]:
    memory = memory if memory is not None else SpeakerMemory()
    out: list[RawStatement] = []
    verb_cues = [h.index for h in cues if h.cue.pos == "verb"]
    for hit in cues:
        i = hit.index
        if hit.cue.pos == "noun" and not hit.cue.attribution and any(0 < i - v <= 6 or 0 < v - i <= 3 for v in verb_cues):
            continue  # "قال في بيان إن", "التقديرات تشير إلى": the noun goes with the verb's statement
        if _impersonal_or_relative(tokens, i):
            continue
        content = _content(text, tokens, i, sentence_end)
        if content is None and hit.cue.pos == "verb" and _pp_complement(tokens, i):
            # "حذر ... من مخاطر", "دعا ... إلى": the prepositional complement is what was said
            content = text[tokens[i + 1].start : sentence_end].strip()
        if content is None and hit.cue.pos == "verb" and _affirms_object(tokens, groups, i):
            # "أكدت الأمم المتحدة التزامها ...": a named speaker and what it affirmed
            content = text[tokens[i + 1].start : sentence_end].strip()
        if content is None and not hit.cue.attribution:
            continue
        if content is None:
            content = text[tokens[i].start : sentence_end]
        speakers: tuple[str, ...] = ()
        names: tuple[str, ...] = ()
        name = ""
        after = [g for g in groups if g[0].first > i]
        before = [g for g in groups if g[-1].last < i]
        if after and _speaker_after(tokens, i, after[0][0].first):
            speakers, names = _group_speakers(text, after[0])
        elif i + 1 < len(tokens) and tokens[i + 1].folded.lstrip("وف") in memory.heads and not after_at(groups, i + 1):
            # "وذكرت الهيئة": the body named before with this head
            speakers = tuple(memory.heads[tokens[i + 1].folded.lstrip("وف")])
            names = (tokens[i + 1].text,) * len(speakers)
        elif hit.cue.pos == "participle" and memory.speakers:
            speakers, names = memory.speakers, memory.names
        elif before and _speaker_before(tokens, before[-1][-1].last, i):
            speakers, names = _group_speakers(text, before[-1])
        elif hit.cue.attribution:
            continue  # "نقلا عن تقارير": a claim with no one to name is no statement
        elif _pronoun_subject(tokens, i) and memory.speakers:
            speakers, names = memory.speakers, memory.names
        else:
            words = []
            for t in tokens[i + 1 : i + 1 + _GENERIC_SPEAKERS]:
                if t.folded in _THAT or t.folded.lstrip("وف") in _THAT or clause_break(tokens, tokens.index(t)):
                    break
                words.append(t.text)
            name = " ".join(words)
        if speakers:
            memory.speakers, memory.names = speakers, names
            name = " و".join(names) if len(names) > 1 else names[0]
        out.append(
            RawStatement(speakers, name, tokens[i].text, content, i, (tokens[i].start, tokens[i].end), names)
        )
    return out


# Cues whose content is a prepositional phrase rather than a clause: حذر من، دعا إلى،
# طالب ب، دان / ندد ب، أشاد ب، رحب ب.
_PP_CUES = ("حذر", "دعا", "دع", "طالب", "دان", "ادان", "ندد", "اشاد", "رحب", "ناشد", "حث")
_PP_WORDS = frozenset({"من", "الي", "ب", "علي"})


def _pp_complement(tokens: list[Token], i: int) -> bool:
    stem = tokens[i].verb_stems[-1] if tokens[i].verb_stems else tokens[i].folded
    if not stem.startswith(_PP_CUES):
        return False
    for j in range(i + 1, min(len(tokens), i + 25)):
        t = tokens[j]
        if t.folded in _PP_WORDS or t.folded.startswith(("بال", "لل")):
            return True
    return False


# Words that head a speaker phrase before the actor it speaks for: "ناطق باسم الجيش",
# "مصدر في وزارة الدفاع", "متحدث عسكري".
_SPEAKER_HEADS = _folded(
    {"ناطق", "الناطق", "متحدث", "المتحدث", "متحدثة", "المتحدثة", "مصدر", "المصدر", "مصادر", "المصادر",
     "مسؤول", "المسؤول", "باسم", "في", "من", "رسمي", "الرسمي", "مطلع", "عسكري", "امني", "دبلوماسي"}
)


def _speaker_after(tokens: list[Token], cue: int, first: int) -> bool:
    """The actor at token `first` is the cue's subject: right after it, or after a
    speaker phrase ("وقال ناطق باسم جيش الاحتلال")."""
    if first <= cue or first - cue > 5:
        return False
    if any(clause_break(tokens, k) for k in range(cue + 1, first + 1)):
        return False
    between = [t.folded.lstrip("وف") for t in tokens[cue + 1 : first]]
    # "وقال مكتب الناطق الرسمي للقوات المسلحة", "حذر المجلس الأعلى للحراك الجنوبي"
    return len(between) <= 1 or all(w in _SPEAKER_HEADS or w in ORG_HEADS for w in between)


def after_at(groups: list[list[Slot]], i: int) -> bool:
    """An actor group covers token i."""
    return any(g[0].first <= i <= g[-1].last for g in groups)


def _speaker_before(tokens: list[Token], last: int, cue: int) -> bool:
    """An actor before the cue is its subject when nothing but a comma separates them
    ("فإن مدبولي، أكد") or they are in one clause."""
    breaks = [k for k in range(last + 1, cue + 1) if clause_break(tokens, k)]
    if not breaks:
        return True
    return cue == last + 1 and tokens[cue].prefix_before.strip() in ("،", ",")


# Cues whose object may be a verbal noun rather than a clause: أكد التزامه، أعلن رفضه.
_OBJECT_CUES = ("اكد", "اعلن", "جدد", "ابدي", "اعرب", "نفي", "نف", "اعلنت", "اكدت")


def _affirms_object(tokens: list[Token], groups: list[list[Slot]], i: int) -> bool:
    """The cue is followed at once by a named speaker, then by at least three more words."""
    stem = tokens[i].verb_stems[-1] if tokens[i].verb_stems else tokens[i].folded
    if not stem.startswith(_OBJECT_CUES):
        return False
    after = [g for g in groups if g[0].first == i + 1]
    return bool(after) and len(tokens) - after[0][-1].last > 3


def _impersonal_or_relative(tokens: list[Token], i: int) -> bool:
    """"يذكر أن", "يشار إلى": the outlet's own aside; "ما وصفه", "التي لا تقدر": a cue
    inside a relative clause. Neither is someone's statement."""
    word = tokens[i].folded.lstrip("وف")
    nxt = tokens[i + 1].folded if i + 1 < len(tokens) else ""
    if word in ("يذكر", "يشار", "يقال", "يذكران") and nxt in ("ان", "الي", "انه", "انها"):
        return True
    prev = tokens[i - 1].folded.lstrip("وف") if i > 0 else ""
    return prev in ("ما", "مما", "التي", "الذي", "الذين", "لا") and not _THAT.intersection({nxt})


def _pronoun_subject(tokens: list[Token], i: int) -> bool:
    """The cue's subject is a dropped pronoun: nothing nameable follows before the content."""
    nxt = tokens[i + 1].folded.lstrip("وف") if i + 1 < len(tokens) else ""
    if i + 1 < len(tokens) and any(q in tokens[i + 1].prefix_before for q in ("«", "“", '"', ":")):
        return True  # "وأضاف: «...»", "أضاف “...”": the words follow at once, the speaker is the one before
    return nxt in _THAT or nxt in ("في", "خلال", "امام", "الي", "ل", "لل") or nxt.startswith(("لل", "ل")) or i + 1 >= len(tokens)

"""PLOVER event coding of one sentence: trigger, source, target, negation, claim, date, place.

Rules (docs/coding.md has the full list with examples):
- Trigger: a token whose proclitic-stripped stem is an inflected trigger form; a
  phrase also needs its other words within a window after it. The longest phrase
  wins; a non-ambiguous row beats an ambiguous one.
- Verb trigger: the source is the subject right after it (verb-subject-object order)
  or else the nearest actor before it in the clause (subject-first order); the target
  is the next actor after it, a direct object or after على ضد مع إلى ل بحق تجاه.
- Noun trigger: the source is the genitive or adjective actor right after it ("زيارة
  بوتين", "الهجوم الروسي", "غزو موسكو"), else the clause's subject; the target comes
  after a preposition. A bare noun with no actor and no light verb ("شن", "اندلعت")
  names no particular event and is skipped.
- Coordinated subjects of a symmetric type (AGREE CONSULT COOPERATE) with no target
  become source and target: "تقاربت روسيا وكوريا الشمالية" RUS -> PRK.
- An ambiguous trigger needs both a source and a target.
- Negation: a negator just before the trigger (لم لن لا ما ليس غير عدم دون), or a
  denial (نفى، عدم صحة) earlier in the sentence.
- Claim: a trigger inside reported speech (after a cue and إن/أن, or in a sentence
  with بحسب / نقلا عن) is claimed by the speaker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rasad.arabic import fold
from rasad.coding.tokens import Slot, Token, clause_break
from rasad.dates import find_absolute, find_relative, resolve_relative
from rasad.lexicons.events import EventLexicon, Trigger, verb_forms

SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
NEGATORS = frozenset({"لم", "لن", "لا", "ما", "ليس", "ليست", "غير", "عدم", "دون", "بدون", "لما", "يعد", "تعد"})
TARGET_PREPS = frozenset({"علي", "ضد", "مع", "الي", "بحق", "تجاه", "حيال", "ازاء", "نحو", "لدي", "عن", "من"})
# Words after which a noun trigger reports a particular event ("شن هجوما", "اندلعت
# احتجاجات", "خلال زيارة", "بعد اعتقال").
_LIGHT_VERBS = (
    "شن|يشن نفذ|ينفذ اندلع|يندلع خرج|يخرج شهد|يشهد نظم|ينظم انطلق|ينطلق تواصل|يتواصل عم|يعم "
    "جري|يجري وقع|يقع اجري|يجري عقد|يعقد قام|يقوم بدا|يبدا استمر|يستمر تجدد|يتجدد اجتاح|يجتاح "
    "شارك|يشارك تعرض|يتعرض اعلن|يعلن اكد|يؤكد واصل|يواصل صعد|يصعد تصاعد|يتصاعد تم|يتم تمت|تتم "
    "فرض|يفرض اصدر|يصدر قدم|يقدم ارسل|يرسل استانف|يستانف اختتم|يختتم تظاهر|يتظاهر مضي|يمضي"
)
_TEMPORAL = frozenset({"بعد", "اثر", "عقب", "خلال", "منذ", "قبل", "اثناء", "اعقاب", "بدء", "اطار", "ظل"})
_ATTRIBUTION = frozenset({"حسب", "بحسب", "وفق", "وفقا", "طبقا"})
_THAT = frozenset({"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "لان"})
_DENIAL = ("نفي|ينفي", "نف|", "كذب|يكذب")
_DENIAL_NOUNS = frozenset({"نفي", "صحه", "صحة"})
_QUANTITY = frozenset({"الاف", "آلاف", "مئات", "عشرات", "ملايين", "الف", "مئه", "مئة", "نحو", "حوالي", "حوالى", "اكثر", "من"})


def _verb_set(spec: str) -> frozenset[str]:
    out: set[str] = set()
    for pair in spec.split():
        past, present = pair.split("|")
        out |= verb_forms(past, present)
    return frozenset(out)


LIGHT_VERB_FORMS = _verb_set(_LIGHT_VERBS)
DENIAL_FORMS = _verb_set(" ".join(_DENIAL))


@dataclass(frozen=True, slots=True)
class TriggerHit:
    trigger: Trigger
    first: int  # token index of the head
    last: int  # token index of the last phrase word


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What dates in one sentence may be resolved against."""

    published: dt.date | None
    years: tuple[tuple[int, int], ...] = ()  # (offset in text, year) of every year stated


@dataclass
class Claim:
    """Reported speech in a sentence: from which token on, and who says it."""

    start: int
    speakers: list[str] = field(default_factory=list)


def find_triggers(tokens: list[Token], lex: EventLexicon) -> list[TriggerHit]:
    hits: list[TriggerHit] = []
    for i, tok in enumerate(tokens):
        best: TriggerHit | None = None
        for stem in tok.stems:
            for trig in lex.trigger_index.get(stem, ()):
                last = _phrase_end(tokens, i, trig)
                if last is None:
                    continue
                hit = TriggerHit(trig, i, last)
                if best is None or _better(hit, best):
                    best = hit
            if best is not None:
                break  # the longest stem that matches decides
        if best is not None:
            hits.append(best)
    # A token inside an earlier phrase is not a trigger of its own.
    out: list[TriggerHit] = []
    covered: set[int] = set()
    for h in sorted(hits, key=lambda h: (-(len(h.trigger.words)), h.first)):
        span = set(range(h.first, h.last + 1))
        words = {h.first} | {j for j in span if _is_phrase_word(tokens[j], h.trigger)}
        if words & covered:
            continue
        covered |= words
        out.append(h)
    return sorted(out, key=lambda h: h.first)


def _is_phrase_word(tok: Token, trig: Trigger) -> bool:
    return any(_word_matches(tok, w) for w in trig.words)


def _better(a: TriggerHit, b: TriggerHit) -> bool:
    ka = (len(a.trigger.words), not a.trigger.ambiguous, a.trigger.pos != "noun")
    kb = (len(b.trigger.words), not b.trigger.ambiguous, b.trigger.pos != "noun")
    return ka > kb


def _word_matches(tok: Token, word: str) -> bool:
    for stem in tok.stems:
        if stem == word or stem == word + "ا" or (word.endswith("ة") and stem.startswith(word[:-1] + "ت")):
            return True
        if stem.startswith(word) and len(stem) - len(word) <= 3 and stem[len(word):] in ("ه", "ها", "هم", "هما", "ات", "اتها", "اتهم"):
            return True
    return False


def _phrase_end(tokens: list[Token], i: int, trig: Trigger) -> int | None:
    """Index of the last phrase word when all follow token i in order, else None."""
    if not trig.words:
        return i
    window = 8 if trig.head_is_verb else 3
    j = i
    for w in trig.words:
        found = None
        for k in range(j + 1, min(len(tokens), j + 1 + window)):
            if k > i + 1 and clause_break(tokens, k) and not trig.head_is_verb:
                break
            if _word_matches(tokens[k], w):
                found = k
                break
        if found is None:
            return None
        j = found
        window = 3  # later words follow closely
    return j


# ---------------------------------------------------------------------------
# roles


def _groups(slots: list[Slot], tokens: list[Token]) -> list[list[Slot]]:
    """Actor slots joined into groups: apposition ("وزير الدفاع الروسي أندريه بيلوسوف")
    and coordination with و ("روسيا وكوريا الشمالية")."""
    groups: list[list[Slot]] = []
    for s in slots:
        if s.place:
            continue
        if groups:
            prev = groups[-1][-1]
            adjacent = s.first <= prev.last + 1 and not clause_break(tokens, s.first)
            if adjacent:
                groups[-1].append(s)
                continue
        groups.append([s])
    return groups


def _codes(group: list[Slot]) -> list[str]:
    out: list[str] = []
    for s in group:
        if s.code not in out:
            out.append(s.code)
    return out


def _prep(group: list[Slot], tokens: list[Token]) -> str:
    """The preposition that governs a group: fused ("لأوكرانيا" -> "ل") or the word before."""
    s = group[0]
    tok = tokens[s.first]
    fused = fold(tok.text[: max(0, s.start - tok.start)])
    fused = fused.lstrip("وف")
    if fused.startswith(("ب", "ل", "ك")):
        return fused[0]
    if s.first > 0:
        prev = tokens[s.first - 1].stems[-1] if tokens[s.first - 1].folded.startswith(("و", "ف")) else tokens[s.first - 1].folded
        prev = prev.replace("ى", "ي")
        if prev in TARGET_PREPS or prev in ("في", "بين", "قبل"):
            return prev
    return ""


def _in_clause(tokens: list[Token], a: int, b: int) -> bool:
    """No clause break between token indexes a < b."""
    return not any(clause_break(tokens, k) for k in range(a + 1, b + 1))


def assign_roles(hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token], barrier: int) -> tuple[list[str], list[str]]:
    """(source codes, target codes) of a trigger. `barrier`: token where the clause of the
    trigger starts (after a cue's إن/أن), subjects are not sought before it."""
    k, kk = hit.first, hit.last
    before = [g for g in groups if g[-1].last < k and g[0].first >= barrier]
    inside = [g for g in groups if k < g[0].first < kk]  # VSO subject inside a phrase
    after = [g for g in groups if g[0].first > kk]
    source: list[str] = []
    target: list[str] = []
    rest = after
    if hit.trigger.pos == "noun" or (hit.trigger.pos == "phrase" and not hit.trigger.head_is_verb):
        first_after = after[0] if after else None
        if first_after is not None and first_after[0].first <= kk + 2 and _prep(first_after, tokens) in ("", "ل"):
            source = _codes(first_after)
            rest = after[1:]
        elif before and _in_clause(tokens, before[-1][-1].last, k) and k - before[-1][-1].last <= 6:
            source = _codes(before[-1])
    else:
        cand = inside[:1] or [g for g in after if g[0].first <= kk + 3 and _prep(g, tokens) == ""][:1]
        if cand and _in_clause(tokens, k, cand[0][0].first):
            source = _codes(cand[0])
            rest = [g for g in after if g[0].first > cand[0][-1].last]
        elif before and _in_clause(tokens, before[-1][-1].last, k):
            source = _codes(before[-1])
    for g in rest:
        if g[0].first - kk > 10 or not _in_clause(tokens, kk, g[0].first):
            break
        p = _prep(g, tokens)
        if p in ("في", "بين", "قبل", "ب", "ك"):
            continue
        target = [c for c in _codes(g) if c not in source]
        if target:
            break
    if hit.trigger.type in SYMMETRIC and not target and len(source) > 1:
        source, target = source[:1], source[1:]
    return source, target


# ---------------------------------------------------------------------------
# negation, claims, dates


def is_negated(hit: TriggerHit, tokens: list[Token]) -> bool:
    k = hit.first
    for j in range(max(0, k - 2), k):
        if tokens[j].folded.lstrip("وف") in NEGATORS or tokens[j].folded in NEGATORS:
            return True
    for j in range(0, k):
        t = tokens[j]
        if any(stem in DENIAL_FORMS for stem in t.stems[:3]):
            return True
        if t.folded in ("صحة", "صحه") and j > 0 and tokens[j - 1].folded.lstrip("وف") in ("عدم", "لا"):
            return True
    return False


def claims(tokens: list[Token], groups: list[list[Slot]], cue_tokens: list[int]) -> list[Claim]:
    """Reported-speech regions of a sentence, with their speakers."""
    out: list[Claim] = []
    for c in cue_tokens:
        speakers: list[str] = []
        after = [g for g in groups if g[0].first > c]
        before = [g for g in groups if g[-1].last < c]
        if after and after[0][0].first <= c + 2:
            speakers = _codes(after[0])
        elif before and _in_clause(tokens, before[-1][-1].last, c):
            speakers = _codes(before[-1])
        # the reported clause starts at the first إن/أن after the cue
        start = c + 1
        for j in range(c + 1, min(len(tokens), c + 12)):
            if tokens[j].folded in _THAT or tokens[j].folded.lstrip("وف") in _THAT:
                start = j + 1
                break
        out.append(Claim(start, speakers))
    for j, t in enumerate(tokens):
        if t.folded in _ATTRIBUTION or t.folded.lstrip("وف") in _ATTRIBUTION or (t.folded == "نقلا" and j + 1 < len(tokens)):
            after = [g for g in groups if g[0].first > j]
            speakers = _codes(after[0]) if after and after[0][0].first <= j + 3 else []
            out.append(Claim(0, speakers))
    return out


def event_date(text: str, sentence: tuple[int, int], ctx: ArticleContext) -> str | None:
    """The date a sentence gives its events, at the precision the text allows."""
    a, b = sentence
    folded = fold(text[a:b])
    for d in find_absolute(folded):
        if d.year is not None:
            return d.iso()
        if d.month is None:
            continue
        year = _year_for(d.month, d.month_relative, a, ctx)
        if year is None:
            return None
        if d.day is None:
            return f"{year:04d}-{d.month:02d}"
        try:
            return dt.date(year, d.month, d.day).isoformat()
        except ValueError:
            return None
    if ctx.published is not None:
        for d in find_relative(folded):
            if d.relative:
                resolved = resolve_relative(d.relative, ctx.published)
                if resolved:
                    return resolved
    return None


def _year_for(month: int, relative: str | None, offset: int, ctx: ArticleContext) -> int | None:
    pub = ctx.published
    if pub is not None:
        if relative == "الماضي" and month >= pub.month:
            return pub.year - 1
        if relative in ("المقبل", "القادم") and month <= pub.month:
            return pub.year + 1
        return pub.year
    if not ctx.years:
        return None
    # the year the article states nearest to this sentence
    return min(ctx.years, key=lambda oy: abs(oy[0] - offset))[1]

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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rasad.arabic import fold, fold_keep_ta, fold_with_offsets
from rasad.coding.tokens import Slot, Token, clause_break
from rasad.dates import find_absolute, find_relative, resolve_relative
from rasad.lexicons.events import EventLexicon, Trigger, verb_forms


def _folded(words: Iterable[str]) -> frozenset[str]:
    """A word list as tokens see it (rasad.arabic.fold_keep_ta): "مئات" is "ميات" there."""
    return frozenset(fold_keep_ta(w) for w in words)


SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Verbal nouns whose genitive is the one acted upon ("انتقاد الحكومة", "اعتقال الناشط"),
# while a nisba adjective is still the actor ("القصف الإسرائيلي").
PATIENT_GENITIVE = frozenset({"ACCUSE", "COERCE", "ASSAULT", "THREATEN", "REJECT", "REQUEST"})
_PARTICLES = _folded({"قد", "لقد", "فقد", "وقد", "لم", "لن", "لا", "ما", "سوف", "كان", "كانت"})
_DEMONSTRATIVES = _folded({"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين"})
_NOUN_GOVERNORS = _folded({"علي", "عن", "حول", "بشان"})  # "about the deployment": a topic
NEGATORS = _folded({"لم", "لن", "لا", "ما", "ليس", "ليست", "غير", "عدم", "دون", "بدون", "لما", "يعد", "تعد"})
TARGET_PREPS = _folded({"علي", "ضد", "مع", "الي", "بحق", "تجاه", "حيال", "ازاء", "نحو", "لدي", "عن", "من"})
# Words after which a noun trigger reports a particular event ("شن هجوما", "اندلعت
# احتجاجات", "خلال زيارة", "بعد اعتقال").
_LIGHT_VERBS = (
    "شن|يشن نفذ|ينفذ اندلع|يندلع خرج|يخرج شهد|يشهد نظم|ينظم انطلق|ينطلق تواصل|يتواصل عم|يعم "
    "جري|يجري وقع|يقع اجري|يجري عقد|يعقد قام|يقوم بدا|يبدا استمر|يستمر تجدد|يتجدد اجتاح|يجتاح "
    "شارك|يشارك تعرض|يتعرض واصل|يواصل صعد|يصعد تصاعد|يتصاعد تم|يتم "
    "فرض|يفرض اصدر|يصدر قدم|يقدم ارسل|يرسل استانف|يستانف اختتم|يختتم مضي|يمضي انفجر|ينفجر "
    "ارتفع|يرتفع اتسع|يتسع امتد|يمتد خاض|يخوض اتي|ياتي جاء|يجيء"
)
# An act announced or decided by its doer, its subject alone between: "أعلن الجيش إلغاء
# حالة التأهب", "قررت الحكومة رفع الحظر".
_ANNOUNCE = "اعلن|يعلن قرر|يقرر"
# What a crowd does when it protests: with a protester noun as subject ("تجمع مئات
# المتظاهرين", "المحتجون أغلقوا الطريق") these report a PROTEST.
_CROWD_ACTIONS = (
    "تجمع|يتجمع خرج|يخرج نزل|ينزل سار|يسير توجه|يتوجه احتشد|يحتشد تدفق|يتدفق تجمهر|يتجمهر "
    "احتج|يحتج اعتصم|يعتصم تظاهر|يتظاهر جاب|يجوب طاف|يطوف انطلق|ينطلق زحف|يزحف"
)
# Words that may stand between a crowd verb and its protesters: numbers and time.
_CROWD_FILLERS = _folded(
    {"الاف", "مئات", "عشرات", "ملايين", "الف", "مئة", "مائة", "نحو", "حوالي", "اكثر", "من", "امس", "اليوم",
     "مساء", "صباح", "ليل", "ليلة", "اول", "عدد", "عدة", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس",
     "الجمعة", "السبت", "مليون", "قرابة", "زهاء", "الالاف", "المئات", "العشرات"}
)
# Words after which an event is only called for, planned, allowed or forbidden, not
# reported: "دعت إلى التظاهر", "أعلنت عزمها تنفيذ اعتصام", "يخطط لخروج مظاهرات", "حق
# التظاهر", "قانون التظاهر", "شرطة مكافحة الشغب", "بتهمة التجمهر", "منع المظاهرات".
_IRREALIS_VERBS = (
    "دعا|يدعو طالب|يطالب حث|يحث ناشد|يناشد اعتزم|يعتزم عزم|يعزم نوي|ينوي خطط|يخطط "
    "استعد|يستعد منع|يمنع حظر|يحظر "
    "وجب|يجب انبغي|ينبغي تعين|يتعين"  # obligation: "يجب أن تنسحب القوات" has not happened
)
_IRREALIS_NOUNS = _folded(
    {"دعوة", "دعوات", "مطالبة", "مطالبات", "نداء", "نداءات", "عزم", "اعتزام", "نية", "نوايا", "خطة", "خطط",
     "مخطط", "مخططات", "تخطيط", "استعداد", "استعدادات", "تحضير", "تحضيرات", "حق", "حقوق", "حرية", "قانون",
     "قوانين", "مكافحة", "تهمة", "تهم", "اتهام", "اتهامات", "منع", "حظر", "ترخيص", "رخصة", "امكانية",
     "احتمال", "مخاوف", "خشية", "تحسبا", "داعيا", "داعية", "داعين", "مطالبا", "مطالبين",
     # scheduled, expected or necessary: "من المقرر أن يزور", "لا بد من انسحاب", "ضرورة وقف"
     "المقرر", "المتوقع", "المفترض", "المنتظر", "المزمع", "بد", "ضرورة", "وجوب", "يفترض"}
)
# Words that may stand between such a word and the event it governs ("دعا الحزب إلى
# تنظيم مظاهرة", "عزمها تنفيذ اعتصام").
_IRREALIS_BETWEEN = _folded(
    {"الي", "علي", "في", "ب", "ل", "ان", "بان", "الى", "خروج", "تنظيم", "مشاركة", "المشاركة", "القيام", "اقامة",
     "الخروج", "التنظيم", "الاقامة"}
)
_ATTRIBUTION = _folded({"حسب", "بحسب", "وفق", "وفقا", "طبقا"})
_THAT = _folded({"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "لان"})
_DENIAL = ("نفي|ينفي", "نف|", "كذب|يكذب")


def _verb_set(spec: str) -> frozenset[str]:
    out: set[str] = set()
    for pair in spec.split():
        past, present = pair.split("|")
        out |= verb_forms(past, present)
    return frozenset(out)


LIGHT_VERB_FORMS = _verb_set(_LIGHT_VERBS)
# Verbal nouns of the light verbs: "بفرض عقوبات", "تنفيذ هجوم", "إجراء محادثات".
LIGHT_NOUNS = _folded({"فرض", "شن", "تنفيذ", "اجراء", "عقد", "تقديم", "ارسال", "اصدار", "تصعيد", "استئناف", "مواصلة", "بدء"})
ANNOUNCE_FORMS = _verb_set(_ANNOUNCE)
CROWD_ACTION_FORMS = _verb_set(_CROWD_ACTIONS)
IRREALIS_VERB_FORMS = _verb_set(_IRREALIS_VERBS)
DENIAL_FORMS = _verb_set(" ".join(_DENIAL))


@dataclass(frozen=True, slots=True)
class TriggerHit:
    trigger: Trigger
    first: int  # token index of the head
    last: int  # token index of the last phrase word


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What dates in one sentence may be resolved against: the publication date, else
    the latest full date (day, month, year) the article states, which fixes its year."""

    published: dt.date | None
    reference: dt.date | None = None


@dataclass
class Claim:
    """Reported speech in a sentence: from which token on, and who says it."""

    start: int
    speakers: list[str] = field(default_factory=list)


def find_triggers(tokens: list[Token], lex: EventLexicon, slots: list[Slot] | None = None) -> list[TriggerHit]:
    named = {i for s in slots or () if s.named for i in range(s.first, s.last + 1)}
    actor_tokens = {i for s in slots or () for i in range(s.first, s.last + 1)}
    hits: list[TriggerHit] = []
    # Every stem of the sentence, and with the article, tanwin or ta removed: a phrase
    # whose next word is not among them cannot match (a cheap test before the scan).
    # One string, each stem after a newline: "\n" + w is in it when a stem starts with w.
    sentence_stems = "\n" + "\n".join([st for t in tokens for st in t.stems])
    has_form = lex.trigger_stem  # (most words: no stem is a trigger form)
    for i in [i for i, tok in enumerate(tokens) if has_form[tok.stems] and i not in named]:
        tok = tokens[i]
        best: TriggerHit | None = None
        for stem in tok.stems:
            for trig in lex.trigger_index.get(stem, ()):
                if trig.head_is_verb and (stem not in tok.verb_stems or _article_not_verb(tok, trig.pattern)):
                    continue
                if trig.words and not _may_follow(trig.words[0], sentence_stems):
                    continue
                last = _phrase_end(tokens, i, trig, actor_tokens)
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
    inside_verb_phrase: set[int] = set()  # "أكد الاتحاد التزامه التام بدعم": a noun in the gap is the phrase's
    for h in sorted(hits, key=lambda h: (-(len(h.trigger.words)), h.first)):
        span = set(range(h.first, h.last + 1))
        words = {h.first} | {j for j in span if _is_phrase_word(tokens[j], h.trigger)}
        if words & covered or (not h.trigger.head_is_verb and not h.trigger.words and h.first in inside_verb_phrase):
            continue
        if h.trigger.head_is_verb and h.trigger.words:
            inside_verb_phrase |= span
        covered |= words
        out.append(h)
    # "وقعت مصر اتفاقية تعاون مع": a verb form right after a noun, with no و or ف, is that
    # noun's genitive (a verbal noun spelt like the past verb), not a verb
    noun_ends = {h.last for h in out if not h.trigger.head_is_verb or h.trigger.words}
    # and "اتفاقية تعاون عسكري": the noun after an agreement names its content, not an act
    agreement_ends = {h.last for h in out if h.trigger.type == "AGREE"}
    out = [
        h for h in out
        if clause_break(tokens, h.first) or tokens[h.first].folded[:1] in "وف" or not (
            (h.trigger.head_is_verb and not h.trigger.words and h.first - 1 in noun_ends)
            or (not h.trigger.head_is_verb and h.trigger.type != "AGREE" and h.first - 1 in agreement_ends)
        )
    ]
    return sorted(out, key=lambda h: h.first)


def _may_follow(word: str, stems: str) -> bool:
    """Whether some word of the sentence starts like `word` (article dropped, ة→ت before
    a suffix: "علاقاتهما", "أسلحتهم"), in two letters at least: `stems` holds every stem,
    each after a newline."""
    core = word[2:] if word.startswith("ال") and len(word) > 3 else word
    core = core[:-1] if core.endswith("ة") else core
    return len(core) >= 2 and "\n" + core in stems


def _article_not_verb(tok: Token, pattern: str) -> bool:
    """"الحاكم" is the article and a noun, not ألح + ا + كم: a verb spelt with a hamza
    (ألح، أعلن) does not match a word written with a bare alef-lam."""
    return tok.text.lstrip("وف").startswith("ال") and pattern[:1] in "أإآ" and pattern[1:2] == "ل"


def _is_phrase_word(tok: Token, trig: Trigger) -> bool:
    return any(_word_matches(tok, w) for w in trig.words)


def _better(a: TriggerHit, b: TriggerHit) -> bool:
    ka = (len(a.trigger.words), not a.trigger.ambiguous, a.trigger.pos != "noun")
    kb = (len(b.trigger.words), not b.trigger.ambiguous, b.trigger.pos != "noun")
    return ka > kb


def _word_matches(tok: Token, word: str) -> bool:
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]  # the article is optional on phrase words; stems come without it
    for stem in tok.stems:
        if stem == word or stem == word + "ا" or (word.endswith("ة") and stem.startswith(word[:-1] + "ت")):
            return True
        if stem.startswith(word) and len(stem) - len(word) <= 3 and stem[len(word):] in ("ه", "ها", "هم", "هما", "ات", "اتها", "اتهم"):
            return True
    return False


def _phrase_end(tokens: list[Token], i: int, trig: Trigger, actor_tokens: set[int] | None = None) -> int | None:
    """Index of the last phrase word when all follow token i in order, else None.

    Between a verb and the rest of its phrase may stand its subject ("شنت القوات
    الإسرائيلية غارات"): actor words do not count against the gap of two other words."""
    if not trig.words:
        return i
    actor_tokens = actor_tokens or set()
    j = i
    for w in trig.words:
        found = None
        others = 0
        for k in range(j + 1, min(len(tokens), j + (16 if j == i and trig.head_is_verb else 12))):
            if clause_break(tokens, k) and not (trig.head_is_verb and tokens[k].prefix_before.strip() in ("،", ",")):
                break  # a verb's phrase may be split by an inserted "، الجمعة،"
            if _word_matches(tokens[k], w):
                found = k
                break
            free = tokens[k].folded.isdigit() or tokens[k].folded.lstrip("وف") in _CROWD_FILLERS
            if not free and (k not in actor_tokens or not trig.head_is_verb or j != i):
                others += 1  # numbers ("حوالى 10 آلاف جندي") and the verb's subject are free
                if others > (2 if j != i or not trig.head_is_verb or not any(a in actor_tokens for a in range(i + 1, k)) else 4):
                    break
        if found is None:
            return None
        j = found
    return j


# ---------------------------------------------------------------------------
# roles


def actor_groups(slots: list[Slot], tokens: list[Token]) -> list[list[Slot]]:
    """Actor slots joined into groups: apposition of the same actor ("وزير الدفاع الروسي
    أندريه بيلوسوف") and coordination with و ("روسيا وكوريا الشمالية"). A slot with a
    fused preposition ("لأوكرانيا") starts a new group. Places are left out."""
    groups: list[list[Slot]] = []
    for s in slots:
        if s.place:
            continue
        if groups:
            prev = groups[-1][-1]
            tok = tokens[s.first]
            lead = fold(tok.text[: max(0, s.start - tok.start)])
            if s.start == prev.start and s.end == prev.end:
                groups[-1].append(s)  # "البلدين": two countries in one word
                continue
            adjacent = s.first <= prev.last + 1 and not clause_break(tokens, s.first)
            coordinated = (lead.startswith("و") and lead.lstrip("و") in ("", "ال")) or (
                s.first == prev.last + 1 and _is_nisba([prev], tokens) and _is_nisba([s], tokens)
            )  # "التونسي الجزائري": coordinated adjectives
            if adjacent and (coordinated or (s.code == prev.code and not lead.lstrip("وف"))):
                groups[-1].append(s)
                continue
        groups.append([s])
    return groups


def place_targets(slots: list[Slot], tokens: list[Token]) -> list[list[Slot]]:
    """Places after إلى / ل: the target of a visit or a delivery ("زيارة إلى بيونغ يانغ")."""
    out = []
    for s in slots:
        if s.place:
            g = [s]
            if _prep(g, tokens) in ("الي", "ل"):
                out.append(g)
    return out


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
    if not fused and tok.folded.lstrip("وف").startswith("لل"):
        return "ل"  # "للجيش": the lexicon matched ل + ال as one key
    if s.first > 0:
        prev = tokens[s.first - 1].stems[-1] if tokens[s.first - 1].folded.startswith(("و", "ف")) else tokens[s.first - 1].folded
        prev = prev.replace("ى", "ي")
        if prev in TARGET_PREPS or prev in ("في", "بين", "قبل"):
            return prev
    return ""


def _in_clause(tokens: list[Token], a: int, b: int) -> bool:
    """No clause break between token indexes a < b."""
    return not any(clause_break(tokens, k) for k in range(a + 1, b + 1))


def assign_roles(
    hit: TriggerHit,
    groups: list[list[Slot]],
    tokens: list[Token],
    barrier: int,
    places: list[list[Slot]] | None = None,
    stop: int = 10**9,
) -> tuple[list[str], list[str]]:
    """(source codes, target codes) of a trigger. `barrier`: token where the clause of the
    trigger starts (after a cue's إن/أن), subjects are not sought before it."""
    k, kk = hit.first, hit.last
    passive = passive_by_quantifier(hit, groups, tokens, stop)
    if passive is not None:
        return passive
    source, target = _roles(hit, groups, tokens, barrier, places or [], stop)
    patient = undergoer(hit, groups, tokens)
    if patient:
        return [c for c in source + target if c not in patient], patient
    pair = between_pair(hit, groups, tokens)
    if pair:
        return pair[:1], pair[1:]
    if not source and not target:
        # "اتفاقية بين كوريا الشمالية وروسيا": a "between" pair is source and target
        for g in groups:
            if _prep(g, tokens) == "بين" and len(_codes(g)) > 1 and _in_clause(tokens, min(k, g[0].first), max(kk, g[0].first)):
                codes = _codes(g)
                return codes[:1], codes[1:]
    if hit.trigger.type in SYMMETRIC and len(source) > 1 and {c[:3] for c in target} <= {c[:3] for c in source}:
        # "عززت كوريا الشمالية وروسيا علاقاتهما ... منذ غزو موسكو": the coordinated subjects
        # are the two sides; an actor after them that is one of them is not a third
        source, target = source[:1], source[1:]
    return source, target


def between_pair(hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token]) -> list[str]:
    """The two sides of a symmetric act named by "بين X و Y" right after its trigger,
    whoever else the sentence names: "حذر الناتو من التعاون بين روسيا وكوريا الشمالية"."""
    if hit.trigger.type not in SYMMETRIC:
        return []
    for g in groups:
        if hit.last < g[0].first <= hit.last + 2 and _prep(g, tokens) == "بين" and len(_codes(g)) > 1:
            return _codes(g)
    return []


# Verbs of undergoing: "تعرضت القوات لهجوم", "يخضع البلدان لعقوبات" (the subject is the one acted upon).
_UNDERGO_FORMS = _verb_set("خضع|يخضع تعرض|يتعرض")


def undergoer(hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token]) -> list[str]:
    """The subject of a verb of undergoing whose ل-object is the trigger noun ("تعرضت
    القوات الأمريكية لهجوم", "كلا البلدين يخضعان لعقوبات الأمم المتحدة"): the target."""
    k = hit.first
    if hit.trigger.head_is_verb or not tokens[k].folded.lstrip("وف").startswith("ل"):
        return []
    in_group = {i for g in groups for s in g for i in range(s.first, s.last + 1)}
    j = k - 1
    while j >= 0 and j in in_group and not clause_break(tokens, j + 1):
        j -= 1  # the subject after the verb (verb-subject order)
    if j < 0 or clause_break(tokens, j + 1) or not any(st in _UNDERGO_FORMS for st in tokens[j].verb_stems):
        return []
    inner = [g for g in groups if j < g[0].first < k]
    if inner:
        return _codes(inner[0])
    before = [g for g in groups if g[-1].last < j and _in_clause(tokens, g[-1].last, j)]
    return _codes(before[-1]) if before else []


def possessive_noun(hit: TriggerHit, tokens: list[Token]) -> bool:
    """"اجتماعه", "زيارتها": a verbal noun whose pronoun is its actor, named before."""
    if hit.trigger.head_is_verb:
        return False
    stem = tokens[hit.first].stems[-1]
    head = fold_keep_ta(hit.trigger.pattern.split(" ")[0])
    if stem != head and stem.endswith(("ه", "ها", "هم", "هما")) and not head.endswith("ه"):
        return True
    if hit.last == hit.first or not hit.trigger.words:
        return False
    # "تعزيز انتشاره العسكري": the pronoun on the phrase's noun
    word = hit.trigger.words[0]
    word = word[2:] if word.startswith("ال") else word
    tok = tokens[hit.first + 1] if hit.first + 1 <= hit.last else None
    return tok is not None and any(
        st.startswith(word) and st[len(word):] in ("ه", "ها", "هم", "هما") for st in tok.stems
    )


def has_genitive_actor(hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token]) -> bool:
    """A verbal noun tied to an actor right after it: "زيارة بوتين", "الهجوم الروسي",
    "عقوبات الأمم المتحدة", "زيارة نادرة لبوتين"."""
    kk = _genitive_from(hit, groups)
    for g in groups:
        if kk < g[0].first <= kk + 2:
            p = _prep(g, tokens)
            if p == "" and _definite(tokens[kk], hit) and not _is_nisba(g, tokens):
                return False  # "يلزم الاتفاق البلدين": a noun with the article has no genitive
            return p in ("", "ل") and _in_clause(tokens, kk, g[0].first)
    return False


def _purpose_noun(tok: Token) -> bool:
    """"لتفريق", "لمساعدة": an indefinite verbal noun with the ل of purpose (not "للتعاون",
    a definite complement of the noun before)."""
    word = tok.folded.lstrip("وف")
    return word.startswith("ل") and not word.startswith("لل") and len(word) > 4


def purpose_subject(k: int, before: list[list[Slot]], tokens: list[Token]) -> list[str]:
    """"استخدمت قوات الشرطة الغاز لتفريق المتظاهرين", "أرسلت جنودا لمساعدة روسيا": the doer
    of a noun of purpose is the subject of its clause, the first actor in it with no
    preposition."""
    if not _purpose_noun(tokens[k]):
        return []
    subject = [g for g in before if _in_clause(tokens, g[0].first, k) and k - g[0].first <= 12 and _prep(g, tokens) == ""]
    return _codes(subject[0]) if subject else []


def _genitive_from(hit: TriggerHit, groups: list[list[Slot]]) -> int:
    """The token a noun's genitive follows: its last word, or the word before when that
    last word heads an actor ("انتشار قوى الأمن الداخلي": the forces are the deployed)."""
    if not hit.trigger.head_is_verb and hit.last > hit.first and any(g[0].first == hit.last for g in groups):
        return hit.last - 1
    return hit.last


def _definite(tok: Token, hit: TriggerHit) -> bool:
    """The last word of a trigger has the article ("الاتفاق", "بالهجوم"): not in construct."""
    last = hit.trigger.words[-1] if hit.last != hit.first and hit.trigger.words else hit.trigger.pattern.split(" ")[0]
    return has_article(tok, last)


def has_article(tok: Token, pattern_word: str) -> bool:
    """A word with the article ("الاتفاق", "بالهجوم", "للعقوبات"). A noun whose own letters
    start so ("التزام", "إلغاء") has it only with a second ال."""
    word = tok.folded.lstrip("وف")
    word = word[1:] if word[:1] in "بكل" and word[1:3] == "ال" else word
    if word.startswith("لل"):
        word = "ال" + word[2:]
    own = fold_keep_ta(pattern_word.split("|")[0]).startswith("ال")
    return word.startswith("الال") if own else word.startswith("ال")


def is_future(hit: TriggerHit, tokens: list[Token]) -> bool:
    """"سيرفعون", "سوف يقصف", "سنتظاهر": a plan, not an event."""
    head = tokens[hit.first]
    bare = head.folded.lstrip("وف")
    if bare.startswith("س") and len(bare) > 3 and bare[1] in "يتنا" and hit.trigger.head_is_verb:
        return bare[1:] in head.verb_stems or bare[1:] in head.stems
    return hit.first > 0 and tokens[hit.first - 1].folded.lstrip("وف") == "سوف"


def _clause_initial(tokens: list[Token], i: int) -> bool:
    """Token i opens its clause (only و/ف or nothing before it since the last break)."""
    return i == 0 or clause_break(tokens, i) or tokens[i - 1].folded in ("و", "ف", "ان", "انه", "بان", "تكون", "يكون")


# Words that count or quantify: "قتل جميع قادة ...", "اعتقل العشرات من ...".
_QUANTIFIERS = _folded(
    {"جميع", "كل", "بعض", "احد", "عدد", "معظم", "غالبية", "اغلب", "العديد", "عشرات", "العشرات", "مئات", "المئات",
     "الاف", "الالاف", "اثنان", "اثنين", "ثلاثة", "اربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "نحو",
     "حوالي", "قرابة", "زهاء", "اكثر", "اقل"}
)
# Acts of force, which the press often puts in the passive without diacritics.
_FORCE = frozenset({"ASSAULT", "COERCE"})
# What introduces the agent of a passive: "على يد", "من قبل", "برصاص", "بنيران", "شنته".
_AGENT_MARKS = _folded({"يد", "قبل", "برصاص", "بنيران", "بقصف", "بغارة", "شنته", "شنها", "نفذته", "نفذها", "بايدي"})


def passive_by_quantifier(
    hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token], stop: int
) -> tuple[list[str], list[str]] | None:
    """"قتل جميع قادة الحركة", "اعتقل العشرات من الناشطين": a verb of force followed at once
    by a quantifier is passive (an active verb has its subject there, not a count); the
    counted actor is the target, the agent the actor after على يد / من قبل / برصاص."""
    k = hit.last
    if not hit.trigger.head_is_verb or hit.trigger.type not in _FORCE or hit.first != k or k + 1 >= len(tokens):
        return None
    nxt = tokens[k + 1]
    if clause_break(tokens, k + 1) or not (nxt.folded in _QUANTIFIERS or nxt.folded.isdigit()):
        return None
    if tokens[k].folded.endswith("وا"):
        return None  # "قتلوا أربعة": a plural subject agrees with an active verb
    for g in groups:
        if g[-1].last == k - 1 and not clause_break(tokens, k):
            lead = {t.folded.lstrip("وف") for t in tokens[max(0, g[0].first - 3) : g[0].first]}
            if _prep(g, tokens) == "" and not lead & _ATTRIBUTION:
                return None  # "الجيش قتل عشرة": its subject right before it
    after = [g for g in groups if k + 1 < g[0].first < min(stop, k + 6) and _in_clause(tokens, k, g[0].first)]
    if not after:
        return None
    target = _codes(after[0])
    source: list[str] = []
    for g in groups:
        if g[0].first > after[0][-1].last and g[0].first < stop and g[0].first >= 1:
            marks = {t.folded.lstrip("وف") for t in tokens[max(0, g[0].first - 2) : g[0].first]}
            if marks & _AGENT_MARKS:
                source = [c for c in _codes(g) if c not in target]
                break
    return source, target


def noun_agent(hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token]) -> tuple[list[str], list[str]] | None:
    """"تدريب جنود من الجيش التونسي على يد قوات من الجيش الجزائري", "اعتقال الناشط من قبل
    الشرطة": a verbal noun whose doer follows على يد / من قبل / بأيدي is that doer's act; the
    actor between the noun and the mark is the one acted upon. (source, target) or None."""
    if hit.trigger.head_is_verb:
        return None
    for j in range(hit.last + 1, min(len(tokens), hit.last + 9)):
        if clause_break(tokens, j):
            return None
        word = tokens[j].folded.lstrip("وف")
        prev = tokens[j - 1].folded.lstrip("وف")
        if (word == "يد" and prev == "علي") or (word == "قبل" and prev == "من") or word == "بايدي":
            agent = [g for g in groups if j < g[0].first <= j + 4 and _in_clause(tokens, j, g[0].first)]
            if not agent:
                return None
            acted = [g for g in groups if hit.last < g[0].first < j]
            source = _codes(agent[0])
            return source, [c for c in (_codes(acted[0]) if acted else []) if c not in source]
    return None


# A light verb with the pronoun of the noun before it: "هجوم شنته", "عملية نفذتها".
_RELATIVE_AGENT = _folded({"شنته", "شنها", "نفذته", "نفذتها", "نفذها", "تبنته", "تبنتها", "قادته", "قادتها", "اجرته", "اجرتها", "يشنها", "يشنه", "تشنه", "تشنها"})


# Verbs that voice a stance, whose object is a verbal noun with the subject's pronoun:
# "أعلنت حماس رفضها", "جدد الأردن رفضه", "كررت الحكومة إدانتها".
STANCE_FORMS = _verb_set("اعلن|يعلن اكد|يؤكد جدد|يجدد كرر|يكرر")


def _stance_noun(hit: TriggerHit, before: list[list[Slot]], tokens: list[Token]) -> bool:
    """A verb trigger spelt like its verbal noun with a pronoun ("رفضها": rejected it, or her
    rejection) right after a stance verb and its subject is the noun."""
    k = hit.first
    if not hit.trigger.head_is_verb or hit.last != k or not before or before[-1][-1].last != k - 1 or clause_break(tokens, k):
        return False
    past = fold_keep_ta(hit.trigger.pattern.split("|")[0])
    word = tokens[k].folded.lstrip("وف")
    if not past or word[len(past):] not in ("ه", "ها", "هم", "هما") or not word.startswith(past):
        return False
    j = before[-1][0].first - 1
    return j >= 0 and any(st in STANCE_FORMS for st in tokens[j].verb_stems)


def _attributed(group: list[Slot], tokens: list[Token]) -> bool:
    """"وبحسب الشرطة قتل خمسة": the actor after بحسب / وفق is the source of the news, not
    the subject of the verb after it."""
    i = group[0].first
    return i > 0 and tokens[i - 1].folded.lstrip("وف") in _ATTRIBUTION


def _partitive(group: list[Slot], tokens: list[Token]) -> bool:
    """"العشرات من الناشطين", "عدد من الجنود": a number of the actor, not a target after من."""
    i = group[0].first
    return _prep(group, tokens) == "من" and i >= 2 and (
        tokens[i - 2].folded.lstrip("وف") in _CROWD_FILLERS | _CROWD_NOUNS or tokens[i - 2].folded.isdigit()
    )


def _is_nisba(group: list[Slot], tokens: list[Token]) -> bool:
    """A demonym adjective ("الروسي", "الغربية") rather than a name."""
    return not group[0].named and tokens[group[0].first].folded.endswith(("ي", "ية", "يه", "يين", "يون"))


def _roles(
    hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token], barrier: int, places: list[list[Slot]], stop: int
) -> tuple[list[str], list[str]]:
    k, kk = hit.first, _genitive_from(hit, groups)
    anchor = kk  # the target is sought within a few words of the trigger, or of its genitive actor
    light = has_light_context(hit, tokens, actor_token_starts(groups, tokens))
    before = [g for g in groups if g[-1].last < k and g[0].first >= barrier]
    inside = [g for g in groups if k < g[0].first < kk]  # VSO subject inside a phrase
    after = [g for g in groups if g[0].first > kk and g[0].first < stop]
    source: list[str] = []
    target: list[str] = []
    rest = after
    by_agent = noun_agent(hit, groups, tokens)
    if by_agent is not None:
        return by_agent
    if _stance_noun(hit, before, tokens):
        # "وأعلنت حماس رفضها للقرار الإسرائيلي": her rejection, of what follows
        objects = [g for g in after if g[0].first <= kk + 4 and _in_clause(tokens, kk, g[0].first) and _prep(g, tokens) not in ("في", "ب")]
        return _codes(before[-1]), [c for c in (_codes(objects[0]) if objects else []) if c not in _codes(before[-1])]
    if hit.trigger.pos == "noun" or (hit.trigger.pos == "phrase" and not hit.trigger.head_is_verb):
        first_after = after[0] if after else None
        governed = k > 0 and (
            tokens[k - 1].folded.lstrip("وف") in _DEMONSTRATIVES | _NOUN_GOVERNORS
            or (tokens[k].folded.startswith(("ب", "ل", "وب", "ول", "لل")) and not tokens[k].folded.startswith("بدء"))
        )
        adjective = first_after is not None and first_after[0].first == kk + 1 and _is_nisba(first_after, tokens)
        p = _prep(first_after, tokens) if first_after is not None else "?"
        object_in_phrase = bool(hit.trigger.words)
        rel = kk + 2 if kk + 2 < len(tokens) and tokens[kk + 1].folded in ("الذي", "التي") else kk + 1
        doer = [g for g in after[:1] if g[0].first == rel + 1 and rel < len(tokens) and tokens[rel].folded.lstrip("و") in _RELATIVE_AGENT]
        if doer:
            # "هجوم شنته حركة طالبان", "عملية نفذتها القوات": the one who carried it out
            source = _codes(doer[0])
            rest = after[1:]
            anchor = doer[0][-1].last
            first_after = None
        construct = p != "" or adjective or not _definite(tokens[kk], hit)  # "الاتفاق البلدين": no genitive
        if first_after is not None and first_after[0].first <= kk + 2 and construct and (p == "" or (p == "ل" and not object_in_phrase)):
            second = after[1] if len(after) > 1 else None
            # "غزو موسكو لأوكرانيا": with a ل-target after it, the genitive is the actor
            # (only a genitive right after the noun: in "انتقاد الدعم الغربي لأوكرانيا" the
            # criticised thing stands between, and its owner is the one criticised)
            agent_then_target = (
                second is not None and _prep(second, tokens) == "ل" and second[0].first <= first_after[-1].last + 2
                and first_after[0].first == kk + 1
            )
            if hit.trigger.type in PATIENT_GENITIVE and not adjective and not agent_then_target:
                target = _codes(first_after)
                if before and not governed and light and _in_clause(tokens, before[-1][-1].last, k):
                    source = _codes(before[-1])
                elif light and not governed:
                    source = [c for c in resumed_subject(k, groups, tokens) if c not in target]
                if not source:
                    source = [c for c in purpose_subject(k, before, tokens) if c not in target]
                return source, target
            source = _codes(first_after)
            rest = after[1:]
            anchor = first_after[-1].last  # "زيارة وزير الدفاع الروسي أندريه بيلوسوف إلى بيونج يانج"
        elif doer:
            pass
        elif before and not governed and light and _in_clause(tokens, before[-1][-1].last, k) and k - before[-1][-1].last <= 6:
            source = _codes(before[-1])
        elif before and possessive_noun(hit, tokens):
            source = _codes(before[-1])  # "قال روته ... قبل اجتماعه مع": his meeting
        if not source:
            source = [c for c in purpose_subject(k, before, tokens) if c not in target]

        max_gap = 4
    else:
        max_gap = 10
        objects = [g for g in inside + after[:1] if disagrees(hit, g, tokens)]
        inside = [g for g in inside if not disagrees(hit, g, tokens)]
        cand = (
            inside[:1]
            or [g for g in after if g[0].first <= kk + 3 and (_prep(g, tokens) == "" or _partitive(g, tokens)) and not disagrees(hit, g, tokens)][:1]
            or [g for g in after[:1] if _prep(g, tokens) == "ل" and org_head(tokens, kk + 1, g[0].first)]
        )
        gap = [t.folded for t in tokens[before[-1][-1].last + 1 : k]] if before else []
        subject_first = (
            bool(before)
            and all(w in _PARTICLES for w in gap)  # "طائراته قد قصفت", "الجيش لم ينسحب"
            and _clause_initial(tokens, before[-1][0].first)
        )
        resumed = resumed_subject(k, groups, tokens) if not inside else []
        if subject_first:
            # "رئيس الوزراء العراقي طالب تركيا": a subject that opens the clause, then the verb
            source = _codes(before[-1])
        elif resumed and not [g for g in before if _in_clause(tokens, g[-1].last, k)]:
            source = resumed  # "..., لكنه انتقد الموقف الإسرائيلي": the pronoun is the subject
        elif cand and _in_clause(tokens, k, cand[0][0].first):
            source = _codes(cand[0])
            rest = [g for g in after if g[0].first > cand[0][-1].last]
            if len(inside) > 1 and inside[0] is cand[0] and _prep(inside[1], tokens) in ("", "ل", "علي", "ضد", "الي"):
                # "حمل الأمين العام ... سلطات الاحتلال المسؤولية": subject, then object, inside the phrase
                rest = inside[1:2]
        elif before and _in_clause(tokens, before[-1][-1].last, k) and not _attributed(before[-1], tokens):
            source = _codes(before[-1])
        if objects and not source:
            return [], _codes(objects[0])  # "وحملت الاحتلال المسؤولية": the object, by gender
    candidates = sorted(rest + [p for p in places if kk < p[0].first < stop], key=lambda g: g[0].first)
    for g in candidates:
        if g[0].first - anchor > max_gap or not (_in_clause(tokens, kk, g[0].first) or _apposition(tokens, kk, g)):
            break
        p = _prep(g, tokens)
        if p in ("في", "بين", "قبل", "ب", "ك"):
            continue
        target = [c for c in _codes(g) if c not in source]
        if target:
            break
    return source, target


_OBJECT_PRONOUNS = ("", "ه", "ها", "هم", "هما", "كم", "نا")


def disagrees(hit: TriggerHit, group: list[Slot], tokens: list[Token]) -> bool:
    """"وحمّلت الاحتلال المسؤولية": a feminine verb (third person singular: past in ت, present
    in ت) cannot have a masculine singular noun as its subject; that noun is its object and
    the subject a dropped pronoun. Proper names are left alone ("قالت حماس": a name does not
    write its gender); a feminine word anywhere in a body's name ("الأمم المتحدة") makes it one."""
    first = group[0]
    if not hit.trigger.head_is_verb or first.proper_name or "|" not in hit.trigger.pattern:
        return False
    past, present = (fold_keep_ta(w) for w in hit.trigger.pattern.split(" ")[0].split("|"))
    feminine = {past + "ت" + o for o in _OBJECT_PRONOUNS} if past else set()
    if present.startswith("ي"):
        feminine |= {"ت" + present[1:] + o for o in _OBJECT_PRONOUNS}
    if not feminine & set(tokens[hit.first].verb_stems):
        return False
    words = [tokens[i].stems[-1] for i in range(first.first, first.last + 1)]
    return not any(w.endswith(("ة", "ات", "ون", "ين", "اء", "ا", "ى")) for w in words)


def object_first(hit: TriggerHit, groups: list[list[Slot]], tokens: list[Token]) -> bool:
    """The actor right after a verb is its object by gender ("وحملت الاحتلال"): the verb's
    subject is a pronoun for someone told before."""
    nxt = [g for g in groups if hit.first < g[0].first <= hit.first + 2]
    return bool(nxt) and disagrees(hit, nxt[0], tokens)


# "لكنه", "ولكنها": a clause whose subject is a pronoun for the subject of the clause before.
_RESUMPTIVE = _folded({"لكنه", "لكنها", "لكنهم", "لكنهما", "ولكنه", "ولكنها", "ولكنهم", "ولكنهما"})


def resumed_subject(k: int, groups: list[list[Slot]], tokens: list[Token]) -> list[str]:
    """"لم ينكر الرئيس الروسي ذلك، لكنه مضى في انتقاد ...": token k's clause opens with
    لكن and a pronoun, which stands for the first actor of the clause before (its subject)."""
    start = k
    while start > 0 and not clause_break(tokens, start):
        start -= 1
    if start == 0 or tokens[start].folded not in _RESUMPTIVE or start >= k:
        return []
    prev = start - 1
    while prev > 0 and not clause_break(tokens, prev):
        prev -= 1
    before = [g for g in groups if prev <= g[0].first and g[-1].last < start and not g[0].place]
    return _codes(before[0]) if before else []


def _apposition(tokens: list[Token], a: int, group: list[Slot]) -> bool:
    """"عقوبات على وزير الخارجية والمغتربين، فيصل المقداد،": an actor set off by commas
    right after a noun names the one that noun describes; its commas do not end the clause."""
    first, last = group[0].first, group[-1].last
    if first <= a + 1 or tokens[first].prefix_before.strip() not in ("،", ",") or not _in_clause(tokens, a, first - 1):
        return False
    return last + 1 >= len(tokens) or clause_break(tokens, last + 1)


# Heads of a body named by the organisation after them with ل: "المجلس الأعلى للحراك
# الجنوبي", "اللجنة التنفيذية لمنظمة التحرير", "الناطق الرسمي للحكومة".
ORG_HEADS = _folded(
    {"المجلس", "مجلس", "الهيئة", "هيئة", "اللجنة", "لجنة", "المكتب", "مكتب", "الامانة", "الامين", "رئيس", "رئاسة",
     "القيادة", "قيادة", "الناطق", "المتحدث", "زعيم", "قائد", "الوفد", "وفد", "اعضاء", "عضو", "الاعلي", "العام",
     "العامة", "العليا", "التنفيذية", "المركزي", "المركزية", "السياسي", "السياسية", "الرسمي", "التنفيذي",
     "الدائم", "الدائمة", "الادارة", "ادارة", "المؤتمر", "مؤتمر", "الوطني", "الوطنية",
     "العسكرية", "العسكري", "الامنية", "الامني", "الاستشارية", "المشتركة", "التحضيرية"}
)
# Heads that may stand alone for the body named before ("ودعا المجلس", "ودان المجلس الأعلى").
ORG_HEAD_NOUNS = _folded({"المجلس", "الهيئة", "اللجنة", "المكتب", "الامانة", "القيادة", "الوفد", "المؤتمر", "الادارة"})


def org_head(tokens: list[Token], a: int, b: int) -> bool:
    """Tokens a..b-1 are the head of a body whose name follows with ل: "حذر المجلس
    الأعلى للحراك الجنوبي" (the subject, after the verb)."""
    if not 0 < b - a <= 4 or tokens[a].folded.lstrip("وف") not in ORG_HEAD_NOUNS:
        return False
    return all(tokens[j].folded.lstrip("وف") in ORG_HEADS and not clause_break(tokens, j) for j in range(a, b))


def named_heads(groups: list[list[Slot]], tokens: list[Token]) -> dict[str, list[str]]:
    """Head noun -> codes of the bodies a sentence names with a head and ل ("المجلس
    الأعلى للحراك الجنوبي": "المجلس" -> YEMOPP), for later bare mentions of the head."""
    out: dict[str, list[str]] = {}
    for g in groups:
        if _prep(g, tokens) != "ل":
            continue
        j = g[0].first
        while j > 0 and j - g[0].first > -4 and tokens[j - 1].folded.lstrip("وف") in ORG_HEADS and not clause_break(tokens, j):
            j -= 1
            word = tokens[j].folded.lstrip("وف")
            if word in ORG_HEAD_NOUNS:
                out[word] = _codes(g)
    return out


# "هيئة شؤون الأسرى التابعة لمنظمة التحرير", "قوة خاصة تابعة للجيش": a body and the actor it belongs to.
_AFFILIATED = _folded({"التابعة", "التابع", "التابعين", "التابعتين", "التابعان", "التابعون", "تابعة", "تابع", "تابعين"})
# Nouns that head the name of a body, a unit or an office.
BODY_HEADS = _folded(
    {"هيئة", "لجنة", "مجلس", "مكتب", "مركز", "دائرة", "ادارة", "مديرية", "جهاز", "اجهزة", "وحدة", "وحدات", "قوة",
     "قوات", "كتيبة", "كتائب", "لواء", "الوية", "فرقة", "فرق", "سرية", "سرايا", "فصيل", "فصائل", "ميليشيا",
     "ميليشيات", "مليشيا", "مليشيات", "مجموعة", "مجموعات", "خلية", "خلايا", "جماعة", "حركة", "شركة", "شركات",
     "وكالة", "مؤسسة", "منظمة", "محكمة", "نيابة", "صندوق", "بعثة", "وفد", "امانة", "قيادة", "غرفة", "هيئات",
     "لجان", "مجالس", "مراكز", "مكاتب", "مؤسسات", "منظمات", "وكالات", "اذاعة", "قناة", "صحيفة", "موقع", "جامعة"}
)


def affiliated_bodies(tokens: list[Token], slots: list[Slot]) -> tuple[list[Slot], dict[str, list[str]]]:
    """"وقالت هيئة شؤون الأسرى التابعة لمنظمة التحرير": a body named by a head noun and
    said to belong to a coded actor is that actor (a new slot over the body's words);
    its head, made definite ("الهيئة"), names it again later in the article."""
    extra: list[Slot] = []
    heads: dict[str, list[str]] = {}
    covered = {i for s in slots for i in range(s.first, s.last + 1)}
    for s in slots:
        aff = s.first - 1
        if s.place or aff < 2 or tokens[aff].folded.lstrip("و") not in _AFFILIATED or _prep([s], tokens) != "ل":
            continue
        head = None
        for j in range(aff - 1, max(-1, aff - 6), -1):
            if j in covered or clause_break(tokens, j + 1):
                break
            word = tokens[j].folded.lstrip("وف")
            word = word[2:] if word.startswith("ال") else word
            if word in BODY_HEADS:
                head = j
        if head is None:
            continue
        extra.append(Slot(s.code, head, aff - 1, tokens[head].start, tokens[aff - 1].end, False, True))
        word = tokens[head].folded.lstrip("وف")
        heads[word if word.startswith("ال") else "ال" + word] = [s.code]
    if not extra:
        return slots, heads
    return sorted(slots + extra, key=lambda s: (s.first, s.last)), heads


def bare_head_subject(hit: TriggerHit, tokens: list[Token], groups: list[list[Slot]], heads: dict[str, list[str]]) -> list[str]:
    """"ودعا المجلس، وهو ...": a verb whose subject right after it is a bare head noun
    told before with its body's name is that body."""
    j = hit.last + 1
    if not hit.trigger.head_is_verb or j >= len(tokens) or any(g[0].first <= j <= g[-1].last for g in groups):
        return []
    return list(heads.get(tokens[j].folded.lstrip("وف"), []))


# Acts whose verbs the press seldom puts in the passive: with no subject of their own they
# go on with the subject of the sentence before ("ودعا المجلس ... كما دعا إلى").
_SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "REJECT", "SUPPORT", "THREATEN", "CONSULT", "AGREE", "AID", "SANCTION"})
SPEECH_ACTS = _SPEECH_ACTS
_CLAUSE_OPENERS = _folded({"كما", "ثم", "بل", "لكنه", "لكنها", "انه", "انها", "وانه", "وانها", "قد", "وقد", "كان", "وكان"})


def dropped_subject(hit: TriggerHit, tokens: list[Token], groups: list[list[Slot]]) -> bool:
    """A verb opening its sentence with no subject named before or right after it: its
    subject is a pronoun for the actor just told ("كما دعا على وجه السرعة إلى")."""
    k = hit.first
    if not hit.trigger.head_is_verb or hit.trigger.type not in _SPEECH_ACTS:
        return False
    if any(t.folded.lstrip("وف") not in _CLAUSE_OPENERS for t in tokens[:k]) or k > 2:
        return False
    return not any(g[0].first <= hit.last + 3 for g in groups)


# What a protest demands the end of, or is against: its target ("يطالبون برحيل الرئيس",
# "تظاهروا ضد الحكومة", "للمطالبة باستقالة الوزير").
_AGAINST = _folded(
    {"ضد", "برحيل", "رحيل", "باستقالة", "استقالة", "باسقاط", "اسقاط", "بتنحي", "تنحي", "باقالة", "اقالة",
     "بمحاسبة", "محاسبة", "بمحاكمة", "محاكمة", "المناهضة", "المناهضين", "مناهضة", "مناهضين"}
)


# "في مواجهة", "لردع", "ضد": whom a deployment or a threat is directed at.
_FACING = _folded({"مواجهة", "لمواجهة", "ردع", "لردع", "ضد", "لصد", "صد", "لمنع", "تحسبا"})


def faced(hit: TriggerHit, tokens: list[Token], groups: list[list[Slot]], stop: int) -> list[str]:
    """The actor a deployment faces: "تعزيز انتشاره العسكري في المنطقة في مواجهة التصعيد
    من جانب إيران" -> IRN (within the sentence part before the next verb)."""
    for j in range(hit.last + 1, min(len(tokens), stop, hit.last + 10)):
        if tokens[j].folded.lstrip("و") in _FACING:
            nxt = [g for g in groups if j < g[0].first <= j + 7 and g[0].first < stop]
            return _codes(nxt[0]) if nxt else []
    return []


def protest_target(hit: TriggerHit, tokens: list[Token], groups: list[list[Slot]]) -> list[str]:
    """The actor a protest is against, later in its sentence: after ضد, or the one whose
    departure, resignation or fall the protesters demand."""
    for j in range(hit.last + 1, len(tokens)):
        if tokens[j].folded.lstrip("و") in _AGAINST:
            nxt = [g for g in groups if j < g[0].first <= j + 3]
            if nxt:
                return _codes(nxt[0])
    return []


# Nouns and participles of purpose that voice a demand: "خرجوا للمطالبة برحيل الحكومة",
# "تظاهروا مطالبين الحكومة بإلغاء القرار". Their subject is the subject of the clause.
_DEMANDING = _folded({"للمطالبة", "مطالبين", "مطالبا", "مطالبون", "مطالبات", "مطالبة", "مطالبتهم", "مطالبتها", "مطالبته"})
_DEMAND_OBJECTS = _folded({"ب", "الي", "علي"})


# "برحيل النظام", "إسقاط السلطة": the rulers of the protesters' own country.
_RULERS = _folded({"النظام", "الحكم", "السلطة", "الحكومة", "الرئيس", "السلطات", "العسكر", "الطغمة"})


def rulers_demanded(tokens: list[Token], after: int, groups: list[list[Slot]], window: int = 4) -> bool:
    """A departure, fall or resignation of bare rulers ("للمطالبة برحيل النظام") is
    demanded within `window` words after token `after`, with no actor named there."""
    for j in range(after + 1, min(len(tokens), after + 1 + window)):
        if tokens[j].folded.lstrip("و") in _AGAINST and j + 1 < len(tokens):
            nxt = tokens[j + 1].folded
            return nxt in _RULERS and not any(g[0].first <= j + 1 <= g[-1].last for g in groups)
    return False


def purpose_demands(tokens: list[Token], groups: list[list[Slot]]) -> list[tuple[int, list[str]]]:
    """(token index, target codes) of each purpose word voicing a demand: a purpose noun
    ("للمطالبة") or a circumstantial participle ("مطالبين", "مطالبا") after the verb of its
    clause, followed by ب or a direct object. The target is the actor whose departure or
    fall is demanded, else the object, else the actor after ب's noun ("بإلغاء قرار الحكومة")."""
    out: list[tuple[int, list[str]]] = []
    for i, tok in enumerate(tokens):
        word = tok.folded.lstrip("وف")
        if i == 0 or word not in _DEMANDING:
            continue
        if word.startswith(("مطالبة", "مطالبات", "مطالبت")) and tokens[i - 1].folded.lstrip("وف") not in ("في", "بهدف", "بغية"):
            continue  # a bare verbal noun is a topic ("مطالبات المعارضة"), not a purpose
        nxt = tokens[i + 1].folded if i + 1 < len(tokens) else ""
        after = [g for g in groups if i < g[0].first <= i + 6 and _in_clause(tokens, i, g[0].first)]
        direct = after and after[0][0].first == i + 1 and _prep(after[0], tokens) == ""
        if not (nxt.startswith("ب") or nxt in _DEMAND_OBJECTS or direct):
            continue
        target: list[str] = []
        for j in range(i + 1, min(len(tokens), i + 4)):
            if tokens[j].folded.lstrip("و") in _AGAINST:
                named = [g for g in after if j < g[0].first <= j + 3]
                if named:
                    target = _codes(named[0])
                    break
        if not target and after:
            target = _codes(after[0])
        out.append((i, target))
    return out


# "بالتنسيق مع", "بالتعاون مع", "بالاشتراك مع": the act is done jointly with someone.
_JOINTLY = _folded({"بالتنسيق", "بالتعاون", "بالاشتراك", "بالشراكة", "وبالتنسيق", "وبالتعاون", "وبالاشتراك"})


def joint_actions(tokens: list[Token], groups: list[list[Slot]]) -> list[tuple[int, list[str], list[str]]]:
    """(token index, subject codes, partner codes) of each "بالتنسيق مع X" adjunct: the
    subject of its clause (the actor right before it, a comma or one word between at
    most) cooperates with X."""
    out: list[tuple[int, list[str], list[str]]] = []
    for i, tok in enumerate(tokens[:-2]):
        if tok.folded not in _JOINTLY or tokens[i + 1].folded != "مع" or clause_break(tokens, i + 1):
            continue
        partner = [g for g in groups if g[0].first == i + 2]
        subject = [g for g in groups if g[-1].last < i and i - g[-1].last <= 2 and _in_clause(tokens, g[-1].last, i)]
        if partner:
            out.append((i, _codes(subject[-1]) if subject else [], _codes(partner[0])))
    return out


def actor_token_starts(groups: list[list[Slot]], tokens: list[Token]) -> frozenset[int]:
    return frozenset(tokens[i].start for g in groups for s in g for i in range(s.first, s.last + 1))


def has_light_context(hit: TriggerHit, tokens: list[Token], actor_starts: frozenset[int] = frozenset()) -> bool:
    """A noun trigger the sentence reports as happening: next to a light or occurrence
    verb ("شن هجوما", "اندلعت احتجاجات", "واصل تقديم", "مظاهرة اندلعت"), or as a noun
    of purpose ("احتجاجا على")."""
    k = hit.first
    others = 0
    # "اتفاقية للتعاون": a noun with ل after another noun is its complement, not an act
    complement = tokens[k].folded.lstrip("وف").startswith("ل") and k > 0 and tokens[k - 1].start not in actor_starts
    for j in range(k - 1, max(-1, k - 8) if not complement else k - 1, -1):
        t = tokens[j]
        if not (LIGHT_VERB_FORMS.isdisjoint(t.verb_stems) and DENIAL_FORMS.isdisjoint(t.verb_stems)) or not LIGHT_NOUNS.isdisjoint(t.stems):
            return True  # (after a denial the event is coded, negated: "نفت الشرطة خروج مظاهرات")
        if others == 0 and j < k - 1 and not ANNOUNCE_FORMS.isdisjoint(t.verb_stems):
            return True  # the announcer alone between
        if t.folded in _THAT:
            break  # "أعلنت الوزارة أن ...": another clause
        if clause_break(tokens, j + 1):
            break
        if t.start not in actor_starts:
            others += 1  # the subject may stand between: "نفذت القوات البحرية المصرية مناورات"
            if others > 2:
                break
    # a light verb right after the noun that opens the clause: "إن مظاهرة عنيفة اندلعت"
    if k == 0 or clause_break(tokens, k) or tokens[k - 1].folded in ("ان", "وان"):
        for j in range(hit.last + 1, min(len(tokens), hit.last + 4)):
            if clause_break(tokens, j):
                break
            if not LIGHT_VERB_FORMS.isdisjoint(tokens[j].verb_stems):
                return True
    # "احتجاجا على", "للاحتجاج على": the act is done in protest
    nxt = tokens[hit.last + 1].folded if hit.last + 1 < len(tokens) else ""
    head = tokens[k].folded
    purpose = (head.endswith("ا") and not head.endswith("ها")) or head.startswith(("لل", "ولل"))
    return purpose and nxt in ("علي", "ضد")


def is_participant(tok: Token, prev: Token | None = None) -> bool:
    """A plural participle naming the people who act (متظاهرون، محتجين، معتصمين), or a
    singular one after a number ("500 متظاهر", "آلاف متظاهر")."""
    stem = tok.stems[-1]
    if not stem.startswith("م") or len(stem) < 5:
        return False
    if stem.endswith(("ون", "ين")) and len(stem) >= 6:
        return True  # (a plural in ات is as often the event itself: مظاهرات، مسيرات)
    return prev is not None and (prev.folded.isdigit() or prev.folded.lstrip("وف") in _CROWD_FILLERS)


_CROWD_NOUNS = _folded({"الاف", "الالاف", "مئات", "المئات", "عشرات", "العشرات", "حشود", "الحشود", "جموع", "الجموع", "حشد", "ملايين"})


def crowd_gatherings(tokens: list[Token], lex: EventLexicon, hits: list[TriggerHit]) -> list[TriggerHit]:
    """"تجمع مئات الفلسطينيين", "احتشد الآلاف": a gathering verb whose subject is a crowd
    (a number of people) reports a demonstration, a PROTEST."""
    taken = {h.first for h in hits}
    # a protester noun right after the verb is already coded with it ("تجمع مئات المتظاهرين")
    taken |= {i for h in hits if h.trigger.type == "PROTEST" for i in range(h.first - 4, h.first)}
    protest = lex.demonstrate
    if protest is None:
        return []
    out = []
    for j, tok in enumerate(tokens[:-1]):
        if j in taken or CROWD_ACTION_FORMS.isdisjoint(tok.verb_stems):
            continue
        for k in range(j + 1, min(len(tokens), j + 4)):
            word = tokens[k].folded.lstrip("وف")
            if word in _CROWD_NOUNS or (word == "عدد" and k + 1 < len(tokens) and tokens[k + 1].folded == "من"):
                out.append(TriggerHit(protest, j, j))
                break
            if word not in _CROWD_FILLERS:
                break
    return out


def crowd_action(hit: TriggerHit, tokens: list[Token]) -> int | None:
    """Index of the gathering verb a participant noun is the subject of, or None:
    "تجمع مئات المتظاهرين" (verb first, numbers and time words between) or "المتظاهرون خرجوا", "مليون
    متظاهر خرجوا" (the noun, after its number, opens the clause; not a relative clause).
    A plural in ين right after the verb is its object or a genitive, not its subject:
    "فرقت الشرطة المتظاهرين", "موقع تجمع المتظاهرين" (a verbal noun), "يخرج المتظاهرين"."""
    k = hit.first
    for j in range(k - 1, max(-1, k - 7), -1):
        t = tokens[j]
        if not CROWD_ACTION_FORMS.isdisjoint(t.verb_stems):
            return None if j == k - 1 and _oblique_plural(tokens[k]) else j
        if t.folded.lstrip("وف") not in _CROWD_FILLERS and not t.folded.isdigit():
            break
    start = k
    while start > 0 and not clause_break(tokens, start) and (
        tokens[start - 1].folded.isdigit() or tokens[start - 1].folded.lstrip("وف") in _CROWD_FILLERS
    ):
        start -= 1
    if start > 0 and not clause_break(tokens, start):
        return None  # the noun is an object or after a preposition: not the subject
    for j in range(k + 1, min(len(tokens), k + 3)):
        if clause_break(tokens, j) or tokens[j].folded in ("الذين", "التي", "اللذين"):
            break
        if not CROWD_ACTION_FORMS.isdisjoint(tokens[j].verb_stems):
            return j
    return None


def _oblique_plural(tok: Token) -> bool:
    """"المتظاهرين": a definite sound plural in the accusative or genitive (an indefinite
    one after the verb says how the subject acts: "خرجوا متظاهرين")."""
    return tok.stems[-1].endswith("ين") and tok.folded.lstrip("وف").startswith("ال")


def _noun_bases(stem: str) -> tuple[str, ...]:
    """A noun stem and, when it ends in a pronoun, the noun without it ("نيتها" -> "نية")."""
    for suffix in ("هما", "هم", "ها", "ه"):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
            base = stem[: -len(suffix)]
            return (stem, base, base[:-1] + "ة") if base.endswith("ت") else (stem, base)
    return (stem,)


def is_irrealis(hit: TriggerHit, tokens: list[Token], actor_starts: frozenset[int] = frozenset()) -> bool:
    """An event only called for, planned, allowed or forbidden: the trigger is governed by
    a word of calling, intending, planning, preparing, right, law, ban or charge ("دعا
    الحزب إلى تنظيم مظاهرة", "أعلنت عزمها تنفيذ اعتصام", "حق التظاهر", "شرطة مكافحة
    الشغب", "بتهمة التجمهر"). Only prepositions, أن, light nouns and the governing word's
    own subject may stand between."""
    for j in range(hit.first - 1, max(-1, hit.first - 7), -1):
        if clause_break(tokens, j + 1):
            return False
        t = tokens[j]
        if not IRREALIS_VERB_FORMS.isdisjoint(t.verb_stems):
            return True
        if not t.folded.lstrip("وف").startswith("بحق") and any(
            b in _IRREALIS_NOUNS for s in t.stems for b in _noun_bases(s)
        ):
            return True
        bare = t.folded.lstrip("وف")
        if t.start in actor_starts or bare in _IRREALIS_BETWEEN or any(s in LIGHT_NOUNS for s in t.stems):
            continue
        return False
    return False


# "تظاهرة ثقافية", "تظاهرة المسرح": in the Maghrebi and Levantine press an event of any kind.
_FESTIVAL = _folded(
    {"ثقافية", "فنية", "رياضية", "سينمائية", "مسرحية", "ادبية", "علمية", "موسيقية", "احتفالية", "سياحية",
     "تراثية", "فكرية", "شعرية", "ترفيهية", "تجارية", "اقتصادية", "المسرح", "السينما", "الفيلم", "الافلام",
     "الكتاب", "الموسيقي", "الشعر", "الفن", "الفنون", "الرياضة", "الثقافة", "ثقافيه", "فنيه", "رياضيه"}
)


# After ب, words of place and number: "اعتصموا بساحة الشهداء", "تظاهروا بالآلاف".
_PLACE_OR_COUNT = _folded(
    {"ساحة", "ميدان", "مدينة", "شارع", "شوارع", "وسط", "قرب", "القرب", "محيط", "مقر", "مكان", "العاصمة", "منطقة",
     "مناطق", "حي", "احياء", "مخيم", "بلدة", "قرية", "محافظة", "ولاية", "جامعة", "مدن"}
)
# Prepositions spelt with ب: "تظاهروا بعد صلاة الجمعة", "بدعوة من النقابات".
_BI_PREPOSITIONS = _folded(
    {"بعد", "بين", "بسبب", "بدعوة", "بمناسبة", "بالتزامن", "بشكل", "بصورة", "برغم", "بالرغم", "بحضور", "بمشاركة",
     "بقيادة", "بالاضافة", "بدون", "بلا", "بهدف", "بغية", "بعيد", "بينما", "بينهم", "بداية", "بدء"}
)
_PROTEST_VERBS_WITH_BI = _verb_set("تظاهر|يتظاهر اعتصم|يعتصم")


def other_sense(hit: TriggerHit, tokens: list[Token], place_tokens: frozenset[int] = frozenset()) -> bool:
    """A protest word in another of its senses: "تظاهرة ثقافية", "تظاهرة المسرح" (in the
    Maghrebi and Levantine press an event of any kind); "تظاهر بالمرض" (to feign) and
    "اعتصم بالصمت" (to hold fast to): the verb with a ب-object that is not a place or a
    number ("اعتصموا بساحة الشهداء", "تظاهروا بالآلاف")."""
    if hit.trigger.type != "PROTEST" or hit.last + 1 >= len(tokens) or clause_break(tokens, hit.last + 1):
        return False
    head = tokens[hit.first]
    if not hit.trigger.head_is_verb:
        return head.stems[-1].startswith("تظاهر") and tokens[hit.last + 1].folded.lstrip("وف") in _FESTIVAL
    if hit.last != hit.first or not any(s in _PROTEST_VERBS_WITH_BI for s in head.verb_stems):
        return False
    for j in range(hit.last + 1, min(len(tokens), hit.last + 4)):  # the subject may stand between
        if clause_break(tokens, j):
            return False
        bare = tokens[j].folded.lstrip("وف")
        if not bare.startswith("ب") or bare in _BI_PREPOSITIONS:
            continue
        if j in place_tokens:
            return False
        noun = bare[1:]
        noun = noun[2:] if noun.startswith("ال") else noun
        return noun not in _PLACE_OR_COUNT and ("ال" + noun) not in _CROWD_FILLERS and noun not in _CROWD_FILLERS
    return False


def irrealis_purpose(hit: TriggerHit, tokens: list[Token]) -> bool:
    """"يخطط لخروج مظاهرات احتجاجا على", "حث على مقاطعة الألعاب احتجاجا على": a noun of
    purpose qualifies its clause's act, which is only called for or planned."""
    nxt = tokens[hit.last + 1].folded if hit.last + 1 < len(tokens) else ""
    if hit.trigger.head_is_verb or not tokens[hit.first].folded.endswith("ا") or nxt not in ("علي", "ضد"):
        return False
    for j in range(hit.first - 1, max(-1, hit.first - 12), -1):
        t = tokens[j]
        if any(s in IRREALIS_VERB_FORMS for s in t.verb_stems) or any(b in _IRREALIS_NOUNS for s in t.stems for b in _noun_bases(s)):
            return True
        if clause_break(tokens, j):
            break
    return False


# ---------------------------------------------------------------------------
# negation, claims, dates


def is_negated(hit: TriggerHit, tokens: list[Token]) -> bool:
    k = hit.first
    for j in range(max(0, k - 2), k):
        if tokens[j].folded.lstrip("وف") in NEGATORS or tokens[j].folded in NEGATORS:
            return True
    for j in range(0, k):
        t = tokens[j]
        if not DENIAL_FORMS.isdisjoint(t.stems[:3]):
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


# A sentence with no digit, month, weekday or relative time word has no date: skip the
# date patterns (the costly part of coding a long article).
_MAY_HAVE_DATE = re.compile(
    "[0-9\u0660-\u0669\u06f0-\u06f9]|امس|أمس|اليوم|غدا|الماضي|المقبل|القادم|الحالي|الجاري|"
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|ماي|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|"
    "كانون|شباط|آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|أيلول|ايلول|تشرين|جانفي|فيفري|أفريل|افريل|جوان|جويلي|أوت|"
    "شتنبر|نونبر|دجنبر|غشت|يوليوز|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|"
    "محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|القعدة|الحجة|الأول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|العشرين|الثلاثين"
)


def sentence_dates(text: str, sentence: tuple[int, int], ctx: ArticleContext) -> list[tuple[int, str]]:
    """(offset in text, ISO date) of every date a sentence states, resolved as far as the
    article allows: a yearless date takes the year of the article's reference date; a
    relative one ("أمس", "مساء السبت") needs the publication date."""
    a, b = sentence
    raw = text[a:b]
    out: list[tuple[int, str]] = []
    if not _MAY_HAVE_DATE.search(raw):
        return out
    folded, offsets = fold_with_offsets(raw)
    for d in find_absolute(folded):
        at = a + offsets[d.start]
        if d.year is not None:
            iso = d.iso()
            if iso:
                out.append((at, iso))
            continue
        if d.month is None:
            continue
        year = _year_for(d.month, d.month_relative, ctx)
        if year is None:
            continue
        if d.day is None:
            out.append((at, f"{year:04d}-{d.month:02d}"))
            continue
        try:
            out.append((at, dt.date(year, d.month, d.day).isoformat()))
        except ValueError:
            continue
    ref = ctx.published
    if ref is not None:
        for d in find_relative(folded):
            if d.relative:
                resolved = resolve_relative(d.relative, ref)
                if resolved:
                    out.append((a + offsets[d.start], resolved))
    return sorted(out)


def _year_for(month: int, relative: str | None, ctx: ArticleContext) -> int | None:
    ref = ctx.published or ctx.reference
    if ref is None:
        return None
    if relative == "الماضي" and month > ref.month:
        return ref.year - 1
    if relative in ("المقبل", "القادم") and month < ref.month:
        return ref.year + 1
    return ref.year


def nearest_date(dates: list[tuple[int, str]], at: int, other_triggers: list[int]) -> str | None:
    """The date closest to a trigger at offset `at` with no other trigger between them."""
    best: tuple[int, str] | None = None
    for pos, iso in dates:
        lo, hi = sorted((pos, at))
        if any(lo < t < hi for t in other_triggers):
            continue
        if best is None or abs(pos - at) < abs(best[0] - at):
            best = (pos, iso)
    return best[1] if best else None

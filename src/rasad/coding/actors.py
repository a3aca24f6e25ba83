"""Actor recognition and coding on a clean article body.

1. Match: one Aho-Corasick pass over the folded body finds every lexicon form whose
   match starts a word (after optional proclitics و ف ب ل ك) and ends one; the
   longest match wins where matches overlap.
2. Attach: a sector word followed (within two adjectives, or across "في") by a country
   reference becomes that country's sector ("وزير الدفاع الروسي" RUSMIL, "المشرعون في
   موسكو" RUSLEG, "قوات الاحتلال" ISRMIL); followed by an organisation it is that
   organisation ("رئيس حلف شمال الأطلسي" NATO).
3. Code the rest: a country alone is the bare code; a capital is its government unless
   it is a place ("في بودابست"); a demonym is its country, a plural of people its
   civilians; persons take the role valid on the article's date.
4. Resolve short mentions: a person's family name later in the text, and a bare sector
   word ("الجيش") when the article names exactly one country with that sector.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from rasad.arabic import fold, fold_with_offsets
from rasad.lexicons.actors import ActorEntry, ActorLexicon, SectorEntry
from rasad.lexicons.tsv import REGIONS as REGION_CODES
from rasad.types import Actor

_PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "لل", "ولل", "فلل", "وال", "بال", "فال", "كال"})
_WORD_CHAR = re.compile(r"[\w\u0640\u064b-\u065f\u0670]")
_TOKEN = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+")
_POSSESSIVE = re.compile(r"(?:ه|ها|هم|هما|تها|ته|تهم)(?![\w])")
_LOCATIVE = frozenset({"في", "الي", "من", "عن", "نحو", "قرب", "داخل", "حول", "بين", "الى", "العاصمه", "عاصمه", "مدينه", "وصل", "زار", "زياره"})
# Authorities that act where the story happens: a bare "الشرطة" in a paragraph set in
# one country is that country's police.
_LOCAL_AUTHORITIES = frozenset(
    {"الشرطه", "السلطات", "قوات الامن", "رجال الامن", "الامن العام", "قوات الشرطه", "الاجهزه الامنيه",
     "رجال الشرطه", "الدفاع المدني", "السلطات المحليه"}
)
_PREPOSITIONS = frozenset({"في", "من", "الي", "علي", "عن", "مع", "ضد", "بين", "نحو", "منذ", "حتي", "لدي"})
# Before a country or region name these make it a place, not an actor ("تحطمت في البرازيل").
_COUNTRY_LOCATIVE = frozenset({"في", "من", "داخل", "قرب", "نحو", "عبر", "انحاء", "ارجاء"})
# Nouns of place: a demonym on them names a place, not an actor ("الجانب اللبناني").
_PLACE_NOUNS = frozenset(
    {"الجانب", "الحدود", "المحيط", "محيط", "حدود", "المنطقه", "منطقه", "الاراضي", "اراضي", "المدن", "المدينه", "مدينه",
     "العاصمه", "عاصمه", "القريه", "البلده", "السواحل", "سواحل", "الساحل", "المياه", "مياه", "الاجواء", "اجواء",
     "الجنوب", "الشمال", "الشرق", "الغرب", "الوسط", "الداخل", "الخارج", "الشريط", "المحافظه", "محافظه", "الولايه",
     "الاقليم", "اقليم", "البلاد", "الريف", "ريف", "الضفه", "القطاع", "الجزيره", "البحر", "الصحراء", "المناطق", "مناطق",
     "اللغه", "باللغه", "الحدوديه", "العمله", "الليره", "الجنيه", "الدينار", "الريال", "الدرهم"}
)


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # folded offsets
    end: int
    values: tuple[object, ...]
    prefix: str  # the proclitics before the match inside its word
    suffix: str = ""  # a possessive pronoun after a sector word ("جنودها", "حكومته")


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One coded mention: code, the entry behind it (if any), folded and original spans."""

    code: str
    start: int  # offsets into the original text
    end: int
    entry: ActorEntry | None
    sector_word: bool = False  # coded from a sector word
    place: bool = False  # a country or capital used as a place ("في بودابست"): not an actor
    implied: bool = False  # a word standing for actors named before ("البلدين"): coded, not listed


def _find(lex: ActorLexicon, folded: str, original: str = "", offsets: list[int] | None = None) -> list[_Match]:
    found: list[_Match] = []
    for end_idx, (key, values) in lex.automaton.iter(folded):
        end = end_idx + 1
        start = end - len(key)
        suffix = ""
        if end < len(folded) and _WORD_CHAR.match(folded[end]):
            # "جنودها", "قواته", "حكومته": a sector word with a possessive pronoun
            pron = _POSSESSIVE.match(folded, end)
            if pron is None or not any(isinstance(v, SectorEntry) and not v.attach_only for v in values) or " " in key:
                continue
            if offsets is not None and original[offsets[end]] == "ة":
                continue  # a ta marbuta ("العمالة", "محافظة"), not the pronoun ه
            suffix = pron.group()
            end = pron.end()
        word_start = start
        while word_start > 0 and _WORD_CHAR.match(folded[word_start - 1]):
            word_start -= 1
        prefix = folded[word_start:start]
        if prefix not in _PROCLITICS:
            continue
        if suffix:
            values = tuple(v for v in values if isinstance(v, SectorEntry))
            found.append(_Match(start, end, values, prefix, suffix))
        else:
            found.append(_Match(start, end, values, prefix))
    # Longest first, then leftmost: keep non-overlapping.
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    starts: list[int] = []  # of the matches taken, sorted; they never overlap, so the
    taken: list[_Match] = []  # neighbours by start are the only ones to check
    for m in found:
        i = bisect.bisect_left(starts, m.start)
        if (i > 0 and taken[i - 1].end > m.start) or (i < len(taken) and taken[i].start < m.end):
            continue
        starts.insert(i, m.start)
        taken.insert(i, m)
    return taken


def lexicon_codes(text: str, lex: ActorLexicon) -> set[str]:
    """Codes of every lexicon entry whose form occurs in `text` (proclitics allowed),
    before any coding rule: what the matcher sees."""
    folded, _ = fold_with_offsets(text)
    return {v.code for m in _find(lex, folded) for v in m.values if isinstance(v, ActorEntry)}


def _pick(values: tuple[object, ...], day: dt.date | None) -> ActorEntry | None:
    entries = [v for v in values if isinstance(v, ActorEntry)]
    if not entries:
        return None
    if day is not None:
        valid = [e for e in entries if e.valid_on(day)]
        if valid:
            return valid[0]
        dated = [e for e in entries if e.start or e.end]
        if dated and len(dated) == len(entries):
            # Everyone with this name had left office (or not yet taken it) by then.
            e = dated[0]
            return ActorEntry(e.form, e.code[:3] if e.country else e.code, e.name, "former", e.start, e.end)
        return entries[0]
    # No date: the most recent role.
    return max(entries, key=lambda e: (e.start or "0000", e.end or "9999"))


def _sector(values: tuple[object, ...]) -> SectorEntry | None:
    for v in values:
        if isinstance(v, SectorEntry):
            return v
    return None


def _tokens_between(folded: str, a: int, b: int) -> list[str]:
    return _TOKEN.findall(folded[a:b])


def _gap_ok(folded: str, a: int, b: int, allow_fi: bool = True) -> bool:
    """Between a sector word and its country: at most two adjectives (ال...), or "في"."""
    between = folded[a:b]
    if any(ch in between for ch in ".،,؛;:!؟?()\n"):
        return False
    toks = _tokens_between(folded, a, b)
    if not toks:
        return True
    if allow_fi and toks == ["في"]:
        return True
    if len(toks) <= 2 and all(t.startswith("ال") for t in toks):
        return True
    # "وزير خارجية روسيا": a construct noun between head and country (not a preposition).
    return len(toks) == 1 and not toks[0].startswith("ال") and toks[0] not in _PREPOSITIONS


def _prev_token(folded: str, start: int) -> str:
    toks = _TOKEN.findall(folded[max(0, start - 40) : start])
    return toks[-1] if toks else ""


def find_actors(text: str, lex: ActorLexicon, day: dt.date | None = None) -> list[ActorMention]:
    """All coded actor mentions in `text` (offsets into `text`), in text order."""
    folded, offsets = fold_with_offsets(text)
    matches = _amman(_find(lex, folded, text, offsets), folded, text, offsets)
    out: list[tuple[int, int, str, ActorEntry | None, bool]] = []  # folded spans
    used: set[int] = set()
    for i, m in enumerate(matches):
        if i in used:
            continue
        sec = _sector(m.values)
        entry = _pick(m.values, day)
        if m.suffix and sec is not None:
            owner = _last_country(out) if sec.sector != "CVL" else None
            if owner:
                out.append((m.start, m.end, owner + sec.sector, None, True))
            continue
        if sec is not None and (entry is None or len(sec.form) > len(entry.form)):
            # A sector word: look for what it belongs to.
            if i + 1 < len(matches):
                nxt = matches[i + 1]
                nentry = _pick(nxt.values, day)
                # "المشرعون في", "أحزاب المعارضة في": definite, or made definite by its genitive
                definite = folded[m.start : m.start + 2] == "ال" or " ال" in folded[m.start : m.end]
                # "بالمبعوث": a preposition fused to the next word starts a new phrase;
                # "للأمم المتحدة" (head + ل + organisation) is a genitive and attaches.
                fused_ok = "ب" not in nxt.prefix and "ك" not in nxt.prefix
                if sec.attach_only and (nentry is None or (nentry.kind != "demonym" and _tokens_between(folded, m.end, nxt.start))):
                    continue  # a generic word ("العسكرية") only joins a demonym or a name right after it
                if (
                    nentry is not None
                    and _sector(nxt.values) is None
                    and fused_ok
                    and _gap_ok(folded, m.end, nxt.start, definite)
                ):
                    code = _attach(sec.sector, nentry)
                    if code:
                        used.add(i + 1)
                        out.append((m.start, nxt.end, code, nentry if nentry.kind in ("person", "org") else None, True))
                        # "التعاون العسكري التونسي الجزائري": coordinated demonyms share the sector.
                        j = i + 2
                        while j < len(matches) and nentry.kind == "demonym":
                            cand = _pick(matches[j].values, day)
                            # "القوات البحرية المصرية والسعودية": a coordinated adjective, which may
                            # be spelt like the country ("السعودية", "الإمارات")
                            coordinated_name = cand is not None and cand.kind == "country" and "و" in matches[j].prefix
                            if (
                                cand is None
                                or (cand.kind != "demonym" and not coordinated_name)
                                or not _gap_ok(folded, matches[j - 1].end, matches[j].start, False)
                                or _tokens_between(folded, matches[j - 1].end, matches[j].start)
                            ):
                                break
                            chained = _attach(sec.sector, cand)
                            if chained:
                                used.add(j)
                                out.append((matches[j].start, matches[j].end, chained, None, True))
                            j += 1
                        continue
            if not sec.attach_only:
                out.append((m.start, m.end, "?" + sec.sector, None, True))
            continue
        if entry is None:
            continue
        code = _standalone_code(entry, folded, m)
        if code:
            out.append((m.start, m.end, code, entry, False))
        elif entry.kind in ("capital", "country", "region", "demonym", "demonym_people") and entry.country:
            # kept as a place: the location of an event, or the target of a visit ("إلى بيونغ يانغ")
            place_code = entry.code[:3] + "GOV" if entry.kind == "capital" else entry.code[:3]
            out.append((m.start, m.end, "@" + place_code, entry, False))
    return _role_names(text, _resolve(out, folded, offsets, lex, day))


def _amman(matches: list[_Match], folded: str, text: str, offsets: list[int]) -> list[_Match]:
    """"عمان" is Oman, or Amman, the capital of Jordan, which folding makes the same word:
    written "عمّان" (the shadda), or in an article that names Jordan and not the Sultanate,
    it is Amman."""
    bare = [i for i, m in enumerate(matches) if folded[m.start : m.end] == "عمان"]
    if not bare:
        return matches
    codes = {getattr(v, "code", "") for m in matches for v in m.values}
    jordan = any(c[:3] == "JOR" for c in codes)
    sultanate = "سلطنه عمان" in folded or "سلطنة عمان" in folded
    out = list(matches)
    for i in bare:
        m = matches[i]
        oman = next((v for v in m.values if isinstance(v, ActorEntry) and v.code == "OMN"), None)
        shadda = "\u0651" in text[offsets[m.start] : offsets[m.end - 1] + 1]
        if oman is not None and (shadda or (jordan and not sultanate)):
            amman = replace(oman, code="JOR", name="Amman", kind="capital")
            out[i] = replace(m, values=(amman,))
    return out


# Verbs a speaker's bare family name follows: "وقال عريقات", "وأضاف شكري".
_SPEAKER_VERB = (
    r"(?:و|ف)?(?:قال|أضاف|اضاف|أكد|اكد|أوضح|اوضح|تابع|ذكر|أشار|اشار|دعا|طالب|حذر|اعتبر|رأى|راى|شدد|لفت|"
    r"أعلن|اعلن|نفى|نفي|اتهم|رفض|أعرب|اعرب|يقول|يضيف|قالت|أضافت)"
)
_NAME_WORD = r"[\u0621-\u064A\u064B-\u0652]{3,}"
_NAME_AFTER = re.compile(rf"\s+({_NAME_WORD})\s+({_NAME_WORD})(?![\w])")
_SPOKEN_BY = re.compile(rf"(?<![\w]){_SPEAKER_VERB}\s+({_NAME_WORD})(?![\w])")
# Words that may follow a body's name but name no one: "قال وزير الدفاع إن", "الجيش السوري قصف".
_NOT_NAMES = frozenset(
    fold(w) for w in ("إن", "أن", "في", "من", "على", "عن", "إلى", "قد", "لم", "لن", "خلال", "بعد", "قبل", "يوم", "أمس",
                      "منذ", "حيث", "كما", "التي", "الذي", "عبر", "لدى", "بين", "حول", "إنه", "إنها", "أنه", "أنها")
)


def _role_names(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """"أمين سر اللجنة التنفيذية لمنظمة التحرير صائب عريقات ... وقال عريقات": a name of two
    words the lexicon lacks, right after a body or office it holds, is that actor; so is its
    family name later in the article, where a speech verb introduces it."""
    spoken: dict[str, list[tuple[int, int]]] = {}  # a word after a speech verb -> where (one pass)
    for r in _SPOKEN_BY.finditer(text):
        spoken.setdefault(fold(r.group(1)), []).append((r.start(1), r.end(1)))
    if not spoken:
        return mentions
    starts = [m.start for m in mentions]  # mentions are sorted and do not overlap

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, b)
        return i == 0 or mentions[i - 1].end <= a

    extra: list[ActorMention] = []
    claimed: set[int] = set()
    for m in mentions:
        if m.place or m.implied or (m.entry is not None and m.entry.kind in ("person", "country", "capital")):
            continue
        name = _NAME_AFTER.match(text, m.end, m.end + 60)
        if name is None:
            continue
        first, family = fold(name.group(1)), fold(name.group(2))
        if first.startswith("ال") or family.startswith("ال") or first in _NOT_NAMES or family in _NOT_NAMES:
            continue
        a, b = name.start(1), name.end(2)
        later = [(x, y) for x, y in spoken.get(family, ()) if x > b and x not in claimed and free(x, y)]
        if not later or not free(a, b):
            continue  # a name is told again; two words that are not one are not
        extra.append(ActorMention(m.code, a, b, None, m.sector_word))
        extra += [ActorMention(m.code, x, y, None, m.sector_word) for x, y in later]
        claimed |= {x for x, _ in later}
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _last_country(spans: list[tuple[int, int, str, ActorEntry | None, bool]]) -> str | None:
    """The country of the nearest actor before: whose army "جيشه" is."""
    for _, _, code, _, _ in reversed(spans):
        if code[0] not in "?@" and len(code) in (3, 6) and code[:3].isalpha() and code not in REGION_CODES:
            return code[:3]
    return None


def _attach(sector: str, target: ActorEntry) -> str | None:
    if target.kind in ("org", "region") and sector in ("GOV", "MIL"):
        return target.code  # "رئيس حلف شمال الأطلسي": the organisation itself
    if target.code in REGION_CODES:
        return target.code  # "زعماء أوروبيين": the region, which has no sectors
    if target.kind in ("group", "party"):
        return target.code
    if target.kind == "person":
        return target.code
    country = target.country
    if country is None:
        return None
    return country + sector


def _is_place(folded: str, m: _Match, prepositions: frozenset[str]) -> bool:
    """A name used as a place: after a locative preposition ("في بودابست", "من سورية"),
    with a fused ب ("بموسكو"), or after a place noun ("ريف دمشق")."""
    if "ب" in m.prefix:
        return True
    prev = _prev_token(folded, m.start - len(m.prefix))
    if prev in prepositions or prev in _PLACE_NOUNS:
        return True
    # "العاصمة النيبالية كاتماندو": a place noun and its adjective before the name
    toks = _TOKEN.findall(folded[max(0, m.start - 40) : m.start - len(m.prefix)])
    return len(toks) >= 2 and toks[-2] in ("العاصمه", "عاصمه", "مدينه", "المدينه")


def _standalone_code(entry: ActorEntry, folded: str, m: _Match) -> str | None:
    kind = entry.kind
    if kind == "capital":
        if _is_place(folded, m, _LOCATIVE):
            return None
        return entry.code[:3] + "GOV"
    if kind in ("country", "region") and _is_place(folded, m, _COUNTRY_LOCATIVE):
        return None
    if kind in ("demonym", "demonym_people"):
        prev = _prev_token(folded, m.start - len(m.prefix))
        if prev in _PLACE_NOUNS:
            return None
        country = entry.code[:3] if entry.country else entry.code
        if kind == "demonym_people" and entry.country:
            return country + "CVL"
        return country
    if kind == "former":
        return entry.code
    return entry.code


def _resolve(
    spans: list[tuple[int, int, str, ActorEntry | None, bool]],
    folded: str,
    offsets: list[int],
    lex: ActorLexicon,
    day: dt.date | None,
) -> list[ActorMention]:
    # Family names of persons named in full: later bare uses are the same person.
    aliases: dict[str, ActorEntry] = {}
    for _, _, code, entry, _ in spans:
        if entry is not None and entry.kind == "person" and " " in entry.form:
            last = entry.form.split(" ")[-1]
            if len(last) >= 4:
                aliases.setdefault(fold(last), ActorEntry(last, code, entry.name, "person"))
    covered = [(a, b) for a, b, *_ in spans]
    extra: list[tuple[int, int, str, ActorEntry | None, bool]] = []
    for alias, entry in aliases.items():
        for mm in re.finditer(rf"(?<![\w\u0640\u064b-\u065f\u0670])(?:[وفبل])?{re.escape(alias)}(?![\w\u0640\u064b-\u065f\u0670])", folded):
            a = mm.end() - len(alias)
            if all(mm.end() <= s or a >= e for s, e in covered):
                extra.append((a, mm.end(), entry.code, entry, False))
    spans = sorted(spans + extra + _duals(spans, folded, lex), key=lambda s: s[0])
    # Bare sector words: the one country the article gives that sector, else the only country.
    by_sector: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, int] = defaultdict(int)
    for _, _, code, _, _ in spans:
        if code[0] not in "?@~" and code[:3] in lex.country_names:
            if len(code) == 6:
                by_sector[code[3:]].add(code[:3])
            countries[code[:3]] += 1
    out: list[ActorMention] = []
    for a, b, code, entry, sector_word in spans:
        if code.startswith("@"):
            out.append(ActorMention(code[1:], offsets[a], offsets[b], entry, False, place=True))
            continue
        if code.startswith("~"):
            out.append(ActorMention(code[1:], offsets[a], offsets[b], entry, False, implied=True))
            continue
        if code.startswith("?"):
            sector = code[1:]
            word = folded[a:b]
            # civilians are unnamed by nature ("طلبة ومحتجون"); a plural in construct is
            # definite by its genitive ("متمردي الحزب", "مسلحي الجماعة")
            # (a noun in construct with a definite genitive is definite: "قوى الأمن الداخلي")
            definite = word.startswith(("ال", "لل")) or " ال" in word or word in lex.construct_plurals
            if not definite and sector != "CVL":
                continue  # an indefinite sector word ("مسؤولين") names nobody in particular
            owners = by_sector.get(sector, set())
            named_here = _paragraph_countries(spans, folded, a, lex, places=False)
            local = _paragraph_countries(spans, folded, a, lex, places=True) if word in _LOCAL_AUTHORITIES else set()
            if len(local) == 1:
                code = next(iter(local)) + sector  # "ذكرت الشرطة" in a brief set in Nepal
            elif len(named_here) == 1 and sector != "CVL":
                code = next(iter(named_here)) + sector  # the one country of this paragraph
            elif len(owners) == 1:
                code = next(iter(owners)) + sector
            elif len(countries) == 1 and not (sector == "CVL" and word.startswith("لل")):
                code = next(iter(countries)) + sector
            else:
                continue  # ("قال للصحفيين": the people spoken to are no actor)
        out.append(ActorMention(code, offsets[a], offsets[b], entry, sector_word))
    return out


# "البلدين", "الطرفان", "الدولتين": the two countries told just before.
_DUAL = re.compile(
    r"(?<![\w\u0640\u064b-\u065f\u0670])(?:[وف])?(?:ال|بال|لل|كلا ال)(?:بلد|دولت|جانب|طرف)(?:ين|ان)(?![\w\u0640\u064b-\u065f\u0670])"
)


def _duals(
    spans: list[tuple[int, int, str, ActorEntry | None, bool]], folded: str, lex: ActorLexicon
) -> list[tuple[int, int, str, ActorEntry | None, bool]]:
    """"البلدين", "الجانبان", "كلا الطرفين": the two countries the article has named most
    before it (as actors or places); one span for each."""
    out: list[tuple[int, int, str, ActorEntry | None, bool]] = []
    if "ين" not in folded and "ان" not in folded:
        return out
    ordered = sorted(spans, key=lambda s: s[0])
    for m in _DUAL.finditer(folded):
        a, b = m.start(), m.end()
        if any(s < b and a < e for s, e, *_ in ordered):
            continue
        # the two countries the article has named most so far (the later one first on a tie)
        count: dict[str, int] = defaultdict(int)
        last: dict[str, int] = {}
        for s, _, code, _, _ in ordered:
            bare = code.lstrip("@")
            if s >= a:
                break
            if code.startswith("?") or bare[:3] not in lex.country_names or bare in REGION_CODES:
                continue
            count[bare[:3]] += 1
            last[bare[:3]] = s
        if len(count) < 2:
            continue
        pair = sorted(count, key=lambda c: (-count[c], -last[c]))[:2]
        start = a + (len(m.group()) - len(m.group().lstrip("وف")))
        out += [(start, b, "~" + c, None, False) for c in sorted(pair, key=lambda c: last[c])]
    return out


def _paragraph_countries(
    spans: list[tuple[int, int, str, ActorEntry | None, bool]], folded: str, at: int, lex: ActorLexicon, places: bool
) -> set[str]:
    """Countries of the paragraph around offset `at`: as actors, or (`places`) as the
    places it is set in ("في كاتماندو")."""
    start = folded.rfind("\n", 0, at) + 1
    end = folded.find("\n", at)
    end = len(folded) if end == -1 else end
    out = set()
    for a, _, code, _, _ in spans:
        bare = code.lstrip("@")
        if start <= a < end and code.startswith("@") == places and not code.startswith("?") and bare[:3] in lex.country_names:
            out.add(bare[:3])
    return out


def actors_of(mentions: list[ActorMention], lex: ActorLexicon) -> tuple[Actor, ...]:
    """One Actor per code, with every mention, in order of first mention."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.place or m.implied:
            continue
        spans[m.code].append((m.start, m.end))
        if m.entry is not None and m.entry.kind in ("person", "org", "group", "party", "institution"):
            names[m.code].add(m.entry.name)
        else:
            names[m.code].add("")
    out = []
    for code, sp in spans.items():
        named = names[code]
        name = next(iter(named)) if len(named) == 1 and "" not in named else lex.code_name(code)
        out.append(Actor(code=code, name=name, mentions=tuple(sorted(set(sp)))))
    return tuple(out)

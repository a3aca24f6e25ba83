"""Dates as the Arabic press writes them.

Finds absolute dates in every common form (both Gregorian month series: the Egyptian
يناير/فبراير and the Levantine كانون الثاني/شباط, the Maghrebi جانفي/فيفري and
Moroccan شتنبر/دجنبر spellings, double forms such as "8 تشرين الثاني/نوفمبر",
ordinal day words such as "السابع من نوفمبر", Arabic-Indic digits, numeric dates,
Hijri dates converted with hijridate) and relative expressions (أمس، اليوم، الأسبوع
الماضي، مساء السبت ...). Relative expressions resolve only against a known
publication date; a month without a year takes a year only from the same article.

All matching runs on the folded text (rasad.arabic.fold), whose offsets map back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hijridate import Hijri

from rasad.arabic import fold

# Folded month names -> month number.
_GREGORIAN = {
    # Egyptian / Gulf series and variants
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "اغسطوس": 8, "سبتمبر": 9,
    "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Maghrebi (Algeria, Tunisia) series
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7,
    "جويلية": 7, "اوت": 8,
    # Moroccan series
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # Levantine / Iraqi series
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11,
    "كانون الاول": 12,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_HIJRI = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6,
    "جمادي الثاني": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}
# Month names that are also common words: taken as months only next to a day or year.
_AMBIGUOUS_MONTHS = frozenset({"اب", "ماي", "مارس", "may", "march"})
_WEEKDAYS = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}
_ORDINAL_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_ORDINAL_DAYS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ORDINAL_UNITS)}
_ORDINAL_DAYS.update({"العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "العشرين": 20, "الثلاثين": 30})
for _i, _w in enumerate(["الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"], start=13):
    _ORDINAL_DAYS[_w + " عشر"] = _i
for _i, _w in enumerate(["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"], start=21):
    _ORDINAL_DAYS[_w + " والعشرين"] = _i
_ORDINAL_DAYS["الحادي والثلاثين"] = 31


def _alternation(names: object) -> str:
    # Longest first so "تشرين الثاني" wins over a shorter prefix; spaces and "/" flexible.
    keys = sorted(names, key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(k).replace(r"\ ", r"[\s/]*") for k in keys)


_MONTH = _alternation(_GREGORIAN)
_HMONTH = _alternation(_HIJRI)
_ORD = _alternation(_ORDINAL_DAYS)
_YEAR = r"(?:19|20)\d\d"
# "حزيران/يونيو", "يونيو (حزيران)", "نوفمبر - تشرين الثاني": a second name for the same month.
_MONTH_PAIR = rf"(?P<month>{_MONTH})(?:\s*[/(\-–]\s*(?:{_MONTH})\s*\)?)?"
_B = r"(?<![\w])"  # no word character just before
# ... or only a proclitic (و ف ب ل) that starts the word: "والشهر الماضي", "بالأمس".
_BC = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
_E = r"(?![^\W\d_])"  # no letter just after (a digit may follow: "يناير2025")
# The same tests as _B, made after the first characters of a pattern, so that the pattern
# starts with a character class and the regular expression engine skips to the places
# where one stands instead of trying every position (a year, a day, "من").
_B_YEAR = rf"(?P<year>{_YEAR})(?<!\w\d\d\d\d)"  # = {_B}(?P<year>{_YEAR})
_B_DAY = r"(?P<day>\d(?<!\w\d)\d?)"  # = {_B}(?P<day>\d{1,2})
# = {_B}(?:عام|سنه|العام|خلال|منذ|في), each word tested once read
_B_YEAR_WORD = "(?:" + "|".join(rf"{w}(?<!\w{w})" for w in ("عام", "سنه", "العام", "خلال", "منذ", "في")) + ")"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"{_B_YEAR}-(?P<mnum>\d\d)-(?P<day>\d\d)")),
    ("ymd", re.compile(rf"{_B_YEAR}[/.](?P<mnum>\d{{1,2}})[/.](?P<day>\d{{1,2}}){_E}")),
    ("dmy", re.compile(rf"{_B_DAY}[/.\-](?P<mnum>\d{{1,2}})[/.\-](?P<year>{_YEAR}){_E}")),
    (
        "period",
        re.compile(
            rf"من(?<!\wمن)\s+(?:\d{{1,2}})\s+(?:الي|حتي)\s+(?:غايه\s+)?(?:\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?{_MONTH_PAIR}(?:\s*(?:من\s+)?(?:عام|سنه)?\s*,?\s*(?P<year>{_YEAR}))?"
        ),
    ),
    (
        "hijri",
        re.compile(
            rf"{_B_DAY}\s+(?:من\s+)?(?P<hmonth>{_HMONTH})\s*,?\s*(?:(?:من\s+)?(?:عام|سنه)\s*)?(?P<year>1[34]\d\d)\s*(?:هـ|ه{_E}|هجري)"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"{_B}(?:(?P<day>\d{{1,2}})|(?P<ord>{_ORD}))(?:\s*(?:من|في))?\s+(?:شهر\s+)?{_MONTH_PAIR}{_E}(?:\s*(?:من\s+)?(?:(?:عام|سنه|العام)\s*)?,?\s*(?P<year>{_YEAR}))?"
        ),
    ),
    (
        "en",
        re.compile(
            rf"{_B_DAY}(?:st|nd|rd|th)?\s*,?\s*{_MONTH_PAIR}\s*,?\s*(?P<year>{_YEAR})"
        ),
    ),
    (
        "my",
        re.compile(
            rf"{_B}(?:شهر\s+)?{_MONTH_PAIR}{_E}(?:\s*(?:من\s+)?(?:(?:عام|سنه|العام)\s*)?,?\s*(?P<year>{_YEAR}))?(?P<last>\s+(?:الماضي|المقبل|القادم|الحالي|الجاري))?"
        ),
    ),
    ("year", re.compile(rf"{_B_YEAR_WORD}\s+(?P<year>{_YEAR}){_E}")),
]

# What each pattern cannot match without, tested before it runs (most sentences hold no
# date, and each pattern is a scan of the text): a year of the form 19xx / 20xx ("year"),
# a Hijri year 13xx / 14xx ("hijri"), a digit ("digit"), or a month name standing as a
# word: after no word character, before no letter ("month"; in "dm" and "my" the month
# is so, whether or not a second name follows it).
_NEEDS = {
    "iso": "year", "ymd": "year", "dmy": "year", "period": "digit", "hijri": "hijri",
    "dm": "month", "en": "year", "my": "month", "year": "year",
}
_ANY_DIGIT = re.compile(r"\d")
_MONTH_WORD = re.compile(rf"{_B}(?:{_MONTH}){_E}")


def _present(folded: str) -> set[str]:
    out = set()
    if "19" in folded or "20" in folded:
        out.add("year")
    if "13" in folded or "14" in folded:
        out.add("hijri")
    if _ANY_DIGIT.search(folded):
        out.add("digit")
    if _MONTH_WORD.search(folded):
        out.add("month")
    return out


_RELATIVE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_BC}(?:يوم\s+)?(?:ال)?(?:امس|البارحه){_E}"), "yesterday"),
    (re.compile(rf"{_BC}اول\s+(?:امس|من\s+امس){_E}"), "day_before_yesterday"),
    (re.compile(rf"{_BC}(?:اليوم|الليله|هذا\s+الصباح|صباح\s+اليوم|مساء\s+اليوم){_E}"), "today"),
    (re.compile(rf"{_BC}(?:غدا|غدًا){_E}"), "tomorrow"),
    (re.compile(rf"{_BC}الاسبوع\s+(?:الماضي|المنصرم|الفائت){_E}"), "last_week"),
    (re.compile(rf"{_BC}الشهر\s+(?:الماضي|المنصرم|الفائت){_E}"), "last_month"),
    (re.compile(rf"{_BC}العام\s+(?:الماضي|المنصرم|الفائت){_E}|{_BC}السنه\s+الماضيه{_E}"), "last_year"),
    (re.compile(rf"{_BC}(?:العام|السنه)\s+(?:الحالي|الجاري|الحاليه|الجاريه){_E}"), "this_year"),
]
_WEEKDAY = re.compile(rf"{_BC}(?:(?:يوم|مساء|صباح|ليله|ظهر|فجر)\s+)?(?P<wd>{'|'.join(_WEEKDAYS)}){_E}(?P<last>\s+(?:الماضي|المقبل|القادم))?")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in folded text: span, and the date at the precision the text gives."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    relative: str | None = None  # "yesterday", "last_month", "weekday:5" ...
    month_relative: str | None = None  # "الماضي"/"المقبل" after a month name

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _month_number(name: str) -> int | None:
    key = " ".join(name.replace("/", " ").split())
    return _GREGORIAN.get(key)


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if year is not None and month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return False
    elif day is not None and not 1 <= day <= 31:
        return False
    return True


# Patterns that find no full date (day, month and year): the last two, so leaving them
# out changes nothing that the others find.
_PARTIAL_ONLY = frozenset({"my", "year"})


def find_absolute(folded: str, full_only: bool = False) -> list[DateMention]:
    """Absolute (possibly partial) dates in folded text, non-overlapping, in text order.
    `full_only`: every full date is found, partial ones may be left out."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    present = _present(folded)
    for kind, pattern in _PATTERNS:
        if _NEEDS[kind] not in present or (full_only and kind in _PARTIAL_ONLY):
            continue
        for m in pattern.finditer(folded):
            a, b = m.span()
            if not free(a, b):
                continue
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            day: int | None = None
            month: int | None = None
            if groups.get("day"):
                day = int(groups["day"])
            elif groups.get("ord"):
                day = _ORDINAL_DAYS.get(" ".join(groups["ord"].split()))
            if kind == "hijri":
                hmonth = _HIJRI.get(" ".join(groups["hmonth"].split()))
                try:
                    g = Hijri(int(groups["year"]), hmonth or 1, day or 1).to_gregorian()
                except (ValueError, OverflowError):
                    continue
                year, month, day = g.year, g.month, g.day
            elif groups.get("mnum"):
                month = int(groups["mnum"])
            elif groups.get("month"):
                month = _month_number(groups["month"])
            if kind == "period":
                day = None
            if kind == "my" and year is None and groups["month"] in _AMBIGUOUS_MONTHS:
                continue  # "اب" (father), "مارس" (practised): a month only with a year
            if not _valid(year, month, day):
                continue
            rel = None
            last = groups.get("last")
            if last:
                rel = last.strip()
            taken.append((a, b))
            found.append(DateMention(a, b, year, month, day, month_relative=rel))
    found.sort(key=lambda d: d.start)
    return found


def find_relative(folded: str) -> list[DateMention]:
    out: list[DateMention] = []
    for pattern, kind in _RELATIVE:
        for m in pattern.finditer(folded):
            out.append(DateMention(m.start(), m.end(), None, None, None, relative=kind))
    for m in _WEEKDAY.finditer(folded):
        suffix = (m.group("last") or "").strip()
        kind = f"weekday:{_WEEKDAYS[m.group('wd')]}" + (":next" if suffix in ("المقبل", "القادم") else "")
        out.append(DateMention(m.start(), m.end(), None, None, None, relative=kind))
    out.sort(key=lambda d: d.start)
    return out


def resolve_relative(kind: str, published: dt.date) -> str | None:
    """A relative expression -> ISO date (or month/year) against the publication date."""
    if kind == "today":
        return published.isoformat()
    if kind == "yesterday":
        return (published - dt.timedelta(days=1)).isoformat()
    if kind == "day_before_yesterday":
        return (published - dt.timedelta(days=2)).isoformat()
    if kind == "tomorrow":
        return (published + dt.timedelta(days=1)).isoformat()
    if kind == "last_month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if kind == "last_year":
        return f"{published.year - 1:04d}"
    if kind == "this_year":
        return f"{published.year:04d}"
    if kind.startswith("weekday:"):
        parts = kind.split(":")
        wd = int(parts[1])
        if len(parts) > 2:  # "next <weekday>": a future day
            delta = (wd - published.weekday()) % 7 or 7
            return (published + dt.timedelta(days=delta)).isoformat()
        delta = (published.weekday() - wd) % 7  # the most recent such day, today included
        return (published - dt.timedelta(days=delta)).isoformat()
    return None  # "last_week": a window, not a date


def parse_date(text: str) -> dt.date | None:
    """The first full date (day, month, year) in `text`, or None."""
    for d in find_absolute(fold(text)):
        if d.year and d.month and d.day:
            return dt.date(d.year, d.month, d.day)
    return None


def article_years(folded_text: str) -> list[int]:
    """The years an article states, in text order (for completing yearless dates)."""
    return [d.year for d in find_absolute(folded_text) if d.year is not None]

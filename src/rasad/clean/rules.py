"""What a line of a news page is: body prose, site chrome, or a credit line.

These rules recognise chrome by what it is (a date header, a weather or currency
ticker, a menu, a share bar, a counter, a "most read" heading, a cookie notice, a URL),
never by which site it came from. They are shared by the plain-text and HTML cleaners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasad.arabic import arabic_share, fold
from rasad.dates import find_absolute

_DIGIT = re.compile(r"\d")
_PUNCT_EDGES = " \t:：.،,؛;!؟?|-–—ـ_•*·»«\"'“”()[]{}<>/\\"

# Section headings after which a list of other headlines follows (folded, no punctuation).
SECTION_HEADINGS = frozenset(
    fold(x)
    for x in (
        "الأكثر قراءة", "الأكثر قراءةً", "الأكثر مشاهدة", "الأكثر تداولا", "الأكثر تعليقا",
        "الأكثر شعبية", "الأكثر قراءة اليوم", "الأكثر قراءة هذا الأسبوع", "الأخبار الأكثر قراءة",
        "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ ايضا", "اقرأ المزيد", "إقرأ المزيد",
        "أخبار ذات صلة", "مواضيع ذات صلة", "مقالات ذات صلة", "اخبار متعلقة", "مواضيع متعلقة",
        "قد يهمك أيضا", "قد يعجبك أيضا", "ننصحك بقراءة", "شاهد أيضا", "المزيد من الأخبار",
        "آخر الأخبار", "أحدث الأخبار", "أخبار عاجلة", "عاجل", "الأخبار العاجلة", "آخر الأخبار العاجلة",
        "المزيد", "مختارات", "اخترنا لك", "ترشيحاتنا", "تابعونا", "تابعنا", "تابعونا على",
        "most popular", "most read", "related", "related articles", "related posts", "read more",
        "read also", "see also", "more stories", "latest news", "trending", "you may also like",
    )
)
# Lines that are chrome whole, whatever follows them (folded prefixes).
_CHROME_PREFIXES = tuple(
    fold(x)
    for x in (
        "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ ايضا", "اقرأ كذلك", "إقرأ كذلك", "شاهد أيضا",
        "شاهد ايضا", "شاهد:", "شارك", "مشاركة", "شارك الخبر", "شارك المقال", "شارك هذا",
        "انشر", "طباعة", "أرسل لصديق", "ارسل لصديق", "اترك تعليق", "أضف تعليق", "أضف تعليقك",
        "أرسل تعليق", "ارسل تعليق", "تعليقك", "التعليقات", "لن يتم نشر عنوان بريدك",
        "الحقول الإلزامية", "جميع الحقوق محفوظة", "كل الحقوق محفوظة", "حقوق النشر", "©",
        "الوسوم", "كلمات دلالية", "كلمات مفتاحية", "الكلمات المفتاحية", "تاغات", "الأقسام:", "القسم:",
        "التصنيف:", "تصنيف:", "نشر في:", "تاريخ النشر", "آخر تحديث", "اخر تحديث", "تم التحديث",
        "تابعونا على", "تابعنا على", "للاشتراك", "اشترك في", "اشترك الآن", "حمل تطبيق", "حمّل تطبيق",
        "تحميل تطبيق", "الرئيسية", "print friendly", "share", "tweet", "follow us", "subscribe",
        "all rights reserved", "copyright", "advertisement", "إعلان", "اعلان", "sponsored",
        "رابط مختصر", "الرابط المختصر", "نسخ الرابط", "للمزيد", "لمزيد من", "اضغط هنا", "انقر هنا",
        "مشاهدات", "مشاهدة:", "عدد القراءات", "عدد المشاهدات", "قراءة:", "زيارات",
    )
)
# Phrases that mark a whole line as legal or cookie boilerplate, wherever they stand.
_BOILERPLATE_PHRASES = tuple(
    fold(x)
    for x in (
        "ملفات تعريف الارتباط", "ملفات الكوكيز", "الكوكيز", "سياسة الخصوصية", "شروط الاستخدام",
        "بريدك الإلكتروني", "النشرة البريدية", "النشرة الإخبارية", "جميع الحقوق محفوظة",
        "cookies", "privacy policy", "terms of use", "newsletter",
    )
)
_SOCIAL = frozenset(
    fold(x)
    for x in (
        "فيسبوك", "فيس بوك", "تويتر", "إكس", "واتساب", "واتس اب", "تلغرام", "تيليجرام", "تلجرام",
        "انستغرام", "انستجرام", "إنستغرام", "يوتيوب", "لينكدإن", "لينكد إن", "تيك توك", "سناب شات",
        "ماسنجر", "بريد إلكتروني", "البريد الإلكتروني", "طباعة", "نسخ", "facebook", "twitter", "x",
        "whatsapp", "telegram", "instagram", "youtube", "linkedin", "tiktok", "email", "print",
        "messenger", "pinterest", "reddit", "موافق", "إغلاق", "اغلاق", "ok", "close", "accept",
    )
)
_CURRENCY = (
    "دولار", "يورو", "جنيه", "دينار", "ريال", "درهم", "ليرة", "ليره", "إسترليني", "استرليني",
    "شيكل", "شيقل", "ين", "روبل", "يوان", "فرنك", "بيتكوين", "الذهب", "النفط", "برنت",
)
_CURRENCY_RE = re.compile("|".join(fold(c) for c in _CURRENCY))
_WEATHER_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?\s*°?\s*[CFcf]?$")  # a temperature; or "°" anywhere
_COUNTER = re.compile(
    r"^(?:(?:قراءه|قراءات|مشاهده|مشاهدات|تعليق|تعليقات|زياره|زيارات|اعجاب|views?|comments?|likes?|reads?)\s*[:：]?\s*[\d,.]+[km]?|[\d,.]+[km]?\s*(?:قراءه|قراءات|مشاهده|مشاهدات|تعليق|تعليقات|زياره|زيارات|views?|comments?|likes?|reads?)?)$"
)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:com|net|org|info|ps|sa|ae|eg|ma|dz|tn|iq|sy|lb|jo|kw|qa|bh|om|ye|ly|sd|co|io|tv|news|online|me|uk|fr|de|ru)(?:/\S*)?$", re.I)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|ص|م)?", re.I)
_DATE_WORDS = frozenset(
    fold(x)
    for x in (
        "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
        "هـ", "ه", "م", "مـ", "ميلادي", "هجري", "الموافق", "gmt", "utc", "am", "pm", "ص",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "اليوم", "تحديث", "آخر", "اخر",
    )
)
# Credit lines: the role word, then the value (outlet or person).
_CREDIT = re.compile(
    r"^\s*(?P<role>المصدر|مصدر الخبر|المصادر|نقلا عن(?: موقع| صحيفة| وكالة)?|source|via|"
    r"المحرر|محرر|تحرير|إعداد|اعداد|كتب|كتبت|كتبه|بقلم|بقلم الكاتب|الكاتب|كاتب|متابعة|"
    r"تقرير|مراسل|مراسلة|editor|edited by|written by|by|author)\s*[:：\-–ـ]?\s*(?P<value>.+?)\s*$",
    re.I,
)
_OUTLET_ROLES = frozenset({"المصدر", "مصدر الخبر", "المصادر", "source", "via"})
# Wire agencies: credited in datelines and trailers, never the outlet or an author.
WIRE_CREDITS = frozenset(
    fold(x)
    for x in (
        "وكالات", "وكالات الأنباء", "رويترز", "أ ف ب", "أ.ف.ب", "أ .ف .ب", "ا ف ب", "فرانس برس",
        "فرانس بريس", "أسوشيتد برس", "أ ب", "د ب أ", "د.ب.أ", "د.ب.ا", "الأناضول", "سبوتنيك",
        "شينخوا", "يو بي آي", "كونا", "واس", "وام", "قنا", "بنا", "سانا", "وفا", "معا", "بترا",
        "أ ش أ", "أ.ش.أ", "مواقع", "مواقع إلكترونية", "متابعات", "وسائل إعلام", "afp", "reuters",
        "ap", "dpa", "agencies", "wires",
    )
)
# A trailing wire credit in brackets at the end of a paragraph: "(أ .ف .ب)", "(رويترز)".
_TRAILING_CREDIT = re.compile(r"\s*[(\[]\s*(?P<credit>[^()\[\]\n]{1,25}?)\s*[)\]]\s*$")
_LETTERS_AND_DOTS = re.compile(r"^(?:[\w\u0640\u064b-\u065f\u0670]{1,2}[\s.]*){2,5}$")


@dataclass(frozen=True, slots=True)
class Credit:
    role: str  # "outlet" or "author"
    value: str


def squash(line: str) -> str:
    """White space runs as one space, none at the ends (split and join: the same white
    space as the regular expression \\s, in C)."""
    return " ".join(line.split())


def key(line: str, squashed: bool = False) -> str:
    """Folded line without surrounding punctuation: what chrome lists are compared with.
    (`squashed`: the line is already squashed.)"""
    return fold(line if squashed else squash(line)).strip(_PUNCT_EDGES).strip()


_PUNCT_ONLY = re.compile(r"[\W_]+$")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def word_count(line: str) -> int:
    """White-space separated words that hold a letter or digit; in scripts written
    without spaces (Chinese, Japanese), every two characters count as a word."""
    parts = line.split()
    n = len(parts) - len(list(filter(None, map(_PUNCT_ONLY.match, parts))))
    if n < 8 and _CJK.search(line):
        n += len(_CJK.findall(line)) // 2
    return n


def is_url(line: str) -> bool:
    return bool(_URL.match(line.strip()))


def is_date_line(line: str, squashed: bool = False) -> bool:
    """A line that is only a date (and weekday, time, 'هـ'): a site header or a timestamp."""
    if not _DIGIT.search(line):
        return False  # a header date always carries digits (the day, the year or the time)
    folded = fold(line if squashed else squash(line))
    dates = find_absolute(folded)
    if not dates and not _TIME.search(folded):
        return False
    rest = folded
    for d in sorted(dates, key=lambda d: -d.start):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = _TIME.sub(" ", rest)
    leftover = [w for w in re.split(r"[\s,،\-–|/@]+", rest) if w and not w.isdigit()]
    leftover = [w for w in leftover if w.strip(_PUNCT_EDGES) and w.strip(_PUNCT_EDGES) not in _DATE_WORDS]
    return len(leftover) == 0 and (bool(dates) or word_count(line) <= 3)


def is_section_heading(line: str, k: str | None = None) -> bool:
    return (key(line) if k is None else k) in SECTION_HEADINGS


def is_boilerplate_line(
    line: str, doc_is_arabic: bool = True, k: str | None = None, n: int | None = None, squashed: bool = False
) -> bool:
    """True for a line that is chrome whatever its neighbours are (`k`: its key, `n`:
    its word count, if known; `squashed`: the line is already squashed)."""
    s = line if squashed else squash(line)
    if not s:
        return True
    if k is None:
        k = key(s, squashed=True)
    if not k:
        return True  # only punctuation or symbols
    if k in SECTION_HEADINGS or k in _SOCIAL:
        return True
    if is_url(s) or _COUNTER.match(k) or "°" in s or _WEATHER_NUMBER.match(s):
        return True
    if n is None:
        n = word_count(s)
    if k.startswith(_CHROME_PREFIXES) and (n <= 14 or k.startswith(_READ_ALSO)):
        return True
    if n <= 60 and any(p in k for p in _BOILERPLATE_PHRASES):
        return True
    # (k holds a character that is neither space nor edge punctuation: one word at least)
    if all(w in _SOCIAL or not w for w in (x.strip(_PUNCT_EDGES) for x in k.split())):
        return True
    if is_date_line(s, squashed=True):
        return True
    if n <= 4 and _CURRENCY_RE.search(k) and _DIGIT.search(k):
        return True
    if _is_menu_line(s):
        return True
    # A short line in another script inside an Arabic page ("Berlin", "Most Popular").
    return doc_is_arabic and n <= 5 and arabic_share(s) < 0.5


_READ_ALSO = tuple(fold(x) for x in ("اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ ايضا", "اقرأ كذلك", "شاهد أيضا"))


_MENU_SEPARATOR = re.compile(r"\s[|\-–—•·/»>]\s|\s*\|\s*")


def _is_menu_line(line: str) -> bool:
    """'الرئيسية | أخبار | اتصل بنا' or 'أخبار - تقارير - مقالات': a row of short links."""
    if sum(map(line.count, "|-–—•·/»>")) < 2:
        return False  # (three parts need two separators, each with one of these)
    parts = [p.strip() for p in _MENU_SEPARATOR.split(line) if p.strip()]
    return len(parts) >= 3 and all(word_count(p) <= 3 for p in parts)


def parse_credit(line: str, squashed: bool = False) -> Credit | None:
    """'المصدر : اوكسجين كندا نيوز' -> Credit('outlet', ...); 'المحرر : X' -> Credit('author', X)."""
    s = line if squashed else squash(line)
    m = _CREDIT.match(s)
    if not m or word_count(s) > 9:
        return None
    role = fold(m.group("role")).lower()
    value = m.group("value").strip(_PUNCT_EDGES + " ")
    if not value or word_count(value) > 6:
        return None
    if role.startswith("نقلا عن"):
        role = "المصدر"
    is_outlet = role in {fold(r) for r in _OUTLET_ROLES}
    # "كتب" etc. must be followed by a name, not a sentence ("كتب الرئيس رسالة ...").
    if not is_outlet and (word_count(value) > 4 or not _has_separator(s, m.group("role"))):
        return None
    return Credit("outlet" if is_outlet else "author", value)


def _has_separator(line: str, role: str) -> bool:
    rest = line[len(role) :].lstrip() if line.startswith(role) else line.split(role, 1)[-1].lstrip()
    return bool(rest) and rest[0] in ":：-–ـ"


def is_wire_credit(value: str) -> bool:
    k = key(value)
    return k in WIRE_CREDITS or all(p.strip() in WIRE_CREDITS for p in re.split(r"[،,/و]| و", k) if p.strip())


def strip_trailing_credit(paragraph: str) -> str:
    """Remove a bracketed wire credit that closes a paragraph: "... زعامات . (أ .ف .ب)"."""
    if not paragraph.rstrip().endswith((")", "]")):
        return paragraph  # (what the pattern ends with: a search costs a scan of the paragraph)
    m = _TRAILING_CREDIT.search(paragraph)
    if not m:
        return paragraph
    credit = m.group("credit")
    if is_wire_credit(credit) or (_LETTERS_AND_DOTS.match(credit) and "." in credit):
        return paragraph[: m.start()].rstrip()
    return paragraph


_BULLET = re.compile(r"^\s*(?:[*•·▪■◆●►\-–—]+|\d{1,2}[.)-])\s+")


def strip_bullet(paragraph: str) -> str:
    return _BULLET.sub("", paragraph, count=1)


def is_prose(line: str, n: int | None = None) -> bool:
    """A line that reads as article prose: several words and a sentence's punctuation or
    length (`n`: its word count, if known)."""
    if _CJK.search(line) and len(_CJK.findall(line)) >= 25:
        return True  # scripts written without spaces between words
    if n is None:
        n = word_count(line)
    if n >= 12:
        return True
    s = line.rstrip()
    return n >= 6 and bool(s) and s[-1] in ".!؟?:…\"”»'"

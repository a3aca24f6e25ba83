"""Arabic letter folding for matching, with a map back to the original offsets.

rasad never changes the wording of `text`; matchers run on a folded view of it instead:
diacritics and tatweel removed, hamza carriers and alef variants folded to bare alef,
alef maqsura to ya, ta marbuta to ha, Persian letters to their Arabic twins, Arabic-Indic
digits to ASCII digits, ASCII letters lower-cased. Folding removes characters but never
adds any, so every folded character has one original offset.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Harakat, tanwin, shadda, sukun, maddah/hamza marks above/below, superscript alef,
# Quranic annotation marks; and tatweel (kashida).
_REMOVED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
)

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ؤ": "و",
    "ک": "ك", "گ": "ك", "ڪ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڨ": "ق",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian) digits

ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+", re.UNICODE)


_TABLE: dict[int, str | None] = {ord(ch): None for ch in _REMOVED}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})
_TABLE.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


# The same folding but keeping ta marbuta: for verb and noun morphology, where "وزارة"
# (ministry) must not read as و + زار + ه (and visited him).
_TABLE_KEEP_TA = dict(_TABLE)
_TABLE_KEEP_TA[ord("ة")] = "ة"


def fold_keep_ta(text: str) -> str:
    """`fold`, except that ta marbuta stays ة."""
    return text.translate(_TABLE_KEEP_TA)


_REMOVED_RE = re.compile("[" + "".join(sorted(_REMOVED)) + "]")
_REMOVED_RUN = re.compile("[" + "".join(sorted(_REMOVED)) + "]+")
_FOLD_PAIRS = tuple(_FOLD.items())
_ASCII_UPPER = re.compile("[A-Z]+")


# Below this length one table translation is faster than the chain of replacements.
_SHORT = 64


def fold(text: str) -> str:
    """The folded form of `text` (see module docstring).

    Same result as translating with the folding table (no folded letter is itself
    folded again), but a chain of C-level replacements is several times faster on
    whole articles; short strings (words, line prefixes) take the table."""
    if len(text) < _SHORT:
        return text.translate(_TABLE)
    if len(text) >= _REMEMBERED:
        return _fold_remembered(text)
    return _fold_long(text)


def _fold_long(text: str) -> str:
    if _REMOVED_RE.search(text):  # (a search costs a third of a substitution that finds nothing)
        text = _REMOVED_RE.sub("", text)
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    if _ASCII_UPPER.search(text):
        text = _ASCII_UPPER.sub(lambda m: m.group().lower(), text)
    return text


# The folds of the last few long texts, a pure function's memo: the stages of the pipeline
# fold one article body several times (dedup, actors, dates), and a body is one string
# object, so a lookup costs little once its hash is cached.
_REMEMBERED = 1000
_fold_remembered = functools.lru_cache(maxsize=4)(_fold_long)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """(folded text, offsets) where offsets[i] is the index in `text` of folded char i.

    The list has one extra entry, len(text), so an end offset maps too.
    """
    folded = fold(text)
    if len(folded) == len(text):
        offsets = list(range(len(text) + 1))
    else:
        # every index but those of the removed characters, run by run
        offsets = []
        kept = 0
        for m in _REMOVED_RUN.finditer(text):
            offsets.extend(range(kept, m.start()))
            kept = m.end()
        offsets.extend(range(kept, len(text) + 1))
    return folded, offsets


def canonical_form(text: str) -> str:
    """How a lexicon form must be written: NFC, no diacritics or tatweel, single spaces."""
    text = unicodedata.normalize("NFC", text)
    if _REMOVED_RE.search(text):
        text = _REMOVED_RE.sub("", text)
    return " ".join(text.split())


_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def has_presentation_forms(text: str) -> bool:
    """True when `text` uses Arabic presentation-form code points, which never match text."""
    return _PRESENTATION_FORM.search(text) is not None


# Runs of what is not a letter / not an Arabic letter: counting what is left once they are
# removed makes one match per gap between words, where findall makes a string per letter.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_ARABIC_LETTERS = re.compile("[^\u0621-\u064a\u0671-\u06d3]+")


# Counting by code-unit tables: in UTF-16 a character of the Basic Multilingual Plane is
# one unit, its high byte the 256-character page it is on. For the pages news text is
# written in, a table of 256 bytes (1: counted) read with bytes.translate marks each unit,
# another marks the units on the page, and the count is the population count of the two
# masks ANDed as integers: all in C, where a regular expression tests one character at a
# time. The tables are made with the regular expressions themselves, so they agree.
_PAGES = (0x00, 0x06, 0x20)  # Latin-1, Arabic, general punctuation
_ON_PAGE = {page: bytes(int(b == page) for b in range(256)) for page in _PAGES}
_LETTER_TABLES = {page: bytes(int(_LETTER.match(chr(page << 8 | b)) is not None) for b in range(256)) for page in _PAGES}
_ARABIC_TABLE = bytes(int(ARABIC_LETTER.match(chr(0x0600 | b)) is not None) for b in range(256))


def _units(text: str) -> tuple[bytes, bytes]:
    """(high bytes, low bytes) of the UTF-16 code units of `text`."""
    data = text.encode("utf-16-le", "surrogatepass")
    return data[1::2], data[0::2]


def _count_on_page(high: bytes, low: bytes, page: int, table: bytes) -> int:
    on_page = int.from_bytes(high.translate(_ON_PAGE[page]), "little")
    return (on_page & int.from_bytes(low.translate(table), "little")).bit_count()


def letter_count(text: str) -> int:
    """Number of letters in `text` (word characters that are neither digits nor _)."""
    high, low = _units(text)
    if high.translate(None, bytes(_PAGES)):  # a character on another page (or outside the BMP)
        return len(_NOT_LETTERS.sub("", text))
    return sum(_count_on_page(high, low, page, table) for page, table in _LETTER_TABLES.items())


def arabic_letter_count(text: str) -> int:
    """Number of Arabic letters in `text` (all on the Arabic page; a unit of a character
    outside the BMP is a surrogate, on no such page)."""
    high, low = _units(text)
    return _count_on_page(high, low, 0x06, _ARABIC_TABLE)


def arabic_share(text: str) -> float:
    """Share of letters in `text` that are Arabic letters."""
    letters = letter_count(text)
    if not letters:
        return 0.0
    return arabic_letter_count(text) / letters


def words(text: str) -> list[str]:
    return WORD.findall(text)

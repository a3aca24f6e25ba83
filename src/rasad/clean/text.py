"""Clean a plain-text page (as a crawler saved it) into body paragraphs, title and credits.

A page is read as lines. Chrome lines (rasad.clean.rules) are dropped wherever they
stand; a run of three or more very short lines is a menu; after a "most read" or
"read also" heading, the list of headlines that follows is dropped. The body runs from
the first to the last prose line; short lines inside it are sub-headings and stay. The
title is the heading-like line just before the body. Credit lines ("المصدر :",
"المحرر :") leave the body and become metadata. A paragraph repeated is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.arabic import arabic_share
from rasad.clean import rules

_SENTENCE_END = ".!؟?…\"”»'"
_ENDINGS = tuple(_SENTENCE_END)


@dataclass(frozen=True, slots=True)
class CleanedText:
    paragraphs: tuple[str, ...]
    title: str | None = None
    credits: tuple[rules.Credit, ...] = ()


def _menu_runs(lines: list[str], counts: list[int]) -> set[int]:
    """Indexes of lines in runs of >= 3 consecutive very short non-prose lines (a menu).
    `counts`: the word count of each line."""
    marked: set[int] = set()
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            marked.update(run)
        run.clear()

    for i, line in enumerate(lines):
        s = line.strip()
        if s and counts[i] <= 3 and not s.endswith(_ENDINGS):
            run.append(i)
        else:
            flush()
    flush()
    return marked


def classify_lines(lines: list[str], doc_is_arabic: bool) -> tuple[list[str], list[rules.Credit]]:
    """Label each line 'blank', 'chrome', 'credit', 'prose' or 'short'; collect credits."""
    labels: list[str] = []
    credits: list[rules.Credit] = []
    squashed = [rules.squash(x) for x in lines]
    # (white space does not change a count: one per line, used by every rule)
    counts = [rules.word_count(x) if x else 0 for x in squashed]
    menu = _menu_runs(lines, counts)
    # Whether the next non-blank line reads as prose: a headline right above prose is the
    # article's own title or a sub-heading, never an item of a "most read" list.
    before_prose = [False] * len(lines)
    nxt = False
    for i in range(len(lines) - 1, -1, -1):
        before_prose[i] = nxt
        if squashed[i]:
            nxt = rules.is_prose(squashed[i], counts[i])
    in_list = False
    for i, line in enumerate(squashed):
        if not line:
            labels.append("blank")
            continue
        credit = rules.parse_credit(line, squashed=True)
        if credit is not None:
            credits.append(credit)
            labels.append("credit")
            in_list = False
            continue
        k = rules.key(line, squashed=True)
        if rules.is_section_heading(line, k):
            labels.append("chrome")
            in_list = True
            continue
        if i in menu or rules.is_boilerplate_line(line, doc_is_arabic, k, counts[i], squashed=True):
            labels.append("chrome")
            continue
        ends_sentence = line.endswith(_ENDINGS)
        if in_list:
            if ends_sentence or counts[i] >= 25 or before_prose[i]:
                in_list = False
            else:
                labels.append("chrome")  # a headline in a "most read" / "related" list
                continue
        labels.append("prose" if rules.is_prose(line, counts[i]) else "short")
    return labels, credits


def _is_title_like(line: str, doc_is_arabic: bool) -> bool:
    n = rules.word_count(line)
    if not 1 <= n <= 30 or line.rstrip().endswith((".", "؟", "?", "!", ":")):
        return False
    return not doc_is_arabic or arabic_share(line) >= 0.5


def clean_text_page(text: str) -> CleanedText:
    lines = text.split("\n")
    doc_is_arabic = arabic_share(text[:4000]) >= 0.5
    labels, credits = classify_lines(lines, doc_is_arabic)
    prose = [i for i, lab in enumerate(labels) if lab == "prose"]
    if not prose:
        return CleanedText((), None, tuple(credits))
    first, last = prose[0], prose[-1]

    title: str | None = None
    # The first "prose" line may be a long headline: no closing punctuation, prose right after.
    first_line = rules.squash(lines[first])
    first_core = rules.strip_trailing_credit(rules.strip_bullet(first_line))
    if (
        first_core == first_line
        and not first_line.endswith(_ENDINGS)
        and rules.word_count(first_line) <= 20
        and len(prose) > 1
        and _next_nonblank(labels, first) == prose[1]
    ):
        title = first_line
        first = prose[1]
    else:
        title = _title_before(lines, labels, first, doc_is_arabic)

    paragraphs: list[str] = []
    seen: set[str] = set()
    if title:
        seen.add(rules.key(title))
    for i in range(first, last + 1):
        if labels[i] not in ("prose", "short"):
            continue
        para = rules.strip_trailing_credit(rules.strip_bullet(rules.squash(lines[i])))
        k = rules.key(para)
        if not k or k in seen:
            continue
        seen.add(k)
        paragraphs.append(para)
    return CleanedText(tuple(paragraphs), title, tuple(credits))


def _next_nonblank(labels: list[str], i: int) -> int | None:
    for j in range(i + 1, len(labels)):
        if labels[j] != "blank":
            return j
    return None


def _title_before(lines: list[str], labels: list[str], first: int, doc_is_arabic: bool) -> str | None:
    """The heading-like line closest above the body, skipping blanks and a little chrome."""
    chrome_skipped = 0
    for j in range(first - 1, -1, -1):
        lab = labels[j]
        if lab == "blank":
            continue
        if lab in ("chrome", "credit"):
            if rules.is_section_heading(lines[j]):
                return None  # what sits above a "most read" heading is not this article's title
            chrome_skipped += 1
            if chrome_skipped > 2:
                return None
            continue
        line = rules.squash(lines[j])
        return line if _is_title_like(line, doc_is_arabic) else None
    return None

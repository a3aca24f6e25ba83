"""Clean an HTML page: trafilatura finds the main text, rasad's line rules finish the job.

trafilatura (the best-scoring open main-text extractor) removes navigation, sidebars
and footers by the page's structure (its precise mode first, its default where that
finds little, see main_text); the Arabic-aware line rules of rasad.clean.rules then drop
what sits inside the article container of an Arabic page ("اقرأ أيضا.." links, source
lines, share bars) and keep its repeated paragraphs once. On every page credit lines
become metadata and the headline leaves the body.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Extractor

from rasad.arabic import arabic_share
from rasad.clean import rules
from rasad.clean.text import CleanedText, classify_lines, clean_text_page
from rasad.types import InputError

# Nesting: libxml2 (without huge_tree) stops building the tree at depth 255, so a page
# nested 100,000 deep cannot make trafilatura's recursive walks overflow. What the tree
# lost is read by `flat_text` instead (see clean_html_page).


def parse_html(html: str) -> etree._Element:
    """Parse an HTML page; raise InputError for a page lxml cannot make a tree of."""
    if not html.strip():
        raise InputError("empty HTML page")
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, huge_tree=False, encoding="utf-8")
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"unparsable HTML ({exc})") from None
    if tree is None:
        raise InputError("unparsable HTML")
    return tree


# Below this many characters the precise extraction may have missed the article: extract
# again with trafilatura's default (it prefers readability's text when that is twice as
# long, jusText's when its own is tiny).
SHORT_TEXT = 500
# Under this share of its characters in prose lines, an extraction reads as a list of
# links (a menu taken for the article), where the fallbacks may find the article.
MIN_PROSE_SHARE = 0.3


def _options(fast: bool, precision: bool) -> Extractor:
    return Extractor(output_format="txt", fast=fast, precision=precision, comments=False, tables=True)


# Made once: building trafilatura's options for every call costs about as much as a parse.
# Precise and fast: trafilatura's own algorithm with its stricter pruning, no fallbacks.
_PRECISE = _options(fast=True, precision=True)
# trafilatura's default: balanced, its fallbacks (readability, jusText, the page's whole text).
_DEFAULT = _options(fast=False, precision=False)
# The <header> of an <article> holds the article's headline and lead (the standfirst);
# the precise mode drops every <header>, so these are read as plain blocks.
_ARTICLE_HEADERS = etree.XPath("//article//header")


def main_text(tree: etree._Element) -> str:
    """trafilatura's main text of a parsed page ('' when it finds none).

    The precise fast mode first: on the boilerplate benchmark it keeps out more chrome than
    the default and takes a third less time. A short extraction, or one that reads as a
    menu, is done again with trafilatura's default, fallbacks compared. trafilatura works
    on a copy of the tree, so the page is parsed once. The article's own <header>s are
    renamed <div> in `tree`."""
    for header in _ARTICLE_HEADERS(tree):
        header.tag = "div"
    text = _extract(tree, _PRECISE)
    if len(text) < SHORT_TEXT or _prose_share(text) < MIN_PROSE_SHARE:
        text = _extract(tree, _DEFAULT) or text
    return text


def _prose_share(text: str) -> float:
    """Share of the text's characters in lines that read as prose (rules.is_prose)."""
    total = prose = 0
    for line in text.split("\n"):
        n = len(line.strip())
        total += n
        if n and rules.is_prose(line):
            prose += n
    return prose / total if total else 0.0


def _extract(tree: etree._Element, options: Extractor) -> str:
    return trafilatura.extract(tree, options=options) or ""


def clean_html_page(tree: etree._Element, title: str | None, html: str | None = None) -> CleanedText:
    """Body paragraphs and credits of a parsed page whose title is already known.

    The headline (the title, and the page's <h1>) is not body, wherever it appears.
    """
    headings = {rules.key(rules.squash(h.text_content())) for h in tree.iter("h1")}
    text = main_text(tree)
    lines = [rules.squash(x) for x in text.split("\n")]
    doc_is_arabic = arabic_share(text[:4000]) >= 0.5
    if doc_is_arabic:
        labels, credits = classify_lines(lines, doc_is_arabic)
    else:
        # rasad's chrome rules are made for the Arabic press; on other pages trust
        # trafilatura's structure and remove only credits and the headline
        labels, credits = [], []
        for line in lines:
            credit = rules.parse_credit(line) if line else None
            if credit is not None:
                credits.append(credit)
            labels.append("blank" if not line else "credit" if credit is not None else "short")
    if title:
        headings.add(rules.key(title))
    seen: set[str] = set()
    paragraphs: list[str] = []
    for line, label in zip(lines, labels, strict=True):
        if label not in ("prose", "short"):
            continue
        if doc_is_arabic:
            para = rules.strip_trailing_credit(rules.strip_bullet(line))
        else:
            # a number opening a line is the page's own ("3) The ..."), only the "- " that
            # trafilatura puts before a list item goes
            para = rules.strip_trailing_credit(_LIST_MARK.sub("", line, count=1))
        k = rules.key(para)
        if not k or k in headings:
            continue
        if doc_is_arabic and k in seen:
            # a paragraph repeated in an Arabic page is the page's lead or a caption again;
            # elsewhere repeats are kept as trafilatura keeps them (the same question put to
            # each person interviewed, the same line in each recipe card)
            continue
        seen.add(k)
        paragraphs.append(para)
    if not any(rules.is_prose(p) for p in paragraphs):
        paragraphs = []  # a navigation page, a gallery, a list of links: no article
    if not paragraphs and html is not None and _tree_lost_most(tree, html):
        # nested too deep for a tree: read the page as lines of text, as a text page is read
        flat = clean_text_page(flat_text(html))
        return CleanedText(flat.paragraphs, title or flat.title, flat.credits)
    return CleanedText(tuple(paragraphs), title, tuple(credits))


_TAG = re.compile(r"<[a-zA-Z]")
_LIST_MARK = re.compile(r"^[-*•·▪■◆●►]\s+")


def _tree_lost_most(tree: etree._Element, html: str) -> bool:
    """The parser kept under half of the page's elements (libxml2 stops at depth 255)."""
    tags = len(_TAG.findall(html))
    return tags > 1000 and sum(1 for _ in tree.iter()) * 2 < tags


class _TextCollector(HTMLParser):
    """The text of a page, a line per block element; no tree, so no depth limit."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                        "header", "footer", "blockquote", "td", "table", "ul", "ol", "nav", "aside", "main"})
    SKIPPED = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def flat_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (rules.squash(x) for x in "".join(collector.parts).split("\n"))
    return "\n".join(x for x in lines if x)

"""Metadata: title, url, outlet, authors, publication date and language.

From HTML meta tags and structured data where the page has them (og:*, article:*,
JSON-LD, <time>), from the text otherwise (credit lines "المصدر :", "المحرر :",
datelines "صنعاء - «الخليج»:", "تاريخ النشر" lines). A date in a site header, a
"last updated" stamp or a crawl date is never taken as the publication date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from rasad.arabic import arabic_letter_count, fold, letter_count
from rasad.clean import rules
from rasad.dates import parse_date

_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—»:-]\s+")
_PUBLISHED_LINE = re.compile(
    r"^\s*(?:تاريخ النشر|نشر في|نشر بتاريخ|تاريخ الخبر|تاريخ|نُشر في|published(?: on| at)?|posted(?: on)?|date)\s*[:：\-–]?",
    re.I,
)
_DATELINE_OUTLET = re.compile(r"^[^«»\n]{0,30}?«\s*(?P<outlet>[^«»\n]{2,30}?)\s*»\s*(?:[:،,\-–ـ]|وكالات)")
_PLACE_PREFIX = re.compile(r"^[^\s:：\-–ـ]+(?:\s[^\s:：\-–ـ]+)?\s*[\-–ـ:：]\s*")
_ROLE_WORDS = re.compile(r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|تحرير|المحرر|الكاتب|مراسل|مراسلة|by)\s*[:：]?\s*", re.I)

_SCRIPTS = {
    "he": re.compile("[\u0590-\u05ff]"),
    "ru": re.compile("[\u0400-\u04ff]"),
    "zh": re.compile("[\u4e00-\u9fff]"),
    "ja": re.compile("[\u3040-\u30ff]"),
    "ko": re.compile("[\uac00-\ud7af]"),
    "el": re.compile("[\u0370-\u03ff]"),
}
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "said"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "que", "pour", "qui", "du"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auf", "ein", "eine"},
    "es": {"el", "los", "las", "que", "del", "en", "por", "una", "con", "para", "es", "se"},
    "it": {"il", "della", "che", "di", "per", "una", "non", "sono", "gli", "nel", "anche", "è"},
    "pt": {"o", "os", "que", "do", "da", "em", "um", "uma", "para", "com", "não", "são"},
}


def is_domain(value: str) -> bool:
    return bool(_DOMAIN.match(value.strip()))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of a body: by script, then by function words for Latin scripts."""
    sample = text[:3000]
    n_letters = letter_count(sample)
    if not n_letters:
        return None
    if arabic_letter_count(sample) / n_letters >= 0.5:  # (arabic_share, letters counted once)
        persian = sum(sample.count(ch) for ch in "پچژگی")
        urdu = sum(sample.count(ch) for ch in "ےٹڈڑ")
        if urdu > 5:
            return "ur"
        return "fa" if persian > n_letters * 0.01 else "ar"
    scripts = {lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPTS.items()}
    if scripts["ja"] > n_letters * 0.1:
        return "ja"
    best = max(scripts, key=lambda k: scripts[k])
    if scripts[best] > n_letters * 0.5:
        return best
    tokens = re.findall(r"[a-zà-ÿ]+", sample.lower())
    if not tokens:
        return None
    scores = {lang: sum(1 for t in tokens if t in words) for lang, words in _STOPWORDS.items()}
    lang = max(scores, key=lambda k: scores[k])
    return lang if scores[lang] >= 2 else None


# ---------------------------------------------------------------------------
# HTML


@dataclass(frozen=True, slots=True)
class HtmlMetadata:
    title: str | None
    url: str | None
    site_name: str | None
    authors: list[str]
    published: str | None


class _Tags:
    """What the fields are read from, gathered in one walk over the page: <meta> contents
    (by lower-cased property, name or itemprop), JSON-LD objects, canonical links, the
    <title>, the first <h1>s and <time> stamps."""

    def __init__(self, tree: etree._Element) -> None:
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.titles: list[str] = []
        self.h1: list[str] = []
        self.times: list[str] = []
        scripts: list[str] = []
        for node in tree.iter("meta", "link", "script", "title", "h1", "time"):
            tag = node.tag
            if tag == "meta":
                content = (node.get("content") or "").strip()
                if not content:
                    continue
                for attr in ("property", "name", "itemprop"):
                    value = node.get(attr)
                    if value:
                        self.meta.setdefault(value.strip().lower(), []).append(content)
            elif tag == "link":
                if node.get("rel") == "canonical":
                    self.canonical.append(node.get("href") or "")
            elif tag == "script":
                if node.get("type") == "application/ld+json":
                    scripts.append(node.text or "")
            elif tag == "title":
                self.titles.append(node.text_content())
            elif tag == "h1":
                if len(self.h1) < 2:
                    self.h1.append(node.text_content())
            elif node.get("datetime") is not None and (
                node.get("pubdate") is not None or next(node.iterancestors("article"), None) is not None
            ):
                self.times.append(node.get("datetime") or "")
        self.json_ld = _json_ld(scripts)

    def values(self, *names: str) -> Iterator[str]:
        """Contents of the <meta> tags named `names`, in that order."""
        for name in names:
            yield from self.meta.get(name.lower(), ())


def html_metadata(tree: etree._Element) -> HtmlMetadata:
    """Title, url, site name, authors and publication date of a parsed page."""
    tags = _Tags(tree)
    site_name = _site_name(tags)
    return HtmlMetadata(
        title=_title(tags, site_name),
        url=_url(tags),
        site_name=site_name,
        authors=_authors(tree, tags),
        published=_published(tree, tags),
    )


def _json_ld(scripts: list[str]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for script in scripts:
        try:
            data = json.loads(script)
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _title(tags: _Tags, site_name: str | None) -> str | None:
    candidates = list(tags.values("og:title", "twitter:title"))
    candidates += [rules.squash(h) for h in tags.h1]
    for title in tags.titles[:1]:
        parts = _TITLE_SEPARATORS.split(rules.squash(title))
        # "Headline | Site": keep the longest part that is not the site's name.
        parts = [p for p in parts if not site_name or fold(p) != fold(site_name)]
        if parts:
            candidates.append(max(parts, key=len))
    for cand in candidates:
        cand = rules.squash(cand)
        if cand and not is_domain(cand) and (not site_name or fold(cand) != fold(site_name)):
            return cand
    return None


def _url(tags: _Tags) -> str | None:
    values = list(tags.values("og:url", "twitter:url")) + tags.canonical
    for v in values:
        v = v.strip()
        if v.startswith(("http://", "https://")):
            return v
    return None


def _site_name(tags: _Tags) -> str | None:
    values = list(tags.values("og:site_name", "application-name", "publisher"))
    for item in tags.json_ld:
        values += _names(item.get("publisher"))
    for v in values:
        v = rules.squash(v)
        if v and not is_domain(v):
            return v
    return None


_AUTHOR_NODES = etree.XPath(
    '//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or contains(@class, "author")]'
)


def _authors(tree: etree._Element, tags: _Tags) -> list[str]:
    raw: list[str] = list(tags.values("author", "article:author", "byl", "dc.creator", "sailthru.author"))
    for item in tags.json_ld:
        if item.get("@type") in ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"):
            raw += _names(item.get("author"))
    if not raw:
        for node in _AUTHOR_NODES(tree)[:3]:
            raw.append(node.text_content())
    return clean_authors(raw)


_TEXT_NODES = etree.XPath("//body//*[not(self::script) and not(self::style)]/text()", smart_strings=False)


def _published(tree: etree._Element, tags: _Tags) -> str | None:
    values = list(
        tags.values(
            "article:published_time", "og:published_time", "datePublished", "pubdate",
            "publishdate", "publish-date", "parsely-pub-date", "dc.date.issued", "DC.date.issued",
            "sailthru.date", "date",
        )
    )
    for item in tags.json_ld:
        v = item.get("datePublished")
        if isinstance(v, str):
            values.append(v)
    values += tags.times
    for v in values:
        d = parse_date(v)
        if d:
            return d.isoformat()
    # A "تاريخ النشر" / "Published" line in the page text.
    for node in _TEXT_NODES(tree)[:3000]:
        if _PUBLISHED_LINE.match(node):
            d = parse_date(rules.squash(str(node)))
            if d:
                return d.isoformat()
    return None


# ---------------------------------------------------------------------------
# text


def clean_authors(raw: Iterable[str]) -> list[str]:
    """Names only: no role words, no place prefix, no wire agencies, no outlets in «»."""
    out: list[str] = []
    for value in raw:
        if value.strip().startswith(("http://", "https://")) or is_domain(value):
            continue
        for part in re.split(r"\s*[،,;/]\s*|\s+و(?=\s)", rules.squash(value)):
            name = _ROLE_WORDS.sub("", part).strip(" :：-–ـ|")
            if "«" in name or "»" in name or not name:
                continue
            # "الجزائر ـ سميرة عوام": a place, a dash, the name.
            m = _PLACE_PREFIX.match(name)
            if m and rules.word_count(name[m.end():]) >= 2:
                name = name[m.end():]
            if (
                rules.is_wire_credit(name)
                or is_domain(name)
                or name.startswith("http")
                or rules.word_count(name) > 5
                or rules.is_date_line(name)
            ):
                continue
            if fold(name) not in {fold(x) for x in out}:
                out.append(name)
    return out


def text_outlet(credits: Iterable[rules.Credit], first_paragraph: str | None) -> str | None:
    for c in credits:
        if c.role == "outlet" and not rules.is_wire_credit(c.value) and not is_domain(c.value):
            return c.value
    if first_paragraph:
        m = _DATELINE_OUTLET.match(first_paragraph)
        if m and not rules.is_wire_credit(m.group("outlet")):
            return m.group("outlet")
    return None


def text_published(lines: Iterable[str]) -> str | None:
    """Only an explicit publication line ("تاريخ النشر: ...", "نشر في ..."), never a header date."""
    for line in lines:
        if _PUBLISHED_LINE.match(line):
            d = parse_date(line)
            if d:
                return d.isoformat()
    return None

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


def _meta(tree: etree._Element, *names: str) -> Iterator[str]:
    """Contents of <meta> tags whose property, name or itemprop is one of `names`, in that order."""
    found: dict[str, list[str]] = {}
    for node in tree.iter("meta"):
        content = (node.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            value = node.get(attr)
            if value:
                found.setdefault(value.strip().lower(), []).append(content)
    for name in names:
        yield from found.get(name.lower(), ())


def _json_ld(tree: etree._Element) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
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


def _first(values: Iterable[str]) -> str | None:
    for v in values:
        v = rules.squash(v)
        if v:
            return v
    return None


def html_title(tree: etree._Element, site_name: str | None) -> str | None:
    candidates = list(_meta(tree, "og:title", "twitter:title"))
    candidates += [rules.squash(h.text_content()) for h in tree.xpath("//h1")[:2]]
    for node in tree.xpath("//title")[:1]:
        full = rules.squash(node.text_content())
        parts = _TITLE_SEPARATORS.split(full)
        # "Headline | Site": keep the longest part that is not the site's name.
        parts = [p for p in parts if not site_name or fold(p) != fold(site_name)]
        if parts:
            candidates.append(max(parts, key=len))
    for cand in candidates:
        cand = rules.squash(cand)
        if cand and not is_domain(cand) and (not site_name or fold(cand) != fold(site_name)):
            return cand
    return None


def html_url(tree: etree._Element) -> str | None:
    values = list(_meta(tree, "og:url", "twitter:url"))
    values += [n.get("href") or "" for n in tree.xpath('//link[@rel="canonical"]')]
    for v in values:
        v = v.strip()
        if v.startswith(("http://", "https://")):
            return v
    return None


def html_site_name(tree: etree._Element) -> str | None:
    values = list(_meta(tree, "og:site_name", "application-name", "publisher"))
    for item in _json_ld(tree):
        values += _names(item.get("publisher"))
    for v in values:
        v = rules.squash(v)
        if v and not is_domain(v):
            return v
    return None


def html_authors(tree: etree._Element) -> list[str]:
    raw: list[str] = list(_meta(tree, "author", "article:author", "byl", "dc.creator", "sailthru.author"))
    for item in _json_ld(tree):
        if item.get("@type") in ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"):
            raw += _names(item.get("author"))
    if not raw:
        for node in tree.xpath(
            '//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or contains(@class, "author")]'
        )[:3]:
            raw.append(node.text_content())
    return clean_authors(raw)


def html_published(tree: etree._Element) -> str | None:
    values = list(
        _meta(
            tree, "article:published_time", "og:published_time", "datePublished", "pubdate",
            "publishdate", "publish-date", "parsely-pub-date", "dc.date.issued", "DC.date.issued",
            "sailthru.date", "date",
        )
    )
    for item in _json_ld(tree):
        v = item.get("datePublished")
        if isinstance(v, str):
            values.append(v)
    values += [n.get("datetime") or "" for n in tree.xpath("//article//time[@datetime] | //time[@pubdate]")]
    for v in values:
        d = parse_date(v)
        if d:
            return d.isoformat()
    # A "تاريخ النشر" / "Published" line in the page text.
    for node in tree.xpath("//body//*[not(self::script) and not(self::style)]/text()")[:3000]:
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

from __future__ import annotations

from rasad.clean import rules
from rasad.metadata import clean_authors, detect_language, text_outlet
from rasad.pipeline import extract_article
from rasad.types import Page, PageKind

BODY = "<p>" + "أعلن المتحدث باسم الحكومة أن الوزراء سيجتمعون الأسبوع المقبل لمناقشة الموازنة العامة للدولة. " * 2 + "</p>"


def html_page(head: str, body: str = BODY, extra: str = "") -> Page:
    html = f'<html lang="ar"><head><meta charset="utf-8">{head}</head><body><header><span>الأحد 1 مارس 2026</span></header><article><h1>عنوان الخبر هنا</h1>{extra}{body}</article></body></html>'
    return Page(source="x.html", text=html, kind=PageKind.HTML, encoding="utf-8")


def test_html_meta_tags() -> None:
    art = extract_article(
        html_page(
            '<meta property="og:title" content="الحكومة تناقش الموازنة">'
            '<meta property="og:url" content="https://news.example/a/1">'
            '<meta property="og:site_name" content="صحيفة المثال">'
            '<meta property="article:published_time" content="2024-02-03T10:00:00Z">'
            '<meta name="author" content="بقلم: ليلى حسن">'
        )
    )
    m = art.metadata
    assert (m.title, m.url, m.outlet, m.published, m.authors, m.language) == (
        "الحكومة تناقش الموازنة", "https://news.example/a/1", "صحيفة المثال", "2024-02-03", ("ليلى حسن",), "ar",
    )
    assert "عنوان الخبر هنا" not in art.text


def test_header_date_is_not_publication_date() -> None:
    assert extract_article(html_page("")).metadata.published is None


def test_published_line_in_page() -> None:
    art = extract_article(html_page("", extra='<div class="meta">تاريخ النشر: 5 أيار 2022</div>'))
    assert art.metadata.published == "2022-05-05"


def test_authors_names_only() -> None:
    assert clean_authors(["الرباط ـ سعيد الإدريسي", "وكالات", "القاهرة: «الأهرام»", "https://x.com/a"]) == ["سعيد الإدريسي"]


def test_outlet_from_credit_then_dateline() -> None:
    assert text_outlet([rules.Credit("outlet", "رويترز"), rules.Credit("outlet", "موقع الحدث")], None) == "موقع الحدث"
    assert text_outlet([], "عمان - «الغد»: قال الوزير ...") == "الغد"
    assert text_outlet([rules.Credit("outlet", "hura7.com")], "وكالات ـ قال") is None


def test_language() -> None:
    assert detect_language("قال الوزير إن الحكومة ستعمل") == "ar"
    assert detect_language("The minister said that the talks will resume in the capital") == "en"
    assert detect_language("Le ministre a dit que les pourparlers vont reprendre dans la capitale") == "fr"

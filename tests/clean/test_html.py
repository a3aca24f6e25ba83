"""HTML cleaning: pages that break a tree, which extraction is kept, line rules, metadata."""

from __future__ import annotations

import pytest

from rasad.clean import html as html_module
from rasad.clean.html import clean_html_page, flat_text, parse_html
from rasad.metadata import html_metadata

PARA = "وقعت روسيا وكوريا الشمالية اتفاقية دفاع مشترك في بيونغ يانغ يوم الأربعاء بحسب وكالة الأنباء."


def test_a_page_nested_too_deep_is_read_as_text() -> None:
    html = "<html><body>" + "<div>" * 20_000 + f"<p>{PARA}</p><p>{PARA} مرة ثانية.</p>" + "</div>" * 20_000
    cleaned = clean_html_page(parse_html(html), None, html)
    assert cleaned.paragraphs and PARA in cleaned.paragraphs[0]


def test_flat_text_skips_scripts_and_breaks_blocks() -> None:
    html = f"<div>أ<script>var x = '<p>لا</p>';</script><p>{PARA}</p>ب<br>ج</div>"
    assert flat_text(html).split("\n") == ["أ", PARA, "ب", "ج"]


# --- main text: which trafilatura extraction is kept -------------------------------------

LEAD = "اتفقت الحكومة والنقابات على زيادة الأجور بعد أسابيع من الإضرابات في قطاع النقل العام."
BODY_AR = [
    "وقال وزير العمل في مؤتمر صحفي إن الاتفاق يشمل أكثر من مئتي ألف عامل في المدن الكبرى والمناطق الريفية.",
    "وأضاف أن الزيادة ستطبق على مرحلتين خلال العام المقبل وأن الحكومة ستراجع الموازنة لتغطية كلفتها.",
    "ورحبت النقابات بالاتفاق ودعت أعضاءها إلى العودة إلى العمل ابتداء من صباح يوم الاثنين المقبل.",
    "ويأتي الاتفاق بعد مفاوضات طويلة توسطت فيها هيئات مدنية وشارك فيها ممثلون عن أرباب العمل.",
    "وكانت حركة الحافلات والقطارات قد توقفت جزئيا في العاصمة منذ بداية الشهر بسبب الإضراب.",
    "وأكد رئيس الوزراء أن الحكومة ستعرض قانونا جديدا للأجور على البرلمان قبل نهاية الدورة الحالية.",
]


def _page(article: str, lang: str = "ar") -> str:
    return (
        f'<html lang="{lang}"><body><header><nav><a href="/">الرئيسية</a><a href="/a">أخبار</a></nav></header>'
        f"<main><article>{article}</article></main></body></html>"
    )


def test_the_lead_in_an_articles_header_is_body() -> None:
    # trafilatura's precise mode drops every <header>; an article's own holds its lead
    html = _page(f"<header><h1>اتفاق على زيادة الأجور</h1><p class='lead'>{LEAD}</p></header><div>"
                 + "".join(f"<p>{p}</p>" for p in BODY_AR) + "</div>")
    cleaned = clean_html_page(parse_html(html), "اتفاق على زيادة الأجور", html)
    assert cleaned.paragraphs == (LEAD, *BODY_AR)


def test_prose_share_tells_a_menu_from_an_article() -> None:
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Contact us"] * 10 + [BODY_AR[0]])
    assert html_module._prose_share(menu) < html_module.MIN_PROSE_SHARE
    assert html_module._prose_share("\n".join(BODY_AR)) == 1.0


@pytest.mark.parametrize(
    ("first", "extracted_again"),
    [
        ("\n".join(["Home", "World", "Politics", "Business", "Sport"] * 30), True),  # a menu
        (BODY_AR[0], True),  # short: the article may be elsewhere
        ("\n".join(BODY_AR * 2), False),
    ],
)
def test_fallbacks_only_for_a_short_or_menu_like_extraction(
    monkeypatch: pytest.MonkeyPatch, first: str, extracted_again: bool
) -> None:
    calls: list[object] = []

    def fake_extract(tree: object, options: object) -> str:
        calls.append(options)
        return first if len(calls) == 1 else "\n".join(BODY_AR)

    monkeypatch.setattr(html_module, "_extract", fake_extract)
    text = html_module.main_text(parse_html(_page("<p>x</p>")))
    assert calls[0] is html_module._PRECISE
    assert (calls[1:] == [html_module._DEFAULT]) is extracted_again
    assert text == ("\n".join(BODY_AR) if extracted_again else first)


# --- line rules on HTML pages ------------------------------------------------------------

QUESTION = "What first drew you to cooking for other people rather than only for yourself?"
ANSWERS = [
    "My grandmother ran a small kitchen in our village and I spent every summer helping her with the bread.",
    "I started by baking for friends at university, and soon half of the building was coming over on Sundays.",
]


def test_a_page_not_in_arabic_keeps_repeats_and_its_own_numbers() -> None:
    # the same question put to each person interviewed is the page's wording, so is "1)"
    items = ["1) A cast-iron pan that lasts a lifetime and heats evenly on any kind of stove.",
             "2) A sharp knife, kept sharp, which makes every other tool in the kitchen easier to use."]
    article = "<h1>Two cooks</h1>" + "".join(f"<h3>{QUESTION}</h3><p>{a}</p>" for a in ANSWERS)
    article += "".join(f"<p>{x}</p>" for x in items)
    html = _page(article, lang="en")
    paragraphs = clean_html_page(parse_html(html), "Two cooks", html).paragraphs
    assert paragraphs == (QUESTION, ANSWERS[0], QUESTION, ANSWERS[1], *items)


def test_an_arabic_page_keeps_a_repeated_paragraph_once() -> None:
    html = _page("".join(f"<p>{p}</p>" for p in [BODY_AR[0], *BODY_AR]))
    assert clean_html_page(parse_html(html), None, html).paragraphs == tuple(BODY_AR)


# --- metadata of HTML pages --------------------------------------------------------------


def test_html_metadata_from_json_ld_canonical_link_and_article_time() -> None:
    html = (
        '<html><head><title>الأجور ترتفع | صحيفة النهار الجديد</title>'
        '<link rel="canonical" href="https://example.org/news/123">'
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "author": {"name": "سلمى يوسف"},'
        ' "publisher": {"name": "صحيفة النهار الجديد"}}]}</script></head>'
        '<body><header><time datetime="2026-01-01">اليوم</time></header>'
        '<article><time datetime="2025-03-04T08:00:00Z">4 مارس</time><p>نص</p></article></body></html>'
    )
    m = html_metadata(parse_html(html))
    assert (m.title, m.url, m.site_name, m.authors, m.published) == (
        "الأجور ترتفع", "https://example.org/news/123", "صحيفة النهار الجديد", ["سلمى يوسف"], "2025-03-04",
    )

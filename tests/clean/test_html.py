"""HTML cleaning on pages that break a tree: nested deeper than libxml2 goes."""

from __future__ import annotations

from rasad.clean.html import clean_html_page, flat_text, parse_html

PARA = "وقعت روسيا وكوريا الشمالية اتفاقية دفاع مشترك في بيونغ يانغ يوم الأربعاء بحسب وكالة الأنباء."


def test_a_page_nested_too_deep_is_read_as_text() -> None:
    html = "<html><body>" + "<div>" * 20_000 + f"<p>{PARA}</p><p>{PARA} مرة ثانية.</p>" + "</div>" * 20_000
    cleaned = clean_html_page(parse_html(html), None, html)
    assert cleaned.paragraphs and PARA in cleaned.paragraphs[0]


def test_flat_text_skips_scripts_and_breaks_blocks() -> None:
    html = f"<div>أ<script>var x = '<p>لا</p>';</script><p>{PARA}</p>ب<br>ج</div>"
    assert flat_text(html).split("\n") == ["أ", PARA, "ب", "ج"]

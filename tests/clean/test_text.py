from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.clean import rules
from rasad.clean.text import clean_text_page

P1 = "أعلنت وزارة الصحة في بيان صدر مساء اليوم أن عدد الإصابات الجديدة تراجع للأسبوع الثالث على التوالي."
P2 = "وأضاف البيان أن السلطات ستواصل حملة التطعيم في جميع المحافظات خلال الشهر المقبل بالتعاون مع المنظمات الدولية."


def page(*lines: str) -> str:
    return "\n".join(lines)


def test_header_chrome_title_and_body() -> None:
    text = page(
        "الثلاثاء, مارس 4, 2025", "23 °C", "Cairo", "", "الرئيسية", "أخبار", "رياضة", "اقتصاد", "",
        "الصحة: تراجع الإصابات للأسبوع الثالث", "", P1, "", P2, "", "https://example.com/news/1", "",
        "شارك", "فيسبوك", "تويتر",
    )
    out = clean_text_page(text)
    assert out.paragraphs == (P1, P2)
    assert out.title == "الصحة: تراجع الإصابات للأسبوع الثالث"


def test_repeated_paragraph_kept_once_and_credits_collected() -> None:
    out = clean_text_page(page(P1, P1, P2, "المصدر : صحيفة النهار", "المحرر : سعاد حداد", "المزيد", "3"))
    assert out.paragraphs == (P1, P2)
    assert [(c.role, c.value) for c in out.credits] == [("outlet", "صحيفة النهار"), ("author", "سعاد حداد")]
    assert out.title is None


def test_most_read_list_is_dropped_but_subheading_kept() -> None:
    sub = "الحكومة تدرس فرض قيود جديدة على السفر"
    out = clean_text_page(
        page(
            "الأكثر قراءة", "ارتفاع أسعار الذهب في الأسواق العربية اليوم", "منتخب مصر يفوز على غانا",
            "", P1, "", sub, "", P2,
        )
    )
    assert out.paragraphs == (P1, sub, P2)


def test_trailing_wire_credit_and_bullets_removed() -> None:
    out = clean_text_page(page("* " + P1 + " (أ ف ب)", "* " + P2 + "(رويترز)"))
    assert out.paragraphs == (P1, P2)


def test_dateline_kept() -> None:
    p = "بيروت - «النهار»: " + P1
    assert clean_text_page(p).paragraphs == (p,)


def test_cookie_notice_removed() -> None:
    cookie = "نحن نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا وتحليل الزيارات وتقديم محتوى مناسب لك."
    assert clean_text_page(page(P1, "", cookie, "موافق")).paragraphs == (P1,)


def test_credit_rule_needs_a_separator_for_person_roles() -> None:
    assert rules.parse_credit("كتب الرئيس رسالة إلى البرلمان") is None
    assert rules.parse_credit("كتب: أحمد علي") == rules.Credit("author", "أحمد علي")


def test_date_lines_are_chrome_but_prose_with_dates_is_not() -> None:
    assert rules.is_date_line("الإثنين 18 نوفمبر 2024")
    assert rules.is_date_line("2024-12-27@11:50:38 GMT")
    assert not rules.is_date_line("وقع الاتفاق في 18 نوفمبر 2024 في القاهرة")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_cleaner_never_crashes_and_keeps_wording(text: str) -> None:
    out = clean_text_page(text)
    squashed = " ".join(text.split())
    for para in out.paragraphs:
        assert para
        # every paragraph is wording of the input (whitespace folded, bullets/credits cut)
        assert para.split()[0] in squashed

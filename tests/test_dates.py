from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasad.arabic import fold
from rasad.dates import find_absolute, find_relative, parse_date, resolve_relative


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("وقع الاتفاق في 3 كانون الثاني/يناير 2021", "2021-01-03"),
        ("في 12 يونيو/حزيران 2023", "2023-06-12"),
        ("يوم ١٨ ديسمبر ٢٠٢٣", "2023-12-18"),
        ("في 5 جانفي 2020", "2020-01-05"),
        ("في 9 جويلية 2021", "2021-07-09"),
        ("في 14 شتنبر 2018", "2018-09-14"),
        ("في السابع من نوفمبر 2024", "2024-11-07"),
        ("في الحادي والعشرين من آذار 2019", "2019-03-21"),
        ("تاريخ النشر : 00:57 - 2025/07/17", "2025-07-17"),
        ("نشر في: 10/04/2019", "2019-04-10"),
        ("22nd, October 2023", "2023-10-22"),
        ("خلال الفترة الممتدة من 3 إلى غاية 9 أيار 2017", "2017-05"),
        ("في فبراير 2022", "2022-02"),
        ("منذ عام 2011", "2011"),
        ("1 رمضان 1445 هـ", "2024-03-11"),
    ],
)
def test_absolute_dates(text: str, iso: str) -> None:
    found = find_absolute(fold(text))
    assert found and found[0].iso() == iso


def test_yearless_and_ambiguous_months() -> None:
    (d,) = find_absolute(fold("في 8 تشرين الثاني/نوفمبر"))
    assert (d.year, d.month, d.day) == (None, 11, 8)
    assert find_absolute(fold("زار الأب ابنه")) == []  # "اب" is August only with a day or year


def test_relative_dates_resolve_against_publication() -> None:
    pub = dt.date(2024, 11, 18)  # a Monday
    kinds = [d.relative for d in find_relative(fold("قال أمس إن اجتماع مساء السبت والشهر الماضي"))]
    assert kinds == ["yesterday", "weekday:5", "last_month"]
    assert resolve_relative("yesterday", pub) == "2024-11-17"
    assert resolve_relative("weekday:5", pub) == "2024-11-16"
    assert resolve_relative("last_month", pub) == "2024-10"
    assert resolve_relative("last_week", pub) is None


def test_parse_date_iso_timestamp() -> None:
    assert parse_date("2025-07-17T00:57:00+01:00") == dt.date(2025, 7, 17)


@given(st.text(max_size=300))
def test_date_finders_never_crash(text: str) -> None:
    folded = fold(text)
    for d in find_absolute(folded) + find_relative(folded):
        assert 0 <= d.start <= d.end <= len(folded)

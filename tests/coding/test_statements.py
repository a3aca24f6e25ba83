"""Statements: cues, speakers, content; sentences written for the test."""

from __future__ import annotations

import pytest

from rasad.pipeline import Pipeline
from rasad.types import Article, Metadata, Statement


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def said(pipeline: Pipeline, text: str) -> list[Statement]:
    return list(pipeline.code("t", "t", Article("t", text, Metadata())).statements)


def test_verb_subject_and_quoted_content(pipeline: Pipeline) -> None:
    (st,) = said(pipeline, "وقال وزير الخارجية المصري «إن المفاوضات ستستأنف الأسبوع المقبل».")
    assert st.speaker == "EGYGOV" and st.content.startswith("إن المفاوضات") and st.cue == "وقال"


def test_joint_speakers_one_statement_each(pipeline: Pipeline) -> None:
    sts = said(pipeline, "تقول كييف وواشنطن إن القوات الروسية تتقدم شرقا.")
    assert [(s.speaker, s.speaker_name) for s in sts] == [("UKRGOV", "كييف"), ("USAGOV", "واشنطن")]


def test_uncoded_speaker_keeps_its_words(pipeline: Pipeline) -> None:
    (st,) = said(pipeline, "ويقول الخبراء إن الأزمة ستطول.")
    assert st.speaker is None and st.speaker_name == "الخبراء"


def test_dropped_subject_goes_on_with_the_last_speaker(pipeline: Pipeline) -> None:
    sts = said(pipeline, "قال الرئيس التونسي إن الحوار مستمر. وأضاف أن الحكومة ستعلن خطتها قريبا.")
    assert [s.speaker for s in sts] == ["TUNGOV", "TUNGOV"]


def test_affirmed_object_and_asides(pipeline: Pipeline) -> None:
    sts = said(pipeline, "أكدت الأمم المتحدة التزامها بدعم جهود السلام في البلاد.")
    assert [s.speaker for s in sts] == ["UN"]
    assert not said(pipeline, "يذكر أن المفاوضات بدأت قبل عامين.")
    assert not said(pipeline, "ودان المجلس ما وصفه بالمحاولات التخريبية.")[1:]


def test_a_body_affiliated_with_an_actor_speaks_for_it(pipeline: Pipeline) -> None:
    text = (
        "وقالت «لجنة متابعة المفقودين» التابعة لوزارة الداخلية العراقية إن البحث مستمر. "
        "وذكرت اللجنة أن عشرات العائلات تنتظر نتائج الفحوص."
    )
    sts = said(pipeline, text)
    assert [s.speaker for s in sts] == ["IRQGOV", "IRQGOV"]
    assert sts[0].speaker_name == "لجنة متابعة المفقودين"


def test_civilians_unnamed_by_nature_are_the_country_s_civilians(pipeline: Pipeline) -> None:
    text = "فرقت الشرطة التونسية مسيرة في العاصمة. وأكد طلبة ومحتجون أن الشرطة استخدمت الغاز المسيل للدموع."
    assert [s.speaker for s in said(pipeline, text)] == ["TUNCVL"]


def test_words_right_after_the_cue_are_the_last_speaker_s(pipeline: Pipeline) -> None:
    text = "قال وزير الخارجية المغربي إن المفاوضات مستمرة. وأضاف: «لن نقبل بأي حل خارج إطار الحكم الذاتي»."
    assert [s.speaker for s in said(pipeline, text)] == ["MARGOV", "MARGOV"]

"""Event coding, one file of sentences per PLOVER type (tests/coding/sentences/TYPE.jsonl).

Each line: text, type, source, target, negated, claimed_by. The sentences were written for
these tests (real-style Arabic news sentences, not taken from any document). NONE.jsonl
holds sentences with trigger-looking words that report no event.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.lexicons.events import PLOVER_TYPES
from rasad.pipeline import Pipeline
from rasad.types import Article, Metadata, Record

HERE = Path(__file__).with_name("sentences")
# Per type, the share of sentences whose event type (with its negation), source country
# and target country rasad finds. The floors pin today's figures, so a regression fails;
# raise them as coding improves.
FLOORS: dict[str, dict[str, float]] = json.loads(Path(__file__).with_name("type_floors.json").read_text())


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def load(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]


def code(pipeline: Pipeline, text: str) -> Record:
    return pipeline.code("t", "t", Article("t", text, Metadata()))


def countries(codes: object) -> set[str]:
    assert isinstance(codes, (list, tuple))
    return {str(c)[:3] for c in codes}


def test_every_type_has_a_file() -> None:
    for t in PLOVER_TYPES:
        assert len(load(t)) >= 6, t


@pytest.mark.parametrize("plover_type", PLOVER_TYPES)
def test_type(pipeline: Pipeline, plover_type: str) -> None:
    rows = load(plover_type)
    found = sources = targets = 0
    for row in rows:
        record = code(pipeline, str(row["text"]))
        hits = [e for e in record.events if e.type == plover_type and e.negated == row["negated"]]
        if hits:
            found += 1
            sources += any(countries(e.source) == countries(row["source"]) for e in hits)
            targets += any(countries(e.target) == countries(row["target"]) for e in hits)
    n = len(rows)
    floor = FLOORS[plover_type]
    assert found / n >= floor["type"], f"{plover_type}: type found in {found}/{n}"
    assert sources / n >= floor["source"], f"{plover_type}: source right in {sources}/{n}"
    assert targets / n >= floor["target"], f"{plover_type}: target right in {targets}/{n}"


def test_sentences_without_events(pipeline: Pipeline) -> None:
    rows = load("NONE")
    wrong = [row["text"] for row in rows if code(pipeline, str(row["text"])).events]
    assert len(wrong) <= 3, wrong


@pytest.mark.parametrize(
    ("text", "kind", "negated", "claimed"),
    [
        ("لم توقع الحكومة الاتفاق مع المعارضة.", "AGREE", True, ()),
        ("نفى الجيش السوري انسحاب قواته من المدينة.", "RETREAT", True, ("SYRMIL",)),
        ("قالت وزارة الصحة الفلسطينية إن القوات الإسرائيلية قصفت مخيم جباليا.", "ASSAULT", False, ("PSEGOV",)),
        ("وبحسب وكالة الأنباء الرسمية السورية فإن الطائرات الإسرائيلية قصفت مطار دمشق.", "ASSAULT", False, ("SYRMED",)),
    ],
)
def test_negation_and_claims(pipeline: Pipeline, text: str, kind: str, negated: bool, claimed: tuple[str, ...]) -> None:
    events = [e for e in code(pipeline, text).events if e.type == kind]
    assert events and events[0].negated == negated and events[0].claimed_by == claimed


def test_symmetric_coordinated_subject(pipeline: Pipeline) -> None:
    (event,) = [e for e in code(pipeline, "وقعت روسيا وكوريا الشمالية اتفاقا للتعاون العسكري.").events if e.type == "AGREE"]
    assert (event.source, event.target) == (("RUS",), ("PRK",))


def test_future_plans_are_not_events(pipeline: Pipeline) -> None:
    assert not code(pipeline, "سيزور الرئيس الفرنسي الجزائر الأسبوع المقبل.").events


def test_dates_need_a_year_from_the_article(pipeline: Pipeline) -> None:
    text = "التقى وزير الخارجية المصري نظيره الأردني في 3 آذار 2023. وكان الجانبان قد وقعا اتفاقا في 8 شباط."
    events = code(pipeline, text).events
    assert {e.date for e in events} >= {"2023-03-03", "2023-02-08"}
    assert all(e.date is None for e in code(pipeline, "وقع الجانبان اتفاقا في 8 شباط.").events)


def test_evidence_offsets(pipeline: Pipeline) -> None:
    text = "قصفت الطائرات الإسرائيلية مواقع لحزب الله في جنوب لبنان."
    record = code(pipeline, text)
    (event,) = [e for e in record.events if e.type == "ASSAULT"]
    a, b = event.trigger_span
    assert text[a:b] == event.trigger and event.sentence == text


def test_a_sentence_without_date_goes_on_with_its_paragraph(pipeline: Pipeline) -> None:
    text = "أعلن الجيش المصري في 3 آذار 2023 انتهاء التدريب. وقصفت الطائرات الإسرائيلية مواقع في غزة.\nوقصفت الطائرات الإسرائيلية مواقع في لبنان."
    dated = {e.sentence: e.date for e in code(pipeline, text).events if e.type == "ASSAULT"}
    assert dated == {"وقصفت الطائرات الإسرائيلية مواقع في غزة.": "2023-03-03", "وقصفت الطائرات الإسرائيلية مواقع في لبنان.": None}


def test_words_inside_a_quotation_are_speech(pipeline: Pipeline) -> None:
    said = code(pipeline, "وقال المتحدث: «سنواصل التظاهر حتى تسقط الحكومة وسنقصف مواقعهم».")
    assert not said.events and said.statements


def test_threats_and_dangers(pipeline: Pipeline) -> None:
    threat = code(pipeline, "هدد وزير الدفاع الإسرائيلي بقصف مواقع حزب الله إذا لم تتوقف الهجمات.").events
    assert [(e.type, e.source, e.target) for e in threat] == [("THREATEN", ("ISRMIL",), ("LBNREB",))]
    assert not [e for e in code(pipeline, "وحذر من جماعات متطرفة تهدد أمن واستقرار تونس.").events if e.type == "THREATEN"]


def test_crowds_gathering_are_protests(pipeline: Pipeline) -> None:
    for text in ("وتجمع مئات المتظاهرين أمام مبنى البرلمان في بغداد.", "وتجمع مئات من الأقباط أمام الكاتدرائية."):
        assert [e.type for e in code(pipeline, text).events] == ["PROTEST"], text
    # protesters as the object of someone else's act are no protest of theirs
    assert "PROTEST" not in {e.type for e in code(pipeline, "وأصيب ثمانية متظاهرين في مواجهات مع الشرطة.").events}


def test_word_lists_are_written_as_tokens_fold_them() -> None:
    """Every word list the coders compare tokens with is in the tokens' folded form."""
    from rasad.arabic import fold_keep_ta
    from rasad.coding import events, statements

    lists = [events.NEGATORS, events.TARGET_PREPS, events.LIGHT_NOUNS, events._CROWD_FILLERS,
             events._CROWD_NOUNS, statements._SPEAKER_HEADS, statements._THAT]
    for words in lists:
        assert all(fold_keep_ta(w) == w for w in words)


def test_ratifying_the_agreement_told_before(pipeline: Pipeline) -> None:
    text = "وقع الرئيس الروسي معاهدة مع كوريا الشمالية. وصادق مجلس الشيوخ في البرلمان الروسي على هذه المعاهدة."
    agree = [(e.source, e.target) for e in code(pipeline, text).events if e.type == "AGREE"]
    assert (("RUSLEG",), ("PRK",)) in agree
    assert not [e for e in code(pipeline, "صادق الرجل على كلام صديقه.").events if e.type == "AGREE"]


@pytest.mark.parametrize(
    "text",
    [
        "دعت أحزاب المعارضة التونسية إلى التظاهر أمام البرلمان يوم الجمعة.",  # a call
        "أعلنت النقابة عزمها تنفيذ إضراب عام في المستشفيات الحكومية.",  # an intention
        "ينص قانون التظاهر الجديد في مصر على إخطار الشرطة مسبقا.",  # a law
        "انتشرت قوات مكافحة الشغب في شوارع العاصمة الكينية.",  # riot police
        "دعا الاتحاد العام للشغل إلى مقاطعة الانتخابات احتجاجا على القانون الجديد.",  # purpose of a call
        "تنطلق اليوم تظاهرة ثقافية كبرى في مدينة صفاقس.",  # a festival
        "اعتصم الوزير بالصمت ورفض التعليق.",  # to hold fast to
        "تظاهر اللاعب بالإصابة لكسب الوقت.",  # to feign
        "قتل متظاهر سوداني برصاص الشرطة في أم درمان.",  # one protester is a person
        "قال متظاهر عراقي إن المطالب لم تتحقق.",
        "وشوهد تجمع المتظاهرين قرب السفارة الأمريكية.",  # a verbal noun and its genitive
        "واستمرت تلك الاحتجاجات أسبوعين.",  # a demonstrative refers back
        "أبدت الحكومة الأردنية احتجاجها على تصريحات السفير الإيراني.",  # a verbal protest
    ],
)
def test_protest_words_that_report_no_protest(pipeline: Pipeline, text: str) -> None:
    assert "PROTEST" not in {e.type for e in code(pipeline, text).events}


def test_protests_still_found(pipeline: Pipeline) -> None:
    for text in (
        "اعتصم مئات العمال بساحة القصبة في تونس.",  # ب + a place
        "تظاهر الطلاب بالآلاف في شوارع الجزائر.",  # ب + a number
        "مئات المحتجين تجمعوا أمام مقر الحكومة في بغداد.",  # the number opens the clause
        "خرج آلاف الأردنيين في مسيرة احتجاجا على رفع الأسعار.",
    ):
        assert "PROTEST" in {e.type for e in code(pipeline, text).events}, text


def test_called_for_is_not_done(pipeline: Pipeline) -> None:
    events = code(pipeline, "طالب وزير الخارجية الفرنسي بفرض عقوبات على إيران.").events
    assert [e.type for e in events] == ["REQUEST"]
    (accuse,) = code(pipeline, "أبدت الحكومة الأردنية احتجاجها على تصريحات السفير الإيراني.").events
    assert (accuse.type, accuse.source, accuse.target) == ("ACCUSE", ("JORGOV",), ("IRNGOV",))


def test_coordinated_sides_keep_their_dyad(pipeline: Pipeline) -> None:
    text = "عززت إيران وسوريا علاقاتهما العسكرية منذ تدخل طهران في الحرب."
    (event,) = [e for e in code(pipeline, text).events if e.type == "COOPERATE"]
    assert (event.source, event.target) == (("IRN",), ("SYR",))


def test_target_of_a_noun_after_its_genitive_actor(pipeline: Pipeline) -> None:
    text = "وجاء ذلك خلال زيارة وزير الخارجية التركي هاكان فيدان إلى بغداد."
    (event,) = [e for e in code(pipeline, text).events if e.type == "CONSULT"]
    assert (event.source, countries(event.target)) == (("TURGOV",), {"IRQ"})


def test_a_body_named_by_its_head_and_later_by_the_head_alone(pipeline: Pipeline) -> None:
    text = "واتهمت اللجنة العسكرية لحلف شمال الأطلسي روسيا بخرق الاتفاق. ورفضت اللجنة الرد الروسي على الاتهام."
    assert {(e.type, e.source, e.target) for e in code(pipeline, text).events} == {
        ("ACCUSE", ("NATO",), ("RUS",)), ("REJECT", ("NATO",), ("RUS",))}
    said = code(pipeline, "وقالت الهيئة العامة لحلف شمال الأطلسي إن الوضع خطير. وأكدت الهيئة أن الاجتماع سيعقد غدا.")
    assert [s.speaker for s in said.statements] == ["NATO", "NATO"]


def test_a_dropped_subject_goes_on_with_the_one_before(pipeline: Pipeline) -> None:
    text = "واتهم المكتب السياسي لحركة حماس إسرائيل بخرق الهدنة. كما رفض مقترحا أمريكيا جديدا."
    (reject,) = [e for e in code(pipeline, text).events if e.type == "REJECT"]
    assert reject.source == ("PSEREB",)


def test_a_protest_is_against_whom_its_demands_name(pipeline: Pipeline) -> None:
    for text in ("تظاهر آلاف المغاربة في الرباط للمطالبة برحيل الحكومة.", "خرج مئات الطلاب في شوارع الخرطوم ضد الرئيس السوداني."):
        protests = [e for e in code(pipeline, text).events if e.type == "PROTEST"]
        assert protests and all(countries(e.target) == countries(e.source) != set() for e in protests), text


def test_a_date_passes_words_that_report_no_event(pipeline: Pipeline) -> None:
    # "الاتفاقية" refers back (no event of its own): it does not stand between the verb and its date
    text = "وقع وزير الخارجية المصري اتفاقا مع نظيره الأردني في 3 آذار 2023. وصادق البرلمان الأردني على الاتفاقية في 12 أيار."
    dated = {e.date for e in code(pipeline, text).events if e.type == "AGREE" and "JOR" in countries(e.source)}
    assert dated == {"2023-05-12"}


def test_an_event_that_frames_the_time_does_not_take_the_date(pipeline: Pipeline) -> None:
    text = "ووقعت مصر والأردن اتفاقية للتعاون التجاري خلال زيارة العاهل الأردني إلى القاهرة في 3 آذار 2023."
    events = code(pipeline, text).events
    assert {e.date for e in events if e.type == "AGREE"} == {"2023-03-03"}
    assert {e.date for e in events if e.type == "CONSULT"} == {"2023-03-03"}


def test_a_passive_signing_of_the_treaty_told_before(pipeline: Pipeline) -> None:
    text = "وقع الرئيس الإيراني اتفاقية شراكة مع روسيا.\nوأبرمت هذه الاتفاقية خلال زيارة إلى موسكو في 17 كانون الثاني 2025."
    agree = [e for e in code(pipeline, text).events if e.type == "AGREE" and e.date]
    assert [(countries(e.source), countries(e.target), e.date) for e in agree] == [({"IRN"}, {"RUS"}, "2025-01-17")]


def test_what_is_threatened_through_a_light_noun_has_not_happened(pipeline: Pipeline) -> None:
    events = code(pipeline, "لوّح الاتحاد الأوروبي بفرض عقوبات جديدة على إيران.").events
    assert [e.type for e in events] == ["THREATEN"]


def test_the_two_countries_are_the_two_the_article_names_most(pipeline: Pipeline) -> None:
    text = (
        "استقبل الرئيس المصري نظيره الأردني في القاهرة، وبحث معه الحرب على غزة وأزمة السودان. "
        "وقالت مصر إن الأردن شريك أساسي.\nوتخضع البلدان لضغوط صندوق النقد الدولي، "
        "ووقع الطرفان اتفاقا للتعاون في مجال الطاقة."
    )
    record = code(pipeline, text)
    agree = [e for e in record.events if e.type == "AGREE"]
    assert [countries(e.source) | countries(e.target) for e in agree] == [{"EGY", "JOR"}]
    # the word stands for actors already listed: it is no actor mention of its own
    at = text.index("البلدان")
    assert not any(a <= at < b for actor in record.actors for a, b in actor.mentions)


def test_the_subject_of_a_verb_of_undergoing_is_acted_upon(pipeline: Pipeline) -> None:
    (attack,) = [e for e in code(pipeline, "وتعرضت القوات الأمريكية لهجوم بطائرة مسيرة في شمال شرق سوريا.").events if e.type == "ASSAULT"]
    assert countries(attack.target) == {"USA"} and not attack.source
    text = "وأعلنت فنزويلا وكوبا رفضهما للضغوط. ويخضع البلدان لعقوبات الولايات المتحدة منذ سنوات."
    (sanction,) = [e for e in code(pipeline, text).events if e.type == "SANCTION"]
    assert countries(sanction.source) == {"USA"} and countries(sanction.target) == {"VEN", "CUB"}


def test_a_noun_with_the_article_has_no_genitive(pipeline: Pipeline) -> None:
    # "الاتفاق" is the subject of يلزم, "الجانبين" its object: no new agreement is told
    text = "وقعت تركيا وأذربيجان اتفاقا دفاعيا. ويلزم الاتفاق الجانبين بتبادل المعلومات."
    agree = [e for e in code(pipeline, text).events if e.type == "AGREE"]
    assert len(agree) == 1 and "وقعت" in agree[0].trigger


def test_a_crowd_verb_and_its_protester_noun_are_one_protest(pipeline: Pipeline) -> None:
    text = "وخرج آلاف المتظاهرين الأردنيين في شوارع المدن للمطالبة برحيل الحكومة."
    protests = [e for e in code(pipeline, text).events if e.type == "PROTEST"]
    assert [(countries(e.source), countries(e.target)) for e in protests] == [({"JOR"}, {"JOR"})]


def test_a_demand_needs_an_event_told_before_it(pipeline: Pipeline) -> None:
    # the protest is only called for: the demand is no event either
    events = code(pipeline, "دعا الحزب الشيوعي العراقي إلى التظاهر للمطالبة برحيل الحكومة.").events
    assert all(e.trigger != "للمطالبة" for e in events)


def test_a_joint_act_only_planned_is_no_cooperation(pipeline: Pipeline) -> None:
    events = code(pipeline, "وسيعمل الجيش اللبناني بالتنسيق مع قوات اليونيفيل على ضبط الحدود.").events
    assert not [e for e in events if e.type == "COOPERATE"]


def full(events: object, kind: str) -> list[tuple[set[str], set[str]]]:
    assert isinstance(events, tuple)
    return [(countries(e.source), countries(e.target)) for e in events if e.type == kind and not e.negated]


def test_a_protest_with_no_one_named_is_against_its_own_government(pipeline: Pipeline) -> None:
    events = code(pipeline, "وأضرب آلاف العمال المغاربة عن العمل لليوم الثاني.").events
    assert [e.target for e in events if e.type == "PROTEST"] == [("MARGOV",)]
    # an opposition too; a protest against a named actor keeps it
    events = code(pipeline, "تظاهر أنصار المعارضة الكينية في شوارع نيروبي.").events
    assert full(events, "PROTEST") in ([], [({"KEN"}, {"KEN"})])
    events = code(pipeline, "تظاهر مئات الطلاب الأردنيين أمام السفارة الإسرائيلية في عمان.").events
    assert full(events, "PROTEST") == [({"JOR"}, {"ISR"})]


def test_an_attack_with_no_target_hits_the_other_country_of_its_sentence(pipeline: Pipeline) -> None:
    text = "وقالت وزارة الصحة اللبنانية إن القصف الإسرائيلي أوقع عشرة قتلى."
    assert full(code(pipeline, text).events, "ASSAULT") == [({"ISR"}, {"LBN"})]
    # two other countries: nobody is guessed
    text = "وقالت وزارة الخارجية المصرية والأردنية إن القصف الإسرائيلي أوقع عشرة قتلى."
    assert full(code(pipeline, text).events, "ASSAULT") == [({"ISR"}, set())]


def test_a_between_pair_after_a_symmetric_act_is_its_dyad(pipeline: Pipeline) -> None:
    text = "وحذر الاتحاد الأوروبي من التعاون بين إيران وروسيا في مجال الطائرات المسيرة."
    assert full(code(pipeline, text).events, "COOPERATE") == [({"IRN"}, {"RUS"})]


def test_the_owner_of_a_criticised_thing_is_criticised(pipeline: Pipeline) -> None:
    # "الدعم الأمريكي" stands between the noun and the ل-phrase: the criticised is its owner
    text = "وواصل الرئيس التركي انتقاد الدعم الأمريكي لإسرائيل."
    assert full(code(pipeline, text).events, "ACCUSE") == [({"TUR"}, {"USA"})]


def test_a_but_clause_goes_on_with_the_subject_before(pipeline: Pipeline) -> None:
    text = "رحب وزير الخارجية المصري بالمبادرة، لكنه انتقد الموقف الإسرائيلي."
    assert full(code(pipeline, text).events, "ACCUSE") == [({"EGY"}, {"ISR"})]
    text = "لم يعلق الرئيس التركي على الاتفاق، لكنه واصل انتقاد السياسة الأمريكية في المنطقة."
    assert full(code(pipeline, text).events, "ACCUSE") == [({"TUR"}, {"USA"})]


def test_an_agreement_in_force_is_named_not_concluded(pipeline: Pipeline) -> None:
    for text in (
        "وأكد الاتحاد الأفريقي التزامه بدعم جهود الصومال في تنفيذ بنود اتفاقية المصالحة.",
        "واتهمت الحكومة الإثيوبية المتمردين بخرق اتفاق السلام.",
        "وبموجب الاتفاقية تتولى مصر إدارة المعبر.",
    ):
        assert "AGREE" not in {e.type for e in code(pipeline, text).events}, text
    # signing one still is
    assert "AGREE" in {e.type for e in code(pipeline, "وقعت الصومال وكينيا اتفاقية لترسيم الحدود.").events}


def test_will_not_hesitate_is_a_threat(pipeline: Pipeline) -> None:
    text = "وقال قائد الحرس الثوري الإيراني إن بلاده لن تتردد في الرد على إسرائيل."
    (threat,) = [e for e in code(pipeline, text).events if e.type == "THREATEN"]
    assert not threat.negated and countries(threat.source) == {"IRN"}
    text = "أكد وزير الدفاع التركي عدم تردد أنقرة في اتخاذ كل الإجراءات ضد المسلحين."
    assert [e.negated for e in code(pipeline, text).events if e.type == "THREATEN"] == [False]
    # hesitating is no threat
    assert not [e for e in code(pipeline, "وتردد الجيش اللبناني في الرد على القصف.").events if e.type == "THREATEN"]


def test_an_act_after_any_is_a_case_not_an_event(pipeline: Pipeline) -> None:
    text = "وحذرت وزارة الخارجية الروسية من أي هجوم أمريكي على فنزويلا."
    assert not [e for e in code(pipeline, text).events if e.type == "ASSAULT"]


def test_an_alarm_is_no_ultimatum(pipeline: Pipeline) -> None:
    # a light verb says that a noun's event happened, not in which sense
    alarm = code(pipeline, "وأصدر الجيش اللبناني إنذارا حول تسرب غاز في المرفأ.").events
    assert not [e for e in alarm if e.type == "THREATEN"]
    ultimatum = code(pipeline, "وأصدر الجيش السوداني إنذارا لقوات الدعم السريع بمغادرة المدينة.").events
    assert full(ultimatum, "THREATEN") == [({"SDN"}, {"SDN"})]


def test_an_actor_in_apposition_between_commas_is_the_target(pipeline: Pipeline) -> None:
    text = "فرضت الولايات المتحدة عقوبات على رئيس الجهاز، سيرغي لافروف، بسبب دوره في الحرب."
    assert full(code(pipeline, text).events, "SANCTION") == [({"USA"}, {"RUS"})]


def test_a_noun_whose_doer_follows_at_the_hands_of(pipeline: Pipeline) -> None:
    text = "ويستمر تدريب جنود من الجيش الصومالي على يد قوات من الجيش التركي."
    assert full(code(pipeline, text).events, "AID") == [({"TUR"}, {"SOM"})]
    text = "وندد الحزب باعتقال الصحفي المصري من قبل الشرطة الإسرائيلية."
    assert full(code(pipeline, text).events, "COERCE") == [({"ISR"}, {"EGY"})]


def test_the_act_an_accusation_charges_is_claimed_by_the_accuser(pipeline: Pipeline) -> None:
    text = "واتهمت الحكومة السودانية الإمارات بإرسال أسلحة إلى قوات الدعم السريع."
    (aid,) = [e for e in code(pipeline, text).events if e.type == "AID"]
    assert countries(aid.source) == {"ARE"} and countries(aid.claimed_by) == {"SDN"}


def test_the_deployed_forces_head_the_genitive_of_a_deployment(pipeline: Pipeline) -> None:
    # "قوى الأمن الداخلي" is definite by its genitive, and the phrase's last word heads it
    text = "وأكدت وزارة الداخلية اللبنانية انتشار قوى الأمن الداخلي في شوارع بيروت بعد الاشتباكات."
    assert full(code(pipeline, text).events, "MOBILIZE") == [({"LBN"}, set())]


def test_a_noun_of_purpose_is_done_by_the_subject_of_its_clause(pipeline: Pipeline) -> None:
    text = "واستخدمت قوات الشرطة الكينية الغاز المسيل للدموع لتفريق مئات المحتجين في نيروبي."
    assert full(code(pipeline, text).events, "ASSAULT") == [({"KEN"}, {"KEN"})]
    assert [e.source for e in code(pipeline, text).events if e.type == "ASSAULT"] == [("KENGOV",)]


@pytest.mark.parametrize(
    "text",
    [
        "وقال الوزير إنه يجب أن تنسحب القوات الإسرائيلية من جنوب لبنان.",
        "ومن المقرر أن يزور الرئيس المصري السعودية الأسبوع المقبل.",
        "وينبغي أن تفرض الولايات المتحدة عقوبات على إيران.",
        "ويتعين على الحكومة العراقية أن تفرج عن المعتقلين.",
        "ومن المتوقع أن يلتقي وزير الخارجية الأردني نظيره السوري.",
    ],
)
def test_an_obligation_or_a_schedule_has_not_happened(pipeline: Pipeline, text: str) -> None:
    assert not code(pipeline, text).events, text


def test_a_feminine_verb_does_not_take_a_masculine_subject(pipeline: Pipeline) -> None:
    # "الاحتلال" is masculine: after "حمّلت" it is the object, and the subject is the body
    # that spoke just before
    text = "وقالت وزارة الخارجية الأردنية إن الوضع خطير. وحمّلت الاحتلال المسؤولية الكاملة عن التصعيد."
    assert full(code(pipeline, text).events, "ACCUSE") == [({"JOR"}, {"ISR"})]
    # a name does not write its gender: "حماس" is the subject of "رفضت"
    text = "ورفضت حماس العرض المصري."
    assert [countries(e.source) for e in code(pipeline, text).events if e.type == "REJECT"] == [{"PSE"}]


def test_a_verb_right_after_that_and_a_pronoun_is_a_verb(pipeline: Pipeline) -> None:
    # "طالب" is also "a student"; after "إنه" it is the verb, its subject the speaker
    text = "وقال وزير الخارجية الأردني في بيان، إنه طالب المسؤولين الدوليين بالتدخل."
    assert [(e.source, e.claimed_by) for e in code(pipeline, text).events if e.type == "REQUEST"] == [(("JORGOV",), ("JORGOV",))]


def test_the_actor_after_according_to_is_no_subject(pipeline: Pipeline) -> None:
    events = code(pipeline, "وبحسب الشرطة الهندية قتل خمسة أشخاص في انفجار.").events
    assert [(e.source, e.claimed_by) for e in events if e.type == "ASSAULT"] == [((), ("INDGOV",))]


def test_rebels_killed_as_the_army_reports_it_are_killed_by_the_army(pipeline: Pipeline) -> None:
    text = "ووفق الجيش الكولومبي قتل عشرة من متمردي القوات المسلحة الثورية في اشتباك."
    events = [e for e in code(pipeline, text).events if e.type == "ASSAULT"]
    assert [(e.source, countries(e.target)) for e in events] == [(("COLMIL",), {"COL"})]


def test_a_stance_verb_takes_a_verbal_noun_with_its_subjects_pronoun(pipeline: Pipeline) -> None:
    # "رفضها" is also "rejected it": after "أعلنت حماس" it is her rejection, of what follows
    text = "وأعلنت حماس رفضها للقرار الإسرائيلي."
    assert full(code(pipeline, text).events, "REJECT") == [({"PSE"}, {"ISR"})]
    text = "وجدد الأردن رفضه للاستيطان الإسرائيلي في الضفة."
    assert full(code(pipeline, text).events, "REJECT") == [({"JOR"}, {"ISR"})]


def test_the_noun_after_an_agreement_names_its_content(pipeline: Pipeline) -> None:
    # "تعاون" is the verbal noun here, not "cooperated", and the agreement's target is not cut off
    for text in ("وقعت مصر اتفاقية تعاون مع السعودية.", "وقعت مصر اتفاقية تعاون عسكري مع السعودية."):
        events = code(pipeline, text).events
        assert [(e.type, countries(e.source), countries(e.target)) for e in events] == [("AGREE", {"EGY"}, {"SAU"})], text

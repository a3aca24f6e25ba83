from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.dedup import DedupIndex, DedupIndexError

S = [
    "أعلنت وزارة الخارجية في بيان رسمي أن الوزير سيتوجه إلى العاصمة الأسبوع المقبل.",
    "وأضاف البيان أن الزيارة تهدف إلى بحث العلاقات الثنائية وسبل تعزيزها في مختلف المجالات.",
    "وكان الجانبان قد وقعا العام الماضي اتفاقا للتعاون الاقتصادي والتجاري بين البلدين.",
    "ومن المقرر أن يلتقي الوزير خلال الزيارة كبار المسؤولين في الحكومة والبرلمان.",
    "وأشار مصدر دبلوماسي إلى أن المباحثات ستتناول أيضا الأوضاع الإقليمية والتطورات الأخيرة.",
    "ويأتي ذلك في إطار جولة إقليمية تشمل عددا من دول المنطقة خلال الأيام المقبلة.",
]
OTHER = [
    "قالت الشرطة إن انفجارا وقع صباح اليوم في سوق شعبي وسط المدينة وأسفر عن إصابة عدد من المارة.",
    "وهرعت سيارات الإسعاف إلى المكان ونقلت المصابين إلى المستشفيات القريبة لتلقي العلاج.",
    "ولم تعلن أي جهة مسؤوليتها عن الانفجار حتى الآن فيما فتحت السلطات تحقيقا في الحادث.",
    "وشهدت المدينة خلال الأشهر الماضية عدة حوادث مماثلة استهدفت أماكن مزدحمة.",
]
ARTICLE = "\n".join(S)


def test_exact_copy_whatever_spacing_and_letter_variants() -> None:
    idx = DedupIndex()
    assert idx.check_and_add("a", ARTICLE) is None
    variant = ARTICLE.replace("أ", "ا").replace(" ", "  ")
    match = idx.check_and_add("b", variant)
    assert match is not None and match.duplicate_of == "a" and match.similarity == 1.0


def test_near_copy_dropped_sentence_and_dateline() -> None:
    idx = DedupIndex()
    idx.check_and_add("a", ARTICLE)
    copy = "القاهرة - «وكالات»: " + "\n".join(S[:3] + S[4:])
    match = idx.check_and_add("b", copy)
    assert match is not None and match.duplicate_of == "a"


def test_different_article_same_topic_is_not_a_copy() -> None:
    idx = DedupIndex()
    idx.check_and_add("a", ARTICLE)
    same_topic = "\n".join([S[0], *OTHER])
    assert idx.check_and_add("b", same_topic) is None


def test_first_seen_wins_and_order_is_deterministic() -> None:
    runs = []
    for _ in range(2):
        idx = DedupIndex()
        out = [idx.check_and_add(doc_id, text) for doc_id, text in
               (("a", ARTICLE), ("b", "\n".join(S[:5])), ("c", "\n".join(S[1:])))]
        runs.append([m.duplicate_of if m else None for m in out])
    assert runs[0] == runs[1] == [None, "a", "a"]


def test_index_persists_across_runs_and_survives_a_cut_record(tmp_path: Path) -> None:
    path = tmp_path / "dedup.idx"
    first = DedupIndex(path=path)
    first.check_and_add("a" * 16, ARTICLE)
    first.check_and_add("b" * 16, "\n".join(OTHER))
    first.close()
    with path.open("ab") as fh:
        fh.write(b"partial record that is longer than a header")  # a crash mid-write
    second = DedupIndex(path=path)
    assert len(second) == 2
    match = second.check_and_add("c" * 16, "\n".join(S[1:]))
    assert match is not None and match.duplicate_of == "a" * 16
    second.check_and_add("d" * 16, "نص مختلف تماما عن كل ما سبق في هذا الاختبار القصير جدا.")
    second.close()
    with DedupIndex(path=path) as third:
        assert len(third) == 3


def test_bad_index_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.idx"
    path.write_bytes(b"not an index")
    with pytest.raises(DedupIndexError, match="not a rasad dedup index"):
        DedupIndex(path=path)
    with pytest.raises(DedupIndexError):
        DedupIndex(threshold=0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=5))
def test_any_text_can_be_indexed(texts: list[str]) -> None:
    idx = DedupIndex()
    for i, t in enumerate(texts):
        idx.check_and_add(str(i), t)

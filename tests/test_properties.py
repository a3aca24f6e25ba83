"""Property tests over the stages a hostile page reaches: the HTML cleaner, the whole
article extraction, the coders and the pipeline. Whatever the input: no exception, every
offset inside the text, and the text made of the input's own wording."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.clean.html import clean_html_page, parse_html
from rasad.coding.actors import find_actors
from rasad.coding.article import code_article
from rasad.lexicons.actors import ActorLexicon
from rasad.lexicons.events import EventLexicon
from rasad.pipeline import Pipeline
from rasad.types import InputError, RawDocument, Status

# real words of the press (actors, triggers, negation, cues, dates, punctuation) so that
# generated text reaches the coding rules, not only the tokenizer
WORDS = ["قال", "وزير", "الخارجية", "الروسي", "إن", "روسيا", "وكوريا", "الشمالية", "وقعتا", "اتفاقية", "دفاع", "مشترك", "لم", "لن", "لا", "نفى", "تظاهر", "آلاف", "المحتجين", "ضد", "الحكومة", "في", "القاهرة", "أمس", "وأعلن", "الجيش", "الإسرائيلي", "قصف", "غزة", "هاجمت", "قوات", "الاحتلال", "مخيم", "جنين", "يوم", "5", "تشرين", "الثاني/نوفمبر", "2024", "١٢", "رمضان", "١٤٤٥", "هـ", "وأكد", "بوتين", "«نحن»", "“هم”", '"', "،", ".", "؟", "!", ":", "(", ")", "-", "الأمم", "المتحدة", "الناتو", "حماس", "حزب", "الله", "السعودية", "إيران", "وحذر", "دعا", "إلى", "طالب", "بفرض", "عقوبات", "على", "واشنطن", "ودعمت", "فرنسا", "أوكرانيا", "بالسلاح", "وزار", "بلينكن", "بكين"]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=120).map(" ".join)
paragraphs = st.lists(texts, min_size=1, max_size=6).map("\n".join)
# for the HTML cleaner, characters a decoded page holds (decode removes control characters;
# lxml and trafilatura drop unassigned ones)
page_chars = st.characters(categories=("L", "N", "P", "Zs"), max_codepoint=0xFFFF)
page_texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(page_chars, max_size=6)), max_size=80).map(" ".join)

ACTORS = ActorLexicon.load()
EVENTS = EventLexicon.load()
PIPELINE = Pipeline(actor_lexicon=ACTORS, event_lexicon=EVENTS, dedup=None, time_limit=None)


@settings(max_examples=80, deadline=None)
@given(paragraphs, st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
def test_coders_keep_offsets_inside_the_text(text: str, day: dt.date | None) -> None:
    mentions = find_actors(text, ACTORS, day)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
    coded = code_article(text, mentions, EVENTS, day)
    for e in coded.events:
        assert e.sentence in text
        a, b = e.trigger_span
        assert 0 <= a <= b <= len(text)
        assert e.date is None or len(e.date) in (4, 7, 10)
    for s in coded.statements:
        assert 0 <= s.cue_span[0] <= s.cue_span[1] <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "div", "li", "td", "h2", "span", "script", "a"]), page_texts),
                max_size=12))
def test_html_cleaner_keeps_the_pages_wording(parts: list[tuple[str, str]]) -> None:
    html = "<html><body>" + "".join(f"<{tag}>{body}</{tag}>" for tag, body in parts) + "</body></html>"
    try:
        tree = parse_html(html)
    except InputError:
        return
    # the letters and digits of each paragraph, in order, are a stretch of the page's own
    # (in NFKC: trafilatura normalises some composed characters; separators may differ)
    page = _letters(re.sub(r"<[^>]*>", "", re.sub(r"<script>.*?</script>", "", html, flags=re.S)))
    for para in clean_html_page(tree, None, html).paragraphs:
        assert _letters(para) in page


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.binary(max_size=3000), paragraphs.map(str.encode),
                 st.tuples(texts, st.binary(max_size=40)).map(lambda t: t[0].encode() + t[1])),
       st.sampled_from(["a.txt", "a.html", "a.txt.gz", "a"]))
def test_pipeline_gives_one_record_for_any_bytes(data: bytes, name: str) -> None:
    record = PIPELINE.process(RawDocument(name, data, name))
    assert record.status in (Status.OK, Status.ERROR, Status.DUPLICATE)
    if record.status is Status.ERROR:
        assert record.error and "\n" not in record.error
    else:
        for actor in record.actors:
            assert all(0 <= a < b <= len(record.text) for a, b in actor.mentions)
        for e in record.events:
            assert e.sentence in record.text

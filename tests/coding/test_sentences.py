"""Sentence splitting: bounded sentence length."""

from __future__ import annotations

from rasad.coding.sentences import MAX_SENTENCE, split_sentences

CLAUSE = "وقالت الوزارة إن الوفد وصل إلى العاصمة، "


def test_a_run_on_line_is_cut_at_commas_into_bounded_pieces() -> None:
    text = CLAUSE * 2000  # 80,000 characters and no full stop
    spans = split_sentences(text)
    assert len(spans) > 1 and all(b - a <= MAX_SENTENCE for a, b in spans)
    assert all(text[a:b].endswith("،") or b == len(text.rstrip()) for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_no_comma_cuts_at_a_space() -> None:
    text = "كلمة " * 3000
    spans = split_sentences(text)
    assert all(b - a <= MAX_SENTENCE and text[a:b].split() == ["كلمة"] * len(text[a:b].split()) for a, b in spans)


def test_ordinary_sentences_unchanged() -> None:
    text = "قال الوزير إن الاتفاق وقع. وأضاف أن الوفد غادر؟ نعم!"
    assert [text[a:b] for a, b in split_sentences(text)] == ["قال الوزير إن الاتفاق وقع.", "وأضاف أن الوفد غادر؟", "نعم!"]

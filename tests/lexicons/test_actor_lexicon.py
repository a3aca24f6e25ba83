"""The shipped actor lexicon: it loads, its rows are valid, and it is complete for its classes."""

from __future__ import annotations

import re

import pytest

from rasad.arabic import canonical_form, fold
from rasad.coding.actors import find_actors, lexicon_codes
from rasad.lexicons.actors import ActorLexicon, inflect_demonym
from rasad.lexicons.tsv import LexiconError

babel = pytest.importorskip("babel")

CONTRACT_ORGS = ["UN", "NATO", "EU", "AU", "ARL", "GCC", "OPEC", "IAEA", "ICC", "ICJ", "WHO", "IMF", "WB", "ASEAN", "OIC", "SCO", "BRICS", "G7", "G20", "ICRC", "UNSC"]
PROCLITICS = ("و", "ب", "ل", "ف", "وب", "ول")
# CLDR territory codes that are not ISO 3166-1 countries.
NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "XK", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return ActorLexicon.load()


def codes(text: str, lex: ActorLexicon) -> set[str]:
    return {m.code for m in find_actors(text, lex)}


def test_every_form_is_canonical(lex: ActorLexicon) -> None:
    for e in lex.entries:
        assert canonical_form(e.form) == e.form, e
    for s in lex.sectors:
        assert canonical_form(s.form) == s.form, s


def test_every_iso_country_resolves_from_its_cldr_name(lex: ActorLexicon) -> None:
    from babel import Locale

    ar = Locale("ar").territories
    en = Locale("en").territories
    by_name: dict[str, set[str]] = {}
    for e in lex.entries:
        if e.kind == "country":
            by_name.setdefault(fold(e.form), set()).add(e.code)
    country_codes = {e.code for e in lex.entries if e.kind == "country"}
    assert len(country_codes) >= 249
    missing = []
    for alpha2, name in ar.items():
        if not (len(alpha2) == 2 and alpha2.isalpha()) or alpha2 in NOT_ISO:
            continue
        # CLDR's "الكونغو - برازافيل", "جزر كوكوس (كيلينغ)": the press writes them without the punctuation.
        plain = canonical_form(re.sub(r"\s*[-–]\s*", " ", name))
        bare = canonical_form(re.sub(r"\s*\([^)]*\)", "", name))
        if not {fold(canonical_form(name)), fold(plain), fold(bare)} & set(by_name):
            missing.append((alpha2, en.get(alpha2), name))
    assert not missing, missing


def test_every_country_resolves_with_and_without_proclitics(lex: ActorLexicon) -> None:
    first_form: dict[str, str] = {}
    for e in lex.entries:
        if e.kind == "country" and " " not in e.form and not e.form.startswith("ال"):
            first_form.setdefault(e.code, e.form)
    failures = []
    for code, form in first_form.items():
        if code not in codes(f"قالت {form} إنها سترد", lex):
            failures.append((code, form))
        for p in PROCLITICS:
            if code not in lexicon_codes(f"قالت {p}{form} إنها سترد", lex):
                failures.append((code, p + form))
    assert not failures, failures[:20]


def test_every_capital_and_demonym_resolves(lex: ActorLexicon) -> None:
    capitals: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for e in lex.entries:
        if e.kind == "capital":
            capitals.setdefault(e.code, e.form)
        if e.kind == "demonym" and e.country and not e.form.startswith("ال") and e.form.endswith("ي"):
            demonyms.setdefault(e.code, e.form)
    assert len(capitals) >= 190 and len(demonyms) >= 185
    bad = []
    for code, form in capitals.items():
        for p in ("", "و"):
            if code + "GOV" not in codes(f"وقالت {p}{form} إن المحادثات انتهت", lex):
                bad.append(("capital", code, p + form))
    for code, form in demonyms.items():
        definite = " ".join("ال" + w for w in form.split(" "))
        for phrase, want in ((f"أعلن الجيش {definite} أمس", code + "MIL"), (f"قال الوزير {definite} أمس", code + "GOV")):
            if want not in codes(phrase, lex):
                bad.append(("demonym", code, phrase))
    assert not bad, bad[:20]


def test_contract_orgs_resolve(lex: ActorLexicon) -> None:
    forms: dict[str, str] = {}
    for e in lex.entries:
        if e.kind == "org":
            forms.setdefault(e.code, e.form)
    missing = [c for c in CONTRACT_ORGS if c not in forms]
    assert not missing
    assert len(forms) >= 60
    for code in CONTRACT_ORGS:
        for p in ("", "و"):
            assert code in codes(f"ودعت {p}{forms[code]} إلى ضبط النفس", lex), (code, forms[code])


def test_demonym_inflection() -> None:
    forms = {f for f, _ in inflect_demonym("كوري شمالي")}
    assert {"الكورية الشمالية", "كوريين شماليين", "الكوري الشمالي"} <= forms


def test_loader_reports_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.lexicons import tsv

    def fake_rows(package: str, name: str, header: tuple[str, ...]):  # type: ignore[no-untyped-def]
        yield tsv.Row("countries.tsv", 7, dict(zip(header, ["روسيا", "RUSXYZ", "Russia", "country", "", "", ""], strict=True)))

    monkeypatch.setattr("rasad.lexicons.actors.read_rows", fake_rows)
    with pytest.raises(LexiconError, match=r"countries.tsv:7: unknown actor code"):
        ActorLexicon.load()

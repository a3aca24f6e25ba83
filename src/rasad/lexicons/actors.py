"""The actor lexicon: countries, capitals, demonyms, organisations, institutions,
persons with dated roles, armed groups and parties, and sector words.

Files (rasad/resources/actors/, format in docs/lexicons.md):
  countries.tsv, demonyms.tsv, orgs.tsv, institutions.tsv, groups.tsv, persons_*.tsv
      form  code  name  kind  start  end  note
  sectors.tsv
      form  sector  note

Load once with `ActorLexicon.load()` and pass the object along; it holds one
Aho-Corasick automaton over the folded forms of every entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

import ahocorasick

from rasad.arabic import fold
from rasad.lexicons.tsv import (
    REGIONS,
    SECTORS,
    LexiconError,
    Row,
    check_date,
    check_form,
    is_country_code,
    read_rows,
    resource_digest,
)

PACKAGE = "rasad.resources.actors"
ENTRY_HEADER = ("form", "code", "name", "kind", "start", "end", "note")
SECTOR_HEADER = ("form", "sector", "note")
KINDS = frozenset(
    {"country", "capital", "demonym", "demonym_plural", "institution", "org", "region", "person", "group", "party"}
)
SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "LEG": "legislature", "JUD": "judiciary", "MED": "media",
    "OPP": "opposition", "REB": "rebels", "BUS": "business", "CVL": "civilians", "EDU": "education",
}
REGION_NAMES = {"WST": "the West", "EUR": "Europe", "AFR": "Africa", "MEA": "Middle East", "ASA": "Asia"}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    form: str
    code: str
    name: str
    kind: str  # one of KINDS; generated demonym forms keep "demonym", people plurals "demonym_people"
    start: str | None = None
    end: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        iso = day.isoformat()
        if self.start and iso < _pad(self.start, "start"):
            return False
        return not (self.end and iso > _pad(self.end, "end"))

    @property
    def country(self) -> str | None:
        """The ISO alpha-3 part of a country or country+sector code (None for orgs, regions)."""
        if self.code in REGIONS or not is_country_code(self.code):
            return None
        return self.code[:3]


def _pad(date: str, side: str) -> str:
    if len(date) == 4:
        return date + ("-01-01" if side == "start" else "-12-31")
    if len(date) == 7:
        return date + ("-01" if side == "start" else "-31")
    return date


@dataclass(frozen=True, slots=True)
class SectorEntry:
    form: str
    sector: str
    attach_only: bool = False  # too generic alone ("الإدارة", "العسكري"): counts only with a country


# Masculine singular nisba -> the forms the press writes. People plurals are flagged.
_NISBA_SUFFIXES = (("", False), ("ة", False), ("ين", True), ("ون", True), ("ات", False), ("ان", False), ("تان", False), ("تين", False))


def inflect_demonym(form: str) -> list[tuple[str, bool]]:
    """'روسي' -> روسي, روسية, روسيين ... and each with the article; multi-word forms agree."""
    words = form.split(" ")
    out: list[tuple[str, bool]] = []
    for suffix, people in _NISBA_SUFFIXES:
        plain = " ".join(w + suffix for w in words)
        out.append((plain, people))
        out.append((" ".join("ال" + w + suffix for w in words), people))
    return out


class ActorLexicon:
    """All actor resources, validated, with one automaton over their folded forms."""

    def __init__(self, entries: list[ActorEntry], sectors: list[SectorEntry], country_names: dict[str, str], version: str):
        self.entries = entries
        self.sectors = sectors
        self.country_names = country_names
        self.version = version
        # "متمردي", "مواطني": a sound plural in construct, definite by its genitive
        folded_sectors = {fold(x.form) for x in sectors}
        self.construct_plurals = frozenset(
            f[2:-1] for f in folded_sectors if f.startswith("ال") and f.endswith("ين") and " " not in f
        )
        self.org_names: dict[str, str] = {}
        for e in entries:
            if e.kind == "org":
                self.org_names.setdefault(e.code, e.name)
        self.automaton: Any = ahocorasick.Automaton()
        table: dict[str, list[object]] = defaultdict(list)
        for e in entries:
            for key in _keys(e.form):
                table[key].append(e)
        for s in sectors:
            for key in _keys(s.form):
                table[key].append(s)
        for key, values in table.items():
            self.automaton.add_word(key, (key, tuple(values)))
        self.automaton.make_automaton()

    def code_name(self, code: str) -> str:
        """English name of a code: 'Russia', 'Russia (military)', 'NATO', 'the West'."""
        if code in REGION_NAMES:
            return REGION_NAMES[code]
        if code in self.org_names:
            return self.org_names[code]
        country = self.country_names.get(code[:3], code[:3])
        if len(code) == 6:
            return f"{country} ({SECTOR_NAMES.get(code[3:], code[3:])})"
        return country

    @classmethod
    def load(cls) -> ActorLexicon:
        names = sorted(p.name for p in resources.files(PACKAGE).iterdir() if p.name.endswith(".tsv"))
        if "countries.tsv" not in names or "sectors.tsv" not in names:
            raise LexiconError("actor resources incomplete: countries.tsv and sectors.tsv are required")
        entry_files = [n for n in names if n != "sectors.tsv"]
        rows: list[Row] = [r for n in entry_files for r in read_rows(PACKAGE, n, ENTRY_HEADER)]
        countries = {r.fields["code"] for r in rows if r.fields["kind"] == "country"}
        orgs = {r.fields["code"] for r in rows if r.fields["kind"] == "org"}
        country_names: dict[str, str] = {}
        for r in rows:
            if r.fields["kind"] == "country":
                country_names.setdefault(r.fields["code"], r.fields["name"])
        entries: list[ActorEntry] = []
        seen: set[tuple[str, str, str, str | None]] = set()
        for r in rows:
            f = r.fields
            form = check_form(r, f["form"])
            kind, code = f["kind"], f["code"]
            if kind not in KINDS:
                raise LexiconError(f"{r.where()}: unknown kind {kind!r}")
            if not _known_code(code, countries, orgs):
                raise LexiconError(f"{r.where()}: unknown actor code {code!r}")
            start, end = check_date(r, f["start"]), check_date(r, f["end"])
            if start and end and _pad(start, "start") > _pad(end, "end"):
                raise LexiconError(f"{r.where()}: start {start} after end {end}")
            if not f["name"]:
                raise LexiconError(f"{r.where()}: empty English name")
            key = (form, code, kind, start)
            if key in seen:
                raise LexiconError(f"{r.where()}: duplicate entry {form!r} {code} {start or ''}".rstrip())
            seen.add(key)
            if kind == "demonym":
                for variant, people in inflect_demonym(form):
                    if code == "WST" and not variant.startswith("ال") and not people:
                        continue  # "غربي الموصل": a direction; "الغربي", "الغربية", "غربيين" name the West
                    entries.append(ActorEntry(variant, code, f["name"], "demonym_people" if people else "demonym", start, end))
            elif kind == "demonym_plural":
                entries.append(ActorEntry(form, code, f["name"], "demonym_people", start, end))
                entries.append(ActorEntry("ال" + form, code, f["name"], "demonym_people", start, end))
            else:
                entries.append(ActorEntry(form, code, f["name"], kind, start, end))
        sectors: list[SectorEntry] = []
        for r in read_rows(PACKAGE, "sectors.tsv", SECTOR_HEADER):
            form = check_form(r, r.fields["form"])
            if r.fields["sector"] not in SECTORS:
                raise LexiconError(f"{r.where()}: unknown sector {r.fields['sector']!r}")
            note = r.fields["note"].strip()
            if note not in ("", "attach-only"):
                raise LexiconError(f"{r.where()}: note must be empty or 'attach-only'")
            sectors.append(SectorEntry(form, r.fields["sector"], note == "attach-only"))
        return cls(entries, sectors, country_names, resource_digest(PACKAGE, names))


def _known_code(code: str, countries: set[str], orgs: set[str]) -> bool:
    if code in orgs or code in REGIONS:
        return True
    return is_country_code(code) and code[:3] in countries


def _keys(form: str) -> list[str]:
    """Folded keys of a form: itself, and after the proclitic ل where it fuses with ال
    ('الولايات' -> 'للولايات')."""
    key = fold(form)
    keys = [key]
    if key.startswith("ال") and len(key) > 3:
        keys.append("لل" + key[2:])
    return keys

"""Reading and validating the TSV language resources shipped in rasad/resources/.

Every resource is a UTF-8, tab-separated file with a header row. A bad row is a
LexiconError naming the file and line, so a lexicon edit that breaks a rule fails
at load time (and in the test that loads every shipped file), never silently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from rasad.arabic import canonical_form, has_presentation_forms
from rasad.types import RasadError

SECTORS = ("GOV", "MIL", "LEG", "JUD", "MED", "OPP", "REB", "BUS", "CVL", "EDU")
REGIONS = ("WST", "EUR", "AFR", "MEA", "ASA")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY_CODE = re.compile(rf"^[A-Z]{{3}}({'|'.join(SECTORS)})?$")


class LexiconError(RasadError):
    """A resource file breaks a format rule: the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    line: int
    fields: dict[str, str]

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def read_rows(package: str, name: str, header: tuple[str, ...]) -> Iterator[Row]:
    """Rows of one resource file, checked for the header and the number of fields."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    lines = text.split("\n")
    if tuple(lines[0].rstrip("\r").split("\t")) != header:
        raise LexiconError(f"{name}:1: header must be {'<TAB>'.join(header)}")
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != len(header):
            raise LexiconError(f"{name}:{number}: expected {len(header)} tab-separated fields, found {len(parts)}")
        yield Row(name, number, dict(zip(header, parts, strict=True)))


def check_form(row: Row, form: str) -> str:
    """A form must be written canonically (no diacritics or tatweel, NFC, single spaces)."""
    if not form:
        raise LexiconError(f"{row.where()}: empty form")
    if has_presentation_forms(form):
        raise LexiconError(f"{row.where()}: form {form!r} uses Arabic presentation forms")
    if canonical_form(form) != form:
        raise LexiconError(f"{row.where()}: form {form!r} is not canonical (diacritics, tatweel or spacing)")
    return form


def check_date(row: Row, value: str) -> str | None:
    if not value:
        return None
    if not _DATE.match(value):
        raise LexiconError(f"{row.where()}: malformed date {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def is_country_code(code: str) -> bool:
    return bool(_COUNTRY_CODE.match(code))


def resource_digest(package: str, names: list[str]) -> str:
    """A short hash of resource files: the lexicon version recorded with coded data."""
    h = hashlib.sha1()
    for name in sorted(names):
        h.update(name.encode())
        h.update(resources.files(package).joinpath(name).read_bytes())
    return h.hexdigest()[:12]

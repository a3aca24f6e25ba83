"""Readers: paths in, raw documents out; raw bytes in, decoded pages out.

`iter_documents` walks files, folders (recursively, sorted by path) and `-` (standard
input), yielding one item per document: a RawDocument, or a ReadFailure for an input
that cannot even be read. `decode` turns bytes into a Page or raises InputError with a
one-line reason. Nothing here loads more than one document into memory at a time.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from rasad.types import InputError, Page, PageKind, RawDocument

# Largest document accepted, before and after decompression. A news page is rarely
# over 2 MB; a bigger "page" is a dump, a table or an attack, and is rejected.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# Files picked up when walking a folder (a file named explicitly is always read).
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".text")
COMPRESSED_SUFFIXES = (".gz",)

_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"7z\xbc\xaf": "a 7z archive",
    b"SQLite format 3": "an SQLite database",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# C0/C1 controls other than tab and newline, bidi embedding/isolate controls,
# zero-width spaces and BOMs: they carry no wording and break matching downstream.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\ufffd]"
)
# NUL is not counted: a page that is mostly NULs is refused before (see _decode_text), and
# stray NULs inside text are removed with the other control characters
_WEIRD = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|div|p|article)\b", re.I)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read at all (a document-level error record)."""

    source: str
    error: str


class MissingPathError(Exception):
    """A path given on the command line does not exist."""


def _is_document_file(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return False
    for comp in COMPRESSED_SUFFIXES:
        if name.endswith(comp):
            name = name[: -len(comp)]
    return name.endswith(DOCUMENT_SUFFIXES)


def _read_file(path: Path, source: str) -> RawDocument | ReadFailure:
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return ReadFailure(source, f"file too large ({size} bytes, limit {MAX_DOCUMENT_BYTES})")
        with path.open("rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        return ReadFailure(source, f"cannot read file: {exc.strerror or exc}")
    return RawDocument(source=source, data=data, name_hint=path.name)


def iter_documents(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[RawDocument | ReadFailure]:
    """Yield the documents under `paths`, in order; raise MissingPathError for a missing path.

    Missing paths are checked before anything is yielded, so a typo fails fast.
    """
    paths = list(paths)
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise MissingPathError(f"no such file or directory: {missing[0]}")
    for given in paths:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
            yield RawDocument(source="-", data=data, name_hint="stdin")
            continue
        path = Path(given)
        if path.is_dir():
            found = False
            for child in walk_documents(path):
                found = True
                yield _read_file(child, str(child))
            if not found:
                yield ReadFailure(given, "folder holds no readable document (.txt, .html, .htm, optionally .gz)")
        else:
            yield _read_file(path, given)


def walk_documents(folder: Path) -> Iterator[Path]:
    """Document files below `folder`, depth first, sorted by path; hidden entries skipped."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from walk_documents(entry)
        elif entry.is_file() and _is_document_file(entry):
            yield entry


# ---------------------------------------------------------------------------
# decoding


def _gunzip(data: bytes) -> bytes:
    """Decompress gzip (possibly multi-member), refusing output over the size limit."""
    out = bytearray()
    while data:
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = dec.decompress(data, MAX_DOCUMENT_BYTES + 1 - len(out))
        except zlib.error as exc:
            raise InputError(f"corrupt gzip data ({exc})") from None
        out += chunk
        if len(out) > MAX_DOCUMENT_BYTES or dec.unconsumed_tail:
            raise InputError(f"gzip content over the limit of {MAX_DOCUMENT_BYTES} bytes")
        if not dec.eof:
            raise InputError("truncated gzip file")
        data = dec.unused_data
        if data and not data.startswith(b"\x1f\x8b"):
            break  # trailing garbage after the last member: ignore it, as gzip(1) does
    return bytes(out)


def _decode_text(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). Raises InputError for binary or undecodable data."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"invalid {enc} text after its byte-order mark") from None
    head = data[:4096]
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not a text or HTML page")
    utf16 = _sniff_utf16(head)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if head.count(0) > len(head) // 8:
        raise InputError("binary file (contains NUL bytes), not a text or HTML page")
    declared = _META_CHARSET.search(head)
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(name)
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # Mostly valid UTF-8 with a few broken bytes (a bad splice): keep it, lose the bytes.
        bad = data.decode("utf-8", "replace").count("\ufffd")
        if bad * 200 < len(data) and exc.start > 0:
            return data.decode("utf-8", "replace"), "utf-8 (repaired)"
        mixed = _utf8_with_legacy_runs(data)
        if mixed is not None:
            return mixed, "utf-8 + windows-1256"
    best = from_bytes(data[: 256 * 1024]).best()
    if best is None or best.encoding is None:
        raise InputError("undecodable bytes: no text encoding fits")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"undecodable bytes (best guess {best.encoding} fails)") from None


def _legacy_bytes(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as windows-1256."""
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start:err.end].decode("cp1256", "replace"), err.end


codecs.register_error("rasad-cp1256", _legacy_bytes)


def _utf8_with_legacy_runs(data: bytes) -> str | None:
    """A page pasted together from UTF-8 and windows-1256 parts (an old article inside a
    new template): each part in its own encoding, when both parts hold Arabic text."""
    text = data.decode("utf-8", "rasad-cp1256")
    strict_arabic = data.decode("utf-8", "ignore")
    legacy_letters = sum(1 for ch in text if "\u0621" <= ch <= "\u064a") - sum(
        1 for ch in strict_arabic if "\u0621" <= ch <= "\u064a")
    utf8_letters = sum(1 for ch in strict_arabic if "\u0600" <= ch <= "\u06ff")
    if utf8_letters < 20 or legacy_letters < 20 or "\ufffd" in text:
        return None
    return text


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: one half of the bytes takes very few values (0x00 for ASCII,
    0x06 for Arabic letters), the other half many."""
    if len(head) < 16:
        return None
    head = head[: len(head) - len(head) % 2]
    for enc, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        top = sorted((high.count(b) for b in set(high)), reverse=True)[:2]
        if sum(top) >= 0.9 * len(high) and len(set(low)) > 2 * len(set(high)) and high.count(0x06) + high.count(0) >= 0.5 * len(high):
            return enc
    return None


def _looks_binary(text: str) -> bool:
    """True when too little of the decoded text is letters, digits, space or punctuation."""
    sample = text[:8192]
    if not sample:
        return False
    return len(_WEIRD.findall(sample)) * 20 > len(sample)


def _page_kind(name_hint: str, data: bytes) -> PageKind:
    name = name_hint.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith((".html", ".htm", ".xhtml")):
        return PageKind.HTML
    if name.endswith((".txt", ".text")):
        return PageKind.TEXT
    return PageKind.HTML if _HTML_SNIFF.search(data[:2048]) else PageKind.TEXT


def decode(raw: RawDocument) -> Page:
    """Decode one raw document into a Page, or raise InputError with a one-line reason."""
    data = raw.data
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"document too large (over {MAX_DOCUMENT_BYTES} bytes)")
    for _ in range(3):  # a gzip inside a gzip: a compressed body saved in a .gz file
        if not data.startswith(b"\x1f\x8b"):
            break
        data = _gunzip(data)
    if not data.strip():
        raise InputError("empty document")
    text, encoding = _decode_text(data)
    if _looks_binary(text):
        raise InputError("binary or undecodable content, not a text or HTML page")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise InputError("empty document (only white space or control characters)")
    return Page(
        source=raw.source,
        text=text,
        kind=_page_kind(raw.name_hint, data),
        encoding=encoding,
        url=raw.url,
    )


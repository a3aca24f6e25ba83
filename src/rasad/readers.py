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

import brotli
from charset_normalizer import from_bytes
from fastwarc.warc import ArchiveIterator, WarcRecordType

from rasad.types import InputError, Page, PageKind, RawDocument

# Largest document accepted, before and after decompression. A news page is rarely
# over 2 MB; a bigger "page" is a dump, a table or an attack, and is rejected.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# Files picked up when walking a folder (a file named explicitly is always read).
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".text")
COMPRESSED_SUFFIXES = (".gz",)
WARC_SUFFIXES = (".warc", ".warc.gz")

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


@dataclass(slots=True)
class ReadStats:
    """What the readers skipped on purpose (reported on standard error at the end of a run)."""

    warc_not_html: int = 0  # response records whose content is not HTML
    warc_not_200: int = 0  # response records with another HTTP status

    def add(self, other: ReadStats) -> None:
        self.warc_not_html += other.warc_not_html
        self.warc_not_200 += other.warc_not_200

    def summary(self) -> str | None:
        """One line for standard error, or None when nothing was skipped."""
        if not (self.warc_not_html or self.warc_not_200):
            return None
        return (f"WARC response records skipped: {self.warc_not_html} not HTML, "
                f"{self.warc_not_200} with an HTTP status other than 200")


def is_warc(path: Path | str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def _is_document_file(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return False
    if name.endswith(WARC_SUFFIXES):
        return True
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


def plan_inputs(paths: Iterable[str]) -> Iterator[str | ReadFailure]:
    """The input files under `paths`, in reading order (folders expanded, sorted by path),
    and a ReadFailure for a folder with no document; raise MissingPathError for a missing path.

    `iter_documents(plan)` over the file names yields what `iter_documents(paths)` does:
    the Ray engine cuts this plan into shards.
    """
    paths = list(paths)
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise MissingPathError(f"no such file or directory: {missing[0]}")
    for given in paths:
        path = Path(given)
        if given != "-" and path.is_dir():
            found = False
            for child in walk_documents(path):
                found = True
                yield str(child)
            if not found:
                yield ReadFailure(given, "folder holds no readable document (.txt, .html, .htm, .warc, optionally .gz)")
        else:
            yield given


def iter_documents(
    paths: Iterable[str], stdin: BinaryIO | None = None, stats: ReadStats | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """Yield the documents under `paths`, in order; raise MissingPathError for a missing path.

    Missing paths are checked before anything is yielded, so a typo fails fast. A WARC
    file yields one document per HTML response record with status 200; what it skips is
    counted in `stats`.
    """
    return read_plan(plan_inputs(paths), stdin, stats)


def read_plan(
    plan: Iterable[str | ReadFailure], stdin: BinaryIO | None = None, stats: ReadStats | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """The documents of a plan made by `plan_inputs` (or a slice of it), in order."""
    stats = stats if stats is not None else ReadStats()
    for entry in plan:
        if isinstance(entry, ReadFailure):
            yield entry
        elif entry == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
            yield RawDocument(source="-", data=data, name_hint="stdin")
        elif is_warc(entry):
            yield from iter_warc(Path(entry), entry, stats)
        else:
            yield _read_file(Path(entry), entry)


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
# WARC


def iter_warc(path: Path, source: str, stats: ReadStats) -> Iterator[RawDocument | ReadFailure]:
    """The HTML pages with HTTP status 200 in one WARC file (plain or gzipped per record).

    Streams with FastWARC: one record in memory at a time, each read up to the size limit.
    A document's source is `FILE#OFFSET` (the record's byte offset in the file, as in a
    CDX index); its url is the record's WARC-Target-URI. A record cut short (a truncated
    file) or unreadable gives a ReadFailure and ends the file.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield ReadFailure(source, f"cannot read file: {exc.strerror or exc}")
        return
    records = 0
    offset = 0
    with fh:
        try:
            for record in ArchiveIterator(fh, parse_http=True):
                records += 1
                offset = record.stream_pos
                where = f"{source}#{offset}"
                if record.headers.get("Content-Length") is None:
                    yield ReadFailure(where, "corrupt WARC record (headers cut short or unreadable); rest of the file skipped")
                    return
                expected = record.content_length
                if record.record_type != WarcRecordType.response:
                    if record.reader.consume() < expected:
                        yield ReadFailure(where, "truncated WARC record; rest of the file skipped")
                        return
                    continue
                status = record.http_headers.status_code if record.http_headers is not None else None
                if status is None:
                    yield ReadFailure(where, "corrupt WARC record (HTTP status line unreadable); rest of the file skipped")
                    return
                ctype = (record.http_content_type or "").lower()
                skipped = status != 200 or bool(ctype and "html" not in ctype)
                if skipped:
                    if record.reader.consume() < expected:
                        yield ReadFailure(where, "truncated WARC record; rest of the file skipped")
                        return
                    if status != 200:
                        stats.warc_not_200 += 1
                    else:
                        stats.warc_not_html += 1
                    continue
                data = record.reader.read(MAX_DOCUMENT_BYTES + 1)
                if len(data) > MAX_DOCUMENT_BYTES:
                    record.reader.consume()
                    yield ReadFailure(where, f"WARC record too large (over {MAX_DOCUMENT_BYTES} bytes)")
                    continue
                if len(data) < expected:
                    yield ReadFailure(where, f"truncated WARC record ({len(data)} of {expected} bytes); rest of the file skipped")
                    return
                if not ctype and not _HTML_SNIFF.search(data[:2048]):
                    stats.warc_not_html += 1
                    continue
                if (record.http_headers.get("Transfer-Encoding") or "").lower() == "chunked":
                    try:
                        data = _dechunk(data)
                    except InputError as exc:
                        yield ReadFailure(where, str(exc))
                        continue
                try:
                    data = _content_decoded(data, record.http_headers.get("Content-Encoding") or "")
                except InputError as exc:
                    yield ReadFailure(where, str(exc))
                    continue
                yield RawDocument(
                    source=where, data=data, name_hint="record.html",
                    url=record.headers.get("WARC-Target-URI") or None,
                    charset=_http_charset(record.http_charset),
                )
        except Exception as exc:  # FastWARC's errors are not typed: a broken file ends here
            yield ReadFailure(f"{source}#{offset}", f"corrupt WARC file ({type(exc).__name__}: {exc})".splitlines()[0])
            return
    if records == 0 and path.stat().st_size > 0 and not _looks_like_warc(path):
        yield ReadFailure(source, "not a WARC file (no WARC record found)")
    elif not _gzip_tail_complete(path, offset):
        yield ReadFailure(f"{source}#{offset}", "truncated or corrupt WARC file after this record")


def _plain_tail_complete(fh: BinaryIO, offset: int) -> bool:
    """For an uncompressed WARC: the record at `offset` ends the file (white space aside)."""
    fh.seek(offset)
    head = fh.read(64 * 1024)
    end = head.find(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head[:end]) if end >= 0 else None
    if length is None:
        return False
    block_end = offset + end + 4 + int(length.group(1))
    if os.fstat(fh.fileno()).st_size < block_end:
        return False
    fh.seek(block_end)
    return not fh.read(64).strip()


def _gzip_tail_complete(path: Path, offset: int) -> bool:
    """The record at `offset` (the last one read) ends the file whole. A record cut short
    after it is dropped silently by the WARC reader: this finds it."""
    with path.open("rb") as fh:
        fh.seek(offset)
        if fh.read(2) != b"\x1f\x8b":
            return _plain_tail_complete(fh, offset)
        fh.seek(offset)
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while not dec.eof:
                chunk = fh.read(1 << 16)
                if not chunk:
                    return False
                dec.decompress(chunk, 1 << 16)
                while dec.unconsumed_tail and not dec.eof:
                    dec.decompress(dec.unconsumed_tail, 1 << 16)
        except zlib.error:
            return False
        return not (dec.unused_data + fh.read(1)).strip(b"\0")


def _looks_like_warc(path: Path) -> bool:
    """True when the file starts like a WARC (plain or gzipped): an empty archive is not an error."""
    with path.open("rb") as fh:
        head = fh.read(64)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _dechunk(data: bytes) -> bytes:
    """The body of an HTTP message sent with Transfer-Encoding: chunked."""
    out = bytearray()
    pos = 0
    while True:
        end = data.find(b"\r\n", pos)
        if end < 0:
            raise InputError("bad chunked transfer encoding in WARC record")
        try:
            size = int(data[pos:end].split(b";")[0].strip() or b"x", 16)
        except ValueError:
            raise InputError("bad chunked transfer encoding in WARC record") from None
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


# ---------------------------------------------------------------------------
# decoding


def _content_decoded(data: bytes, content_encoding: str) -> bytes:
    """An HTTP body with its Content-Encoding (gzip, deflate, br, stacked in any order)
    undone, within the size limit.

    Many crawlers (Common Crawl among them) store the body already decoded but keep the
    header: a body that already looks like HTML is taken as it is."""
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings or _HTML_SNIFF.search(data[:2048]):
        return data
    for coding in reversed(codings):  # the last coding listed was applied last
        if coding in ("gzip", "x-gzip"):
            data = _gunzip(data) if data.startswith(b"\x1f\x8b") else data
        elif coding == "deflate":
            data = _inflate(data)
        elif coding == "br":
            data = _unbrotli(data)
        else:
            raise InputError(f"unsupported HTTP Content-Encoding {coding!r}")
    return data


def _inflate(data: bytes) -> bytes:
    """HTTP "deflate": zlib-wrapped as the RFC says, or raw deflate as some servers send it."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        dec = zlib.decompressobj(wbits)
        try:
            out = dec.decompress(data, MAX_DOCUMENT_BYTES + 1)
        except zlib.error:
            continue
        if len(out) > MAX_DOCUMENT_BYTES:
            raise InputError(f"deflate content over the limit of {MAX_DOCUMENT_BYTES} bytes")
        if not dec.eof:
            raise InputError("truncated deflate content")
        return out
    raise InputError("corrupt deflate content")


def _unbrotli(data: bytes) -> bytes:
    dec = brotli.Decompressor()
    try:
        out = dec.process(data, output_buffer_limit=MAX_DOCUMENT_BYTES + 1)
    except brotli.error as exc:
        raise InputError(f"corrupt brotli content ({exc})") from None
    if len(out) > MAX_DOCUMENT_BYTES:
        raise InputError(f"brotli content over the limit of {MAX_DOCUMENT_BYTES} bytes")
    if not dec.is_finished():
        raise InputError("truncated brotli content")
    return bytes(out)


# Charsets that servers send by default, without looking at the page: an HTTP header
# naming one of them says nothing about an Arabic page (codecs' canonical names).
_DEFAULT_HTTP_CHARSETS = frozenset({"iso8859-1", "ascii", "cp1252"})


def _http_charset(declared: str | None) -> str | None:
    """The charset an HTTP Content-Type header names, when Python knows it and it is not
    a server default."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return None if canonical in _DEFAULT_HTTP_CHARSETS else name


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


def _decode_text(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding name). Raises InputError for binary or undecodable data.

    Order, as browsers do: a byte-order mark, the HTTP header's charset, the page's
    <meta charset>, then detection. A declared single-byte charset loses to bytes that
    are valid UTF-8 with non-ASCII characters: such bytes are almost never an accident,
    and a stale declaration (a site moved to UTF-8) is common."""
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
    meta = _META_CHARSET.search(head)
    for name in (http_charset, meta.group(1).decode("ascii", "ignore").lower() if meta else None):
        if not name:
            continue
        try:
            if _single_byte(name) and _is_utf8_text(data):
                continue
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


def _single_byte(name: str) -> bool:
    """True for a codec that maps each byte to one character (windows-1256, ISO-8859-6 ...)."""
    if codecs.lookup(name).name.startswith("utf-8"):
        return False  # invalid bytes decode one to one with "replace", but UTF-8 is not single-byte
    return len(bytes(range(256)).decode(name, "replace")) == 256


def _is_utf8_text(data: bytes) -> bool:
    """Valid UTF-8 holding at least one non-ASCII character."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
        if high.count(0x06) + high.count(0) < 0.5 * len(high):
            continue  # (the cheap test first: it fails on every page that is not UTF-16)
        top = sorted((high.count(b) for b in set(high)), reverse=True)[:2]
        if sum(top) >= 0.9 * len(high) and len(set(low)) > 2 * len(set(high)):
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
    text, encoding = _decode_text(data, raw.charset)
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


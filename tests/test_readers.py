from __future__ import annotations

import codecs
import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.readers import MAX_DOCUMENT_BYTES, MissingPathError, ReadFailure, decode, iter_documents
from rasad.types import InputError, PageKind, RawDocument

ARABIC = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة."


def raw(data: bytes, name: str = "doc.txt") -> RawDocument:
    return RawDocument(source=name, data=data, name_hint=name)


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
        ARABIC.encode("utf-16"),
        ARABIC.encode("utf-16-le"),
        ARABIC.encode("utf-16-be"),
        (ARABIC * 3).encode("cp1256"),
        (ARABIC * 3).encode("iso-8859-6"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1256", "iso-8859-6"],
)
def test_decodes_arabic_encodings(data: bytes) -> None:
    assert ARABIC in decode(raw(data)).text


def test_meta_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1256"></head><body><p>' + ARABIC + "</p></body></html>"
    page = decode(raw(html.encode("cp1256"), "p.html"))
    assert ARABIC in page.text and page.kind is PageKind.HTML


def test_crlf_and_control_characters_removed() -> None:
    page = decode(raw(("سطر\r\nثان\x07\u200f\r" + ARABIC).encode()))
    assert "\r" not in page.text and "\x07" not in page.text and "\u200f" not in page.text
    assert page.text.startswith("سطر\nثان\n")


def test_gzip_and_kind_from_name() -> None:
    page = decode(raw(gzip.compress(b"<html><body><p>x</p></body></html>"), "a.html.gz"))
    assert page.kind is PageKind.HTML


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "binary"),
        (gzip.compress(ARABIC.encode() * 50)[:40], "gzip"),
        (bytes(range(256)) * 8, "binary|undecodable"),
    ],
    ids=["empty", "blank", "png", "truncated-gzip", "random-bytes"],
)
def test_bad_input_gives_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        decode(raw(data))
    assert re.search(reason, str(err.value)) and "\n" not in str(err.value)


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * (MAX_DOCUMENT_BYTES + 10))
    with pytest.raises(InputError, match="limit"):
        decode(raw(bomb, "bomb.txt.gz"))


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / "c.htm.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "image.png").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_text("x")
    sources = [Path(d.source).relative_to(tmp_path).as_posix() for d in iter_documents([str(tmp_path)])]
    assert sources == ["a.html", "b/2.txt", "c.htm.gz"]


def test_empty_folder_is_one_failure(tmp_path: Path) -> None:
    items = list(iter_documents([str(tmp_path)]))
    assert len(items) == 1 and isinstance(items[0], ReadFailure)


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(MissingPathError):
        list(iter_documents([str(tmp_path / "nope")]))


def test_too_large_file_is_a_failure(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)
    (item,) = iter_documents([str(big)])
    assert isinstance(item, ReadFailure) and "too large" in item.error


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(["x.txt", "x.html", "x.txt.gz", "x"]))
def test_no_byte_string_crashes_decode(data: bytes, name: str) -> None:
    try:
        page = decode(raw(data, name))
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert page.text.strip()


ARABIC_LINE = "وقعت روسيا وكوريا الشمالية اتفاقية دفاع مشترك في بيونغ يانغ يوم الأربعاء. "


def test_mixed_utf8_and_windows_1256_parts_each_decoded() -> None:
    data = (ARABIC_LINE * 3).encode() + (ARABIC_LINE * 3).encode("cp1256")
    page = decode(RawDocument("x.txt", data, "x.txt"))
    assert page.text.count("كوريا الشمالية") == 6 and page.encoding == "utf-8 + windows-1256"


def test_stray_nul_bytes_inside_text_are_dropped() -> None:
    data = (ARABIC_LINE * 5).encode().replace(b" ", b" \0")
    page = decode(RawDocument("x.txt", data, "x.txt"))
    assert "\x00" not in page.text and "كوريا" in page.text


def test_gzip_inside_gzip() -> None:
    data = gzip.compress(gzip.compress((ARABIC_LINE * 5).encode()))
    assert "روسيا" in decode(RawDocument("x.txt.gz", data, "x.txt.gz")).text


# --- WARC records: the HTTP header's charset and Content-Encoding ---------------------

def _warc_pages(tmp_path: Path, *responses: object) -> list[RawDocument | ReadFailure]:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from warcgen import write_warc

    warc = write_warc(tmp_path / "crawl.warc.gz", responses)  # type: ignore[arg-type]
    return list(iter_documents([str(warc)]))


def _response(body: bytes, content_type: str = "text/html", **kw: object) -> object:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from warcgen import Response

    return Response("https://news.example/a", body, content_type=content_type, **kw)  # type: ignore[arg-type]


ARABIC_PAGE = f"<html><body><article><p>{ARABIC}</p></article></body></html>"


def test_http_charset_decodes_a_page_without_meta(tmp_path: Path) -> None:
    # ISO-8859-6 and windows-1256 put Arabic letters at different bytes: only the header tells
    (doc,) = _warc_pages(tmp_path, _response(ARABIC_PAGE.encode("iso-8859-6"), "text/html; charset=ISO-8859-6"))
    assert isinstance(doc, RawDocument) and doc.charset == "iso-8859-6"
    assert ARABIC in decode(doc).text


def test_server_default_charset_is_not_trusted(tmp_path: Path) -> None:
    page = ARABIC_PAGE.replace("<html>", '<html><head><meta charset="windows-1256"></head>')
    (doc,) = _warc_pages(tmp_path, _response(page.encode("cp1256"), "text/html; charset=ISO-8859-1"))
    assert isinstance(doc, RawDocument) and doc.charset is None
    assert ARABIC in decode(doc).text


def test_valid_utf8_beats_a_stale_single_byte_declaration(tmp_path: Path) -> None:
    page = ARABIC_PAGE.replace("<html>", '<html><head><meta charset="windows-1256"></head>')
    (doc,) = _warc_pages(tmp_path, _response(page.encode("utf-8"), "text/html; charset=windows-1256"))
    assert isinstance(doc, RawDocument)
    assert ARABIC in decode(doc).text


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate", "br", "gzip, br"])
def test_content_encoding_is_undone(tmp_path: Path, coding: str) -> None:
    import zlib

    import brotli

    body = ARABIC_PAGE.encode("utf-8")
    for step in coding.split(", "):
        if step == "gzip":
            body = gzip.compress(body)
        elif step == "deflate":
            body = zlib.compress(body)
        elif step == "raw-deflate":
            c = zlib.compressobj(wbits=-15)
            body = c.compress(body) + c.flush()
        else:
            body = brotli.compress(body)
    header = coding.replace("raw-deflate", "deflate")
    (doc,) = _warc_pages(tmp_path, _response(body, headers=(("Content-Encoding", header),)))
    assert isinstance(doc, RawDocument)
    assert ARABIC in decode(doc).text


def test_body_stored_decoded_under_a_content_encoding_header_is_kept(tmp_path: Path) -> None:
    (doc,) = _warc_pages(tmp_path, _response(ARABIC_PAGE.encode(), headers=(("Content-Encoding", "br"),)))
    assert isinstance(doc, RawDocument) and ARABIC in decode(doc).text


def test_bad_content_encoding_is_one_error_and_the_next_record_is_read(tmp_path: Path) -> None:
    import brotli

    bomb = brotli.compress(b"<p>" + b" " * (MAX_DOCUMENT_BYTES + 10))
    items = _warc_pages(
        tmp_path,
        _response(b"\x00\x01 not brotli at all", headers=(("Content-Encoding", "br"),)),
        _response(b"\x1b\x00 not a known coding", headers=(("Content-Encoding", "compress"),)),
        _response(bomb, headers=(("Content-Encoding", "br"),)),
        _response(ARABIC_PAGE.encode()),
    )
    assert [type(i).__name__ for i in items] == ["ReadFailure", "ReadFailure", "ReadFailure", "RawDocument"]
    errors = [i.error for i in items if isinstance(i, ReadFailure)]
    assert "corrupt brotli" in errors[0] and "'compress'" in errors[1] and "over the limit" in errors[2]
    assert all("\n" not in e for e in errors)

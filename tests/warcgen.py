"""A small WARC writer for tests and benchmarks: the format by hand, one gzip member per record."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Response:
    url: str
    body: bytes
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    chunked: bool = False
    headers: tuple[tuple[str, str], ...] = ()  # more HTTP headers (Content-Encoding ...)


def http_block(r: Response) -> bytes:
    body = r.body
    headers = [f"HTTP/1.1 {r.status}"]
    if r.content_type is not None:
        headers.append(f"Content-Type: {r.content_type}")
    headers += [f"{name}: {value}" for name, value in r.headers]
    if r.chunked:
        headers.append("Transfer-Encoding: chunked")
        half = len(body) // 2
        body = b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in (body[:half], body[half:]) if p) + b"0\r\n\r\n"
    else:
        headers.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def warc_record(warc_type: str, block: bytes, url: str | None = None, content_type: str = "application/http; msgtype=response") -> bytes:
    head = [
        "WARC/1.0",
        f"WARC-Type: {warc_type}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, (url or warc_type) + str(len(block)))}>",
        "WARC-Date: 2024-12-01T10:00:00Z",
    ]
    if url is not None:
        head.append(f"WARC-Target-URI: {url}")
    head += [f"Content-Type: {content_type}", f"Content-Length: {len(block)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def warc_bytes(responses: Iterable[Response], compress: bool = True, warcinfo: bool = True) -> bytes:
    records: list[bytes] = []
    if warcinfo:
        records.append(warc_record("warcinfo", b"software: rasad tests\r\n", content_type="application/warc-fields"))
    for r in responses:
        records.append(warc_record("request", f"GET / HTTP/1.1\r\nHost: {r.url}\r\n\r\n".encode(), r.url,
                                   "application/http; msgtype=request"))
        records.append(warc_record("response", http_block(r), r.url))
    return b"".join(gzip.compress(x, mtime=0) if compress else x for x in records)


def write_warc(path: Path, responses: Iterable[Response], compress: bool = True) -> Path:
    path.write_bytes(warc_bytes(responses, compress))
    return path

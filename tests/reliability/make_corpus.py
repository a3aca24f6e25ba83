"""Write the adversarial corpus: inputs a crawl can hold, or an attacker can send.

    python tests/reliability/make_corpus.py OUT_DIR [--big]

Generated, not stored: a few of them are tens of megabytes. `--big` adds the 50 MB
one-line text (without it, 11 MB: already over the 10 MB limit a document may have).
Each file's name says what it is; `EXPECTED` says which must come back as an error
record (the rest may be ok or error, but must come back).
"""

from __future__ import annotations

import gzip
import io
import random
import sys
from pathlib import Path

ARABIC = "وقعت روسيا وكوريا الشمالية اتفاقية دفاع مشترك في بيونغ يانغ يوم الأربعاء، بحسب وكالة الأنباء الرسمية. "

# files that must give an error record (and why)
EXPECTED = {
    "empty.txt": "empty",
    "binary.html": "binary",
    "png-as-html.html": "binary",
    "truncated.txt.gz": "gzip",
    "gzip-bomb.html.gz": "over the limit",
    "one-line-over-limit.txt": "too large",
    "nul-bytes-only.txt": "binary",
}


def _warc_record(uri: str, body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-06-20T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{random.Random(uri).getrandbits(128):032x}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write_corpus(out: Path, big: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    files: dict[str, bytes] = {}
    page = f"<html><head><title>خبر</title></head><body><p>{ARABIC * 6}</p></body></html>".encode()
    files["empty.txt"] = b""
    files["binary.html"] = bytes(rng.getrandbits(8) for _ in range(20_000))
    files["png-as-html.html"] = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(5_000))
    files["truncated.txt.gz"] = gzip.compress((ARABIC * 200).encode())[:300]
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1 << 20)
        for _ in range(200):  # 200 MB of zeros, ~200 KB compressed
            gz.write(chunk)
    files["gzip-bomb.html.gz"] = bomb.getvalue()
    size = (50 if big else 11) * 1024 * 1024
    files["one-line-over-limit.txt"] = (ARABIC.replace(". ", "، ") * (size // len(ARABIC.encode()) + 1)).encode()[:size]
    files["one-line-9mb.txt"] = (ARABIC.replace(". ", "، ") * (9 * 1024 * 1024 // len(ARABIC.encode()))).encode()
    files["nested-100000.html"] = (b"<html><body>" + b"<div>" * 100_000 + ARABIC.encode() * 5 + b"</div>" * 100_000
                                   + b"</body></html>")
    files["nested-100000-unclosed.html"] = b"<html><body>" + b"<div><span>" * 50_000 + ARABIC.encode() * 5
    utf8 = (ARABIC * 20).encode()
    files["bad-bytes-mid-utf8.txt"] = utf8[: len(utf8) // 2] + b"\xff\xfe\xc3\x28\xa0\xa1" + utf8[len(utf8) // 2:]
    files["cut-mid-character.txt"] = utf8[:-1]
    files["mixed-encodings.txt"] = (ARABIC * 10).encode("utf-8") + (ARABIC * 10).encode("cp1256")
    files["mixed-encodings-meta.html"] = (b'<meta charset="utf-8"><p>' + (ARABIC * 10).encode("cp1256") + b"</p>"
                                          + (ARABIC * 10).encode() + b"</p>")
    controls = "\u202e\u202d\u200b\u200c\u200d\u2066\u2067\u2069\ufeff\u061c\u200f"
    files["bidi-and-zero-width.txt"] = " ".join(
        w + rng.choice(controls) for w in (ARABIC * 20).split(" ")).encode()
    files["nul-bytes-inside.txt"] = (ARABIC * 10).encode().replace(b" ", b" \0")
    files["nul-bytes-only.txt"] = b"\0" * 10_000
    rows = "".join(f'<tr><td><a href="/n/{i}">رابط {i}</a></td><td><a href="/m/{i}">{i}</a></td></tr>'
                   for i in range(9 * 1024 * 1024 // 90))
    files["table-of-links-9mb.html"] = f"<html><body><table>{rows}</table></body></html>".encode()[: 9 * 1024 * 1024]
    files["utf16-no-bom.txt"] = (ARABIC * 10).encode("utf-16-le")
    files["only-chrome.txt"] = "\n".join(["الرئيسية", "أخبار", "رياضة", "اتصل بنا", "شارك", "فيسبوك"] * 20).encode()
    files["script-and-handlers.html"] = (
        b"<html><body><script>alert(1)</script><p onclick=\"alert(2)\">" + ARABIC.encode() * 5
        + b"<img src=x onerror=alert(3)></p><style>p{}</style></body></html>"
    )
    files["deep-gzip-of-gzip.html.gz"] = gzip.compress(gzip.compress(page))
    warc = _warc_record("https://example.com/a", page) + _warc_record(
        "https://example.com/b", page.replace(b"<p>", b"<p>2 "))
    files["truncated.warc.gz"] = gzip.compress(warc)[: len(gzip.compress(warc)) // 2]
    files["truncated.warc"] = warc[: len(warc) - 400]
    files["not-really.warc"] = b"WARC/1.0\r\nthis is not a record\r\n" + bytes(rng.getrandbits(8) for _ in range(2000))
    paths = []
    for name, data in sorted(files.items()):
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: make_corpus.py OUT_DIR [--big]")
    for p in write_corpus(Path(sys.argv[1]), big="--big" in sys.argv):
        print(f"{p.stat().st_size:>12,}  {p}")

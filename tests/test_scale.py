"""Scale: WARC input, --workers N (byte-identical to one process), --engine ray."""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasad import cli
from rasad.readers import ReadFailure, ReadStats, iter_documents
from rasad.types import RawDocument

sys.path.insert(0, str(Path(__file__).parent))
from conftest import DEV, ROOT, run_rasad
from warcgen import Response, warc_bytes, write_warc

PAGE = (
    "<html><head><title>محادثات القاهرة</title></head><body><nav>الرئيسية أخبار</nav><article>"
    "<p>قال وزير الخارجية المصري سامح شكري إن المحادثات مع الوفد الإسرائيلي ستستأنف الأسبوع المقبل في القاهرة.</p>"
    "<p>وأضاف أن الجانبين اتفقا على مواصلة التشاور بشأن وقف إطلاق النار في قطاع غزة.</p>"
    "</article></body></html>"
)


def _dev_html_pages() -> list[bytes]:
    docs = sorted((DEV / "docs").glob("*")) if (DEV / "docs").exists() else []
    return [p.read_bytes() for p in docs if p.suffix in (".html", ".htm")]


def _bench_pages(n: int) -> list[Response]:
    """n distinct generated news pages (bench/corpus.py), so that the input is large enough for a pool."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import arabic_sentences, html_page

    rng, pool = random.Random(3), arabic_sentences()
    return [Response(f"https://gen.example/{i}", html_page(rng, pool, i).encode()) for i in range(n)]


def mixed_warc(path: Path) -> Path:
    """HTML pages (one a near copy of another, one a byte copy), a 404, an image, a chunked
    page, the dev set's HTML pages, and generated pages."""
    other = PAGE.replace("الأسبوع المقبل", "غدا").replace("<nav>الرئيسية أخبار</nav>", "<nav>رياضة</nav>")
    responses = [
        Response("https://news.example/a/1", PAGE.encode()),
        Response("https://news.example/a/2", b"<html><body>gone</body></html>", status="404 Not Found"),
        Response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png"),
        Response("https://news.example/a/3", other.encode(), chunked=True),
        Response("https://news.example/a/4", PAGE.encode()),
        *(Response(f"https://dev.example/{i}", body) for i, body in enumerate(_dev_html_pages())),
        *_bench_pages(40),
    ]
    return write_warc(path, responses)


def test_warc_records_become_documents_with_url_and_offset(tmp_path: Path) -> None:
    warc = mixed_warc(tmp_path / "crawl.warc.gz")
    stats = ReadStats()
    items = list(iter_documents([str(warc)], stats=stats))
    assert all(isinstance(i, RawDocument) for i in items)
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in docs[:3]] == ["https://news.example/a/1", "https://news.example/a/3", "https://news.example/a/4"]
    assert all(d.source.startswith(f"{warc}#") for d in docs)
    assert docs[1].data == docs[0].data.replace("الأسبوع المقبل".encode(), "غدا".encode()).replace(
        "<nav>الرئيسية أخبار</nav>".encode(), "<nav>رياضة</nav>".encode())  # de-chunked
    assert (stats.warc_not_200, stats.warc_not_html) == (1, 1)
    # the offset is where the record starts: reading from there gives that record first
    offset = int(docs[1].source.rsplit("#", 1)[1])
    (tmp_path / "tail.warc.gz").write_bytes(warc.read_bytes()[offset:])
    first = next(iter(iter_documents([str(tmp_path / "tail.warc.gz")])))
    assert isinstance(first, RawDocument) and first.url == "https://news.example/a/3"


def test_warc_url_is_the_record_url_not_a_publication_date(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "one.warc", [Response("https://news.example/x", PAGE.encode())], compress=False)
    r = run_rasad("extract", str(warc))
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["status"] == "ok" and rec["url"] == "https://news.example/x"
    assert rec["published"] is None  # the WARC-Date is a crawl date


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_or_corrupt_warc_gives_error_records(tmp_path: Path, compress: bool) -> None:
    data = warc_bytes([Response(f"https://e.example/{i}", PAGE.replace("المقبل", str(i)).encode()) for i in range(4)],
                      compress)
    name = "cut.warc.gz" if compress else "cut.warc"
    for cut in range(1, len(data), max(1, len(data) // 40)):
        (tmp_path / name).write_bytes(data[:cut])
        items = list(iter_documents([str(tmp_path / name)]))
        assert all(isinstance(i, RawDocument) for i in items[:-1])
        # what is cut short is reported; a cut between two records leaves a valid, shorter WARC
        at_boundary = data[cut:].lstrip(b"\r\n").startswith((b"WARC/", b"\x1f\x8b"))
        assert (items and isinstance(items[-1], ReadFailure)) or at_boundary, cut
    (tmp_path / "junk.warc").write_bytes(b"this is no archive\n" * 50)
    (junk,) = iter_documents([str(tmp_path / "junk.warc")])
    assert isinstance(junk, ReadFailure) and "WARC" in junk.error
    r = run_rasad("extract", str(tmp_path / "junk.warc"))
    assert r.returncode == 0 and json.loads(r.stdout)["status"] == "error" and b"Traceback" not in r.stderr


def test_folder_walk_reads_warc_files(tmp_path: Path) -> None:
    write_warc(tmp_path / "b.warc.gz", [Response("https://e.example/1", PAGE.encode())])
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    sources = [i.source for i in iter_documents([str(tmp_path)])]
    assert sources[0].endswith("a.txt") and sources[1].startswith(str(tmp_path / "b.warc.gz#"))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if not (DEV / "docs").exists():
        pytest.skip("shared dev set not present")
    tmp = tmp_path_factory.mktemp("scale")
    return [str(DEV / "docs"), str(ROOT / "examples"), str(mixed_warc(tmp / "crawl.warc.gz"))]


@pytest.fixture(scope="module")
def one_worker(inputs: list[str]) -> bytes:
    r = run_rasad("extract", *inputs, "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert b"WARC response records skipped: 1 not HTML, 1 with an HTTP status other than 200" in r.stderr
    return r.stdout


def test_workers_output_is_byte_identical(inputs: list[str], one_worker: bytes) -> None:
    r = run_rasad("extract", *inputs, "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert r.stdout == one_worker
    statuses = [json.loads(line)["status"] for line in one_worker.splitlines()]
    assert statuses.count("duplicate") >= 3 and "ok" in statuses


def test_ingest_with_workers_stores_the_same(tmp_path: Path, inputs: list[str]) -> None:
    dumps = []
    for n in ("1", "2"):
        db = tmp_path / f"w{n}.db"
        r = run_rasad("ingest", *inputs, "--db", str(db), "--workers", n, "--batch", "7")
        assert r.returncode == 0, r.stderr
        with sqlite3.connect(db) as conn:
            dumps.append(conn.execute("select id, status, duplicate_of, url, text from documents order by id").fetchall())
    assert dumps[0] == dumps[1] and len(dumps[0]) > 20


def test_bad_workers_is_one_line(tmp_path: Path) -> None:
    r = run_rasad("extract", str(tmp_path), "--workers", "0")
    assert r.returncode == 2 and r.stderr.count(b"\n") == 1


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.filterwarnings("ignore")
def test_ray_engine_matches_one_process(
    ray_cluster: None, inputs: list[str], one_worker: bytes, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert cli.main(["extract", *inputs, "--engine", "ray", "--shard-size", "5"]) == 0
    assert capsysbinary.readouterr().out == one_worker
    out = tmp_path / "parts"
    assert cli.main(["extract", *inputs, "--engine", "ray", "--shard-size", "5", "-o", str(out)]) == 0
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) >= 4 and b"".join(p.read_bytes() for p in parts) == one_worker
    # a run cut short: the last shards' parts are missing; a rerun redoes only those
    before = {p: p.read_bytes() for p in parts}
    for p in parts[2:]:
        p.unlink()
    assert cli.main(["extract", *inputs, "--engine", "ray", "--shard-size", "5", "-o", str(out)]) == 0
    assert {p: p.read_bytes() for p in sorted(out.glob("part-*.jsonl"))} == before
    capsysbinary.readouterr()


@pytest.mark.filterwarnings("ignore")
def test_ray_ingest_matches_one_process(ray_cluster: None, inputs: list[str], tmp_path: Path) -> None:
    dumps = []
    for engine in ("local", "ray"):
        db = tmp_path / f"{engine}.db"
        assert cli.main(["ingest", *inputs, "--db", str(db), "--engine", engine, "--workers", "1", "--batch", "6"]) == 0
        with sqlite3.connect(db) as conn:
            dumps.append(conn.execute("select id, status, duplicate_of, url, text from documents order by id").fetchall())
    assert dumps[0] == dumps[1]

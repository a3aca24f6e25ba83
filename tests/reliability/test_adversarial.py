"""Hostile input through the real CLI: every input comes back as a record, no traceback,
the time and memory a document may take are bounded (tests/reliability/make_corpus.py)."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import run_rasad
from rasad.readers import walk_documents
from rasad.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from make_corpus import EXPECTED, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("adversarial")
    write_corpus(folder)
    return folder


def test_extract_gives_every_input_a_record(corpus: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = run_rasad("extract", str(corpus), "--time-limit", "2")
    peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    inputs = {str(p) for p in walk_documents(corpus)}
    # a WARC file gives a record per response it holds ("FILE#offset"), every other file one
    assert {r["source"].split("#")[0] for r in records} == inputs
    assert len([r for r in records if "#" not in r["source"]]) == len([i for i in inputs if ".warc" not in i])
    by_name = {Path(r["source"]).name: r for r in records}
    for name in ("truncated.warc.gz", "truncated.warc", "not-really.warc"):
        assert any(r["status"] == "error" for r in records if r["source"].split("#")[0].endswith("/" + name)), name
    for name, why in EXPECTED.items():
        assert by_name[name]["status"] == "error", name
        assert why in by_name[name]["error"].lower() or (why == "binary" and "binary" in by_name[name]["error"]), name
    for r in records:
        assert r["status"] in ("ok", "duplicate", "error")
        assert (r["status"] == "error") == bool(r["error"]) and "\n" not in (r["error"] or "")
        if r["status"] == "ok":
            assert r["text"] and "\x00" not in r["text"] and "\u202e" not in r["text"]
            for e in r["events"]:
                assert e["sentence"] in r["text"]
    # each kind of broken encoding is read, not refused
    for name in ("bad-bytes-mid-utf8.txt", "mixed-encodings.txt", "mixed-encodings-meta.html",
                 "nul-bytes-inside.txt", "bidi-and-zero-width.txt", "utf16-no-bom.txt", "nested-100000.html",
                 "deep-gzip-of-gzip.html.gz"):
        assert by_name[name]["status"] in ("ok", "duplicate"), (name, by_name[name]["error"])
    assert peak_kb < 2_000_000, f"peak memory {peak_kb} KB"


def test_ingest_stores_every_input(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    proc = run_rasad("ingest", str(corpus), "--db", str(db), "--time-limit", "2")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    with Store.open(str(db)) as store, store.engine.connect() as conn:
        stored = conn.execute(text("select count(*) from documents")).scalar_one()
    extracted = run_rasad("extract", str(corpus), "--time-limit", "2").stdout.decode().splitlines()
    assert stored == len({json.loads(line)["id"] for line in extracted})

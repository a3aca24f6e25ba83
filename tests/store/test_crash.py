"""Crash safety: `rasad ingest` killed with SIGKILL at random moments and started again
ends with exactly the store a clean run gives, on SQLite and on PostgreSQL.

The number of kills per backend is RASAD_KILLS (default 20); the moments come from a
seeded generator, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import DEV, ROOT, fresh_store_url, run_rasad
from rasad.store import Store

TABLES = {
    "documents": "id, status, duplicate_of, error, title, url, outlet, authors, published, text",
    "actors": "doc_id, code, name, mentions",
    "events": "doc_id, seq, type, date, negated, claimed_by, sentence, trigger, source_codes, target_codes, dyad",
    "event_actors": "doc_id, seq, role, depth, code, type, date, negated",
    "statements": "doc_id, seq, speaker, speaker_name, cue, content, date",
    "document_search": "doc_id, body",
    "event_groups": "type, dyad, month, mentions, documents, outlets, first_date, example",
    "event_group_outlets": "type, dyad, month, outlet",
}


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(url) as store, store.engine.connect() as conn:
        return {t: sorted(tuple(r) for r in conn.execute(text(f"select {cols} from {t}")))
                for t, cols in TABLES.items()}


def _inputs() -> list[str]:
    paths = [str(ROOT / "examples")]
    if (DEV / "docs").is_dir():
        paths.append(str(DEV / "docs"))
    return paths


def _ingest_command(url: str, index: Path) -> list[str]:
    exe = Path(sys.executable).parent / "rasad"
    return [str(exe), "ingest", *_inputs(), "--db", url, "--dedup-index", str(index), "--batch", "3"]


def test_killed_ingest_resumes_to_the_clean_result(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    clean_url = fresh_store_url(backend, request, tmp_path, "clean")
    started = time.monotonic()
    proc = run_rasad(*_ingest_command(clean_url, tmp_path / "clean.idx")[1:])
    assert proc.returncode == 0, proc.stderr
    clean_seconds = time.monotonic() - started
    expected = _snapshot(clean_url)
    assert expected["documents"] and expected["events"]

    url = fresh_store_url(backend, request, tmp_path, "killed")
    index = tmp_path / "killed.idx"
    rng = random.Random(20261125)
    kills = int(os.environ.get("RASAD_KILLS", "20"))
    for _ in range(kills):
        child = subprocess.Popen(_ingest_command(url, index), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, clean_seconds))
        child.send_signal(signal.SIGKILL)
        child.wait()
    final = subprocess.run(_ingest_command(url, index), capture_output=True, check=False)
    assert final.returncode == 0, final.stderr
    got = _snapshot(url)
    for table in TABLES:
        assert got[table] == expected[table], f"{table} differs after {kills} kills"

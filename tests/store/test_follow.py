"""`rasad ingest DIR --follow`: files a crawler writes are ingested once each, and
SIGTERM / Ctrl-C stop the monitor cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from conftest import ROOT, run_rasad
from rasad.monitor import FolderWatch
from rasad.store import Store, StoreError


def _documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with Store.open(str(db)) as store, store.engine.connect() as conn:
            return int(conn.execute(text("select count(*) from documents")).scalar_one())
    except StoreError:
        return 0  # the monitor is still creating the tables ("table meta already exists")


def _wait_for(db: Path, n: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while _documents(db) < n:
        assert time.monotonic() < deadline, f"still {_documents(db)} documents, waiting for {n}"
        time.sleep(0.2)


def test_follow_ingests_new_files_once_and_stops_on_sigterm(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "rasad.db"
    inbox.mkdir()
    seeds = sorted((ROOT / "examples").iterdir())
    exe = Path(sys.executable).parent / "rasad"
    monitor = subprocess.Popen(
        [str(exe), "ingest", str(inbox), "--follow", "--db", str(db), "--interval", "0.2", "--settle", "0.3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        shutil.copy(seeds[0], inbox / "a.txt")
        _wait_for(db, 1)
        shutil.copy(seeds[1], inbox / "b.txt")
        _wait_for(db, 2)
        (inbox / "sub").mkdir()
        shutil.copy(seeds[0], inbox / "sub" / "same-bytes.txt")  # a copy of a stored page
        os.utime(inbox / "a.txt")  # touched, not changed
        time.sleep(1.5)
        assert _documents(db) == 2
        assert monitor.poll() is None
    finally:
        monitor.send_signal(signal.SIGTERM)
        _, err = monitor.communicate(timeout=30)
    assert monitor.returncode == 0, err
    assert b"Traceback" not in err


def test_follow_needs_one_folder(tmp_path: Path) -> None:
    proc = run_rasad("ingest", str(ROOT / "examples" / "x"), "--follow", "--db", str(tmp_path / "r.db"))
    assert proc.returncode == 2 and b"--follow" in proc.stderr


def test_a_file_is_taken_once_it_has_settled(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>نص</p>", encoding="utf-8")
    watch = FolderWatch(tmp_path, settle=5)
    written = page.stat().st_mtime
    assert watch.poll(now=written + 1) == []  # still being written, maybe
    assert watch.poll(now=written + 6) == [page]
    assert watch.poll(now=written + 7) == []  # taken already
    page.write_text("<p>نص أطول</p>", encoding="utf-8")
    grown = page.stat().st_mtime
    assert watch.poll(now=grown + 6) == [page]

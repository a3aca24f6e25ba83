from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import ROOT, run_rasad

P = "قالت وزارة الخارجية في بيان إن الوزير سيزور العاصمة الأسبوع المقبل لبحث العلاقات الثنائية والتعاون الاقتصادي."


def records(stdout: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


def test_extract_examples_follow_the_contract() -> None:
    proc = run_rasad("extract", str(ROOT / "examples"), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    recs = records(proc.stdout)
    assert len(recs) == 2
    keys = {"id", "source", "status", "duplicate_of", "error", "language", "title", "url", "outlet",
            "authors", "published", "text", "actors", "events", "statements"}
    for rec in recs:
        assert keys <= set(rec) and rec["status"] == "ok" and rec["language"] == "ar"


def test_bad_inputs_each_get_a_record_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    (tmp_path / "c_trunc.txt.gz").write_bytes(gzip.compress(P.encode() * 20)[:30])
    (tmp_path / "d_nav.html").write_text("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>")
    (tmp_path / "e_good.txt").write_text(P)
    (tmp_path / "f_copy.txt").write_text(P)
    proc = run_rasad("extract", str(tmp_path))
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr
    recs = records(proc.stdout)
    assert [r["status"] for r in recs] == ["error", "error", "error", "error", "ok", "duplicate"]
    assert all(r["error"] for r in recs[:4])
    assert recs[5]["duplicate_of"] == recs[4]["id"]


def test_stdin_and_same_bytes_same_id(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(P)
    from_file = records(run_rasad("extract", str(tmp_path / "x.txt")).stdout)[0]
    from_stdin = records(run_rasad("extract", "-", stdin=P.encode()).stdout)[0]
    assert from_file["id"] == from_stdin["id"] and from_stdin["source"] == "-"


def test_missing_path_is_a_one_line_error() -> None:
    proc = run_rasad("extract", "/no/such/path")
    assert proc.returncode != 0 and proc.stdout == b""
    assert proc.stderr.decode().strip().count("\n") == 0 and "no such file" in proc.stderr.decode()


def test_clean_prints_body_only() -> None:
    proc = run_rasad("clean", str(ROOT / "examples" / "004_06ac4ee4efa30777.txt"))
    out = proc.stdout.decode()
    first = out.splitlines()[0]
    assert proc.returncode == 0 and "المحرر" not in out and out.splitlines().count(first) == 1


def test_help_for_every_command() -> None:
    for cmd in ("extract", "clean", "actors", "code"):
        proc = run_rasad(cmd, "--help")
        assert proc.returncode == 0 and b"usage" in proc.stdout


def test_actors_command(tmp_path: Path) -> None:
    proc = run_rasad("actors", "وقال وزير الدفاع الروسي إن روسيا سترد", "--format", "jsonl")
    assert proc.returncode == 0
    found = {json.loads(line)["code"] for line in proc.stdout.decode().splitlines()}
    assert found == {"RUSMIL", "RUS"}
    f = tmp_path / "t.txt"
    f.write_text("قالت كييف إن")
    assert b"UKRGOV" in run_rasad("actors", str(f)).stdout
    bad = run_rasad("actors", "x", "--date", "2025-13-01")
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


def test_code_command_explains() -> None:
    proc = run_rasad("code", "قصفت الطائرات الإسرائيلية مواقع لحزب الله في جنوب لبنان.")
    out = proc.stdout.decode()
    assert proc.returncode == 0 and "ASSAULT" in out and "rule:" in out and "triggers.tsv:" in out
    jsonl = run_rasad("code", "قالت كييف إن القوات الروسية قصفت المدينة.", "--format", "jsonl")
    kinds = {json.loads(line)["kind"] for line in jsonl.stdout.decode().splitlines()}
    assert {"actor", "event", "statement"} <= kinds


def test_no_dedup_keeps_near_copies(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(P + "\n" + P.replace("الوزير", "وزير الخارجية"))
    (tmp_path / "b.txt").write_text(P + "\n" + P.replace("الوزير", "الوزير نفسه"))
    with_dedup = [r["status"] for r in records(run_rasad("extract", str(tmp_path)).stdout)]
    without = [r["status"] for r in records(run_rasad("extract", str(tmp_path), "--no-dedup").stdout)]
    assert with_dedup == ["ok", "duplicate"] and without == ["ok", "ok"]

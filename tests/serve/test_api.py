"""The API of `rasad serve` over a store of the dev documents: filters, paging, counts,
the document view's offsets, the token-guarded ingest, and the security limits."""

from __future__ import annotations

import http.client
import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from servekit import EVIL_TEXT, TOKEN, build_store, copy_store, running

from rasad.cli import main
from rasad.serve import create_app

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, dev_dir: Path) -> Path:
    return build_store(tmp_path_factory.mktemp("serve"), dev_dir / "docs")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), None), base_url=BASE) as c:
        yield c


def all_events(client: TestClient, **params: str) -> list[dict[str, object]]:
    r = client.get("/api/events", params={"limit": "500", **params})
    assert r.status_code == 200, r.text
    items: list[dict[str, object]] = r.json()["items"]
    return items


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    for path in ("/api/events", "/api/events/aggregated", "/api/counts", "/api/actors", "/api/dyads",
                 "/api/statements", "/api/documents", "/api/documents/{doc_id}", "/api/outlets", "/api/types"):
        assert path in doc["paths"], path
    assert "post" in doc["paths"]["/api/documents"]
    assert client.get("/docs").status_code == 404  # the Swagger page loads a CDN: not served


def test_events_filters_and_paging(client: TestClient) -> None:
    everything = all_events(client)
    assert len(everything) > 20
    agree = all_events(client, type="AGREE")
    assert agree and {e["type"] for e in agree} == {"AGREE"}
    two_types = all_events(client, type=["AGREE", "ASSAULT"])  # type: ignore[arg-type]
    assert {e["type"] for e in two_types} == {"AGREE", "ASSAULT"}
    russia = all_events(client, source="RUS")
    assert russia and all(any(str(c).startswith("RUS") for c in e["source"]) for e in russia)  # type: ignore[attr-defined]
    assert all_events(client, **{"from": "2030"}) == []
    first = client.get("/api/events", params={"limit": 5}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert first["next_offset"] == 5 and len(first["items"]) == 5
    assert [e["event_id"] for e in first["items"] + second["items"]] == [e["event_id"] for e in everything[:10]]
    last = client.get("/api/events", params={"limit": 500, "offset": len(everything) - 1}).json()
    assert last["next_offset"] is None and len(last["items"]) == 1
    for bad in ({"limit": 501}, {"limit": 0}, {"offset": -1}, {"type": "BOMB"}, {"from": "2024-1"}, {"actor": "R"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad
    e = everything[0]
    assert e["type_label"] and len(e["source_names"]) == len(e["source"])  # type: ignore[arg-type]


def test_counts_timeline_aggregates(client: TestClient) -> None:
    total = len(all_events(client))
    by_type = client.get("/api/counts", params={"by": "type"}).json()
    assert sum(r["events"] for r in by_type) == total
    by_month = client.get("/api/counts", params={"by": "month"}).json()
    timeline = client.get("/api/counts", params={"by": "month", "per_type": "true"}).json()
    assert sum(r["events"] for r in timeline) == sum(r["events"] for r in by_month) > 0
    assert all(r["type"] for r in timeline)
    assert client.get("/api/counts", params={"by": "week"}).status_code == 422
    rows = client.get("/api/events/aggregated", params={"type": "AGREE"}).json()
    treaty = [r for r in rows if r["dyad"] == "PRK<>RUS"]
    assert treaty and treaty[0]["documents"] == 2


def test_actors_dyads_statements_documents(client: TestClient) -> None:
    actors = client.get("/api/actors").json()
    assert any(a["code"] == "PRK" and a["name"] == "North Korea" for a in actors)
    dyads = client.get("/api/dyads").json()
    assert any(d["source"] == "RUS" and d["target"] == "PRK" and d["events"] >= 2 for d in dyads)
    assert all(d["source"] != d["target"] for d in dyads)
    by_code = client.get("/api/dyads", params={"depth": "code"}).json()
    assert any(len(d["source"]) == 6 for d in by_code)
    statements = client.get("/api/statements", params={"limit": 500}).json()["items"]
    assert len(statements) > 50
    gov = client.get("/api/statements", params={"actor": "RUS", "limit": 500}).json()["items"]
    assert gov and all(str(s["speaker"]).startswith("RUS") for s in gov)
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    assert {d["status"] for d in docs} == {"ok", "duplicate", "error"}
    outlets = client.get("/api/outlets").json()
    assert outlets and all(o["documents"] >= 1 for o in outlets)
    one = outlets[0]["outlet"]
    assert {d["outlet"] for d in client.get("/api/documents", params={"outlet": one}).json()["items"]} == {one}


def test_document_view_offsets(client: TestClient) -> None:
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    checked = 0
    for d in docs:
        if d["status"] != "ok":
            continue
        doc = client.get(f"/api/documents/{d['id']}").json()
        text = doc["text"]
        for a in doc["actors"]:
            assert all(0 <= s < e <= len(text) for s, e in a["mentions"])
        for e in doc["events"]:
            s, t = e["trigger_span"]
            assert text[s:t] == e["trigger"]
            s2, t2 = e["sentence_span"]
            assert text[s2:t2] == e["sentence"] and s2 <= s < t <= t2
        for st in doc["statements"]:
            s, t = st["content_span"]
            assert text[s:t] == st["content"]
            if st["cue_span"]:
                assert text[st["cue_span"][0]:st["cue_span"][1]] == st["cue"]
        checked += len(doc["events"])
    assert checked > 20
    assert client.get("/api/documents/0000000000000000").status_code == 404
    assert client.get("/api/documents/" + "a" * 65).status_code == 422


EVIL = ["' OR 1=1 --", "RUS'; DROP TABLE events; --", "%", "_", "\\", "'\"`", "1; SELECT * FROM meta",
        "\u0000", "<script>alert(1)</script>", "../../etc/passwd", "x" * 5000]
PARAMS = ["type", "actor", "source", "target", "from", "to", "outlet", "language", "negated", "claimed", "text",
          "limit", "offset", "by", "per_type", "depth"]
ENDPOINTS = ["/api/events", "/api/events/aggregated", "/api/counts", "/api/actors", "/api/dyads",
             "/api/statements", "/api/documents"]


def test_injection_strings_in_every_parameter(client: TestClient, db: Path) -> None:
    before = sqlite3.connect(db).execute("select count(*) from events").fetchone()
    for path, param, evil in itertools.product(ENDPOINTS, PARAMS, EVIL):
        r = client.get(path, params={param: evil})
        assert r.status_code in (200, 422), (path, param, evil, r.status_code)
        if r.status_code == 200 and param in ("outlet", "text") and path == "/api/events" and "'" in evil:
            assert r.json()["items"] == [], (param, evil)
    for evil in EVIL:
        assert client.get("/api/documents/" + quote(evil[:60], safe="")).status_code in (404, 422)
    assert sqlite3.connect(db).execute("select count(*) from events").fetchone() == before


def test_security_headers_and_hosts(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/api/events", "/nowhere", "/api/documents/x"):
        r = client.get(path)
        assert "default-src 'self'" in r.headers["content-security-policy"], path
        assert "'unsafe-inline'" not in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert "<script>" not in page and "onclick" not in page and "style=" not in page  # no inline script or style
    assert "http://" not in page and "https://" not in page  # nothing from another site
    assert client.get("/api", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding


TRAVERSALS = ["/static/../../pyproject.toml", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
              "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static/%2E%2E/api.py", "/static/../api.py",
              "/static/..%5c..%5cpyproject.toml", "/static/__init__.py", "/static/app.js%00.css",
              "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/.", "/static/", "/static/..",
              "/%2e%2e/pyproject.toml"]


def test_static_files_only_from_the_package(client: TestClient, db: Path) -> None:
    assert client.get("/static/app.js").status_code == 200
    for path in TRAVERSALS:
        r = client.get(path)  # (httpx removes dot segments itself: "/static/.." asks for "/")
        assert (r.status_code == 404 or r.url.path == "/") and "[project]" not in r.text, path
    # the same paths sent as raw bytes, as a hostile client would, to a real server
    with running(create_app(str(db), None)) as base:
        netloc = urlsplit(base).netloc
        for path in TRAVERSALS:
            conn = http.client.HTTPConnection(netloc, timeout=5)
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status in (400, 404) and b"[project]" not in body and b"import" not in body, path
            conn.close()


@pytest.fixture()
def writable(db: Path, tmp_path: Path) -> Path:
    return copy_store(db, tmp_path / "w")


def test_ingest_needs_the_token(writable: Path) -> None:
    with TestClient(create_app(str(writable), None), base_url=BASE) as ro:
        assert ro.post("/api/documents", content=EVIL_TEXT).status_code == 403
        assert ro.get("/api").json()["ingest"] is False
    with TestClient(create_app(str(writable), TOKEN), base_url=BASE) as rw:
        assert rw.post("/api/documents", content=EVIL_TEXT).status_code == 401
        assert rw.post("/api/documents", content=EVIL_TEXT, headers={"authorization": "Bearer nope"}).status_code == 401
        auth = {"authorization": f"Bearer {TOKEN}"}
        assert rw.get("/api/counts", params={"by": "type", "text": "onerror"}).json() == []  # (now cached)
        r = rw.post("/api/documents", params={"name": "gaza.txt"}, content=EVIL_TEXT, headers=auth)
        assert r.status_code == 201, r.text
        out = r.json()
        assert out["status"] == "ok" and out["stored"] and out["events"] >= 2
        again = rw.post("/api/documents", params={"name": "gaza.txt"}, content=EVIL_TEXT, headers=auth)
        assert again.status_code == 200 and again.json()["stored"] is False
        doc = rw.get(f"/api/documents/{out['id']}").json()
        assert "onerror=" in doc["text"] and "<script>" in doc["text"]  # stored as text, as written
        counts = rw.get("/api/counts", params={"by": "type", "text": "onerror"}).json()
        assert sum(r["events"] for r in counts) >= 2  # the cache was cleared by the write


def test_body_size_limit(writable: Path) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(str(writable), TOKEN), base_url=BASE) as rw:
        big = b"x" * (10 * 1024 * 1024 + 1)
        assert rw.post("/api/documents", content=big, headers=auth).status_code == 413

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
            for _ in range(11):
                yield b"y" * (1024 * 1024)

        assert rw.post("/api/documents", content=chunks(), headers=auth).status_code == 413
        assert rw.post("/api/documents", content=big, headers={}).status_code == 413  # before anything else


def test_serve_command_bad_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["serve", "--db", "mysql://x/y"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("rasad: unsupported database") and "\n" not in err
    assert main(["serve", "--db", str(tmp_path / "no" / "such" / "dir" / "x.db")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("rasad: cannot open the store") and "\n" not in err


def _status(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_serve_command_with_worker_processes(db: Path, tmp_path: Path) -> None:
    """`rasad serve --workers 2` through the real entry point: both processes answer, the
    token reaches them, and SIGINT (Ctrl-C) stops the server and its workers."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from servekit import free_port

    store = copy_store(db, tmp_path / "w")
    port = free_port()
    rasad = str(Path(sys.executable).parent / "rasad")
    proc = subprocess.Popen([rasad, "serve", "--db", str(store), "--port", str(port), "--workers", "2",
                             "--token", TOKEN], stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _status(port, "GET", "/api/events?limit=1") == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "the server did not start"
            time.sleep(0.2)
        # fresh connections, spread over the workers by the kernel
        assert {_status(port, "GET", "/api/counts?by=type") for _ in range(20)} == {200}
        assert _status(port, "POST", "/api/documents?name=x.txt", EVIL_TEXT,
                       {"Authorization": f"Bearer {TOKEN}"}) in (200, 201)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
    assert proc.returncode == 0
    assert b"2 worker processes" in err

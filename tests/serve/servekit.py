"""Shared pieces of the serve tests: a small store of the dev documents, hostile pages, and
a real uvicorn server on a free loopback port in a thread."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from rasad.cli import main

TOKEN = "test-token-0123456789"

# Untrusted text that a careless page would run: it must stay text.
EVIL_TEXT = """هجوم على غزة <img src=x onerror="window.__pwned=1">
قصفت الطائرات الإسرائيلية مواقع في قطاع غزة أمس <img src=x onerror="window.__pwned=1;alert(1)"> وقال المتحدث باسم الجيش الإسرائيلي إن الغارات استهدفت مواقع لحركة حماس <script>window.__pwned=2;alert(2)</script> في شمال القطاع.
وأدانت وزارة الخارجية المصرية القصف الإسرائيلي، ودعت إلى وقف فوري لإطلاق النار <svg onload="window.__pwned=3"></svg> وحماية المدنيين في غزة.
""".encode()

EVIL_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>&lt;img src=x onerror=&quot;window.__pwned=4&quot;&gt; عنوان</title>
<meta property="og:site_name" content="&lt;script&gt;window.__pwned=5&lt;/script&gt;">
<script>window.__pwned = 6; alert(6);</script></head>
<body><article><h1>&lt;img src=x onerror=&quot;window.__pwned=4&quot;&gt; عنوان</h1>
<p>أعلنت وزارة الدفاع الروسية أن قواتها هاجمت مواقع أوكرانية في منطقة خاركيف أمس &lt;img src=x onerror=&quot;window.__pwned=7;alert(7)&quot;&gt; وقالت إن العملية مستمرة.</p>
<p>وأدان الرئيس الأوكراني فولوديمير زيلينسكي الهجوم الروسي ودعا الحلفاء الغربيين إلى تزويد بلاده بمزيد من أنظمة الدفاع الجوي &lt;iframe src=&quot;javascript:alert(8)&quot;&gt;&lt;/iframe&gt; لحماية المدن.</p>
<img src="x" onerror="window.__pwned=9">
</article></body></html>""".encode()


def build_store(folder: Path, dev_docs: Path) -> Path:
    """An SQLite store of the dev documents, ingested by the real command."""
    path = folder / "rasad.db"
    assert main(["ingest", str(dev_docs), "--db", str(path)]) == 0
    return path


def copy_store(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for p in src.parent.glob(src.name + "*"):
        shutil.copy(p, folder / p.name)
    return folder / src.name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)

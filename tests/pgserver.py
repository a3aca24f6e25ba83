"""A real PostgreSQL server for the tests: Debian's binaries, a fresh cluster in a
temporary folder, listening on a free loopback port, stopped at the end of the session.

`.ci/run` installs the `postgresql` package. The tests that need the server skip when the
binaries are missing, except when RASAD_REQUIRE_POSTGRES=1 (set by `.ci/run`), where a
missing server is a failure: CI cannot pass by skipping them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    for path in ([found] if found else []) + candidates:
        folder = Path(path).parent
        if (folder / "postgres").exists() or (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str], user: str | None) -> list[str]:
    # initdb and postgres refuse to run as root: drop to the `postgres` account the
    # Debian package creates
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yields a postgresql:// URL, or None when PostgreSQL is not installed."""
    bindir = _bin_dir()
    if bindir is None:
        yield None
        return
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        pwd.getpwnam(user)  # raises KeyError where the package did not create it
    base = Path(tempfile.mkdtemp(prefix="rasad-pg-", dir="/tmp"))
    data, sock = base / "data", base / "sock"
    data.mkdir()
    sock.mkdir()
    if user:
        for path in (base, data, sock):
            shutil.chown(path, user)
    port = _free_port()
    subprocess.run(
        _as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "rasad", "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8"], user),
        check=True, capture_output=True,
    )
    server = subprocess.Popen(
        _as_server_user([str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1",
                         "-k", str(sock), "-c", "fsync=off", "-c", "full_page_writes=off"], user),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("PostgreSQL did not start") from None
                time.sleep(0.1)
        time.sleep(0.3)  # the port opens a moment before connections are accepted
        yield f"postgresql://rasad@127.0.0.1:{port}/postgres"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(base, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A fresh database on the server of `url`; returns its URL."""
    import pg8000.native

    conn = pg8000.native.Connection("rasad", host="127.0.0.1", port=int(url.rsplit(":", 1)[1].split("/")[0]),
                                    database="postgres")
    try:
        conn.run(f'DROP DATABASE IF EXISTS "{name}"')
        conn.run(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    return url.rsplit("/", 1)[0] + "/" + name

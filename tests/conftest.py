"""Shared test helpers: where the shared evaluation sets are, and how to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"


def run_rasad(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the installed `rasad` entry point (the real one a user runs)."""
    exe = Path(sys.executable).parent / "rasad"
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, timeout=300, check=False)


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "gold.jsonl").exists():
        pytest.skip("shared dev set not present")
    return DEV


@pytest.fixture(scope="session")
def rasad_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on a loopback port for the whole session (tests/pgserver.py)."""
    from pgserver import postgres_server

    with postgres_server() as url:
        if url is None:
            if os.environ.get("RASAD_REQUIRE_POSTGRES") == "1":
                pytest.fail("PostgreSQL is required (RASAD_REQUIRE_POSTGRES=1) but not installed")
            pytest.skip("PostgreSQL is not installed (Debian package postgresql)")
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fresh_store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path, name: str = "rasad") -> str:
    """An empty store of the given backend: an SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.db')}"
    from pgserver import create_database

    server = request.getfixturevalue("postgres_url")
    return create_database(server, f"{name}_{abs(hash(str(tmp_path))) % 10**8}")

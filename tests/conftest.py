"""Shared test helpers: where the shared evaluation sets are, and how to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
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

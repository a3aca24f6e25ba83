"""Quality gate: the dev-set figures may not fall below their pinned floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FLOORS = Path(__file__).with_name("dev_floors.json")


@pytest.fixture(scope="module")
def scores(dev_dir: Path, rasad_env: dict[str, str]) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, str(dev_dir.parent / "score.py"), str(dev_dir), "--json"],
        capture_output=True, text=True, env=rasad_env, timeout=300, check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _value(scores: dict[str, object], path: str) -> float:
    node: object = scores
    for part in path.split("."):
        assert isinstance(node, dict)
        node = node[part]
    assert isinstance(node, (int, float))
    return float(node)


def test_dev_floors(scores: dict[str, object]) -> None:
    floors: dict[str, float] = json.loads(FLOORS.read_text())
    low = {k: (_value(scores, k), v) for k, v in floors.items() if _value(scores, k) < v}
    assert not low, f"below floor (got, floor): {low}"


def test_no_repeated_paragraphs(scores: dict[str, object]) -> None:
    assert scores["repeated_paragraphs_left"] == 0

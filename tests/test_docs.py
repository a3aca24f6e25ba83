"""Every command has help text and is shown in the README; every doc the README names exists."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT
from rasad.cli import build_parser


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, cmd in _commands().items():
        assert cmd.description or cmd.format_help().strip(), name
        assert f"rasad {name}" in readme, f"rasad {name} is not in the README"


def test_docs_named_in_the_readme_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in set(re.findall(r"`(docs/[\w./-]+\.md)`", readme)):
        assert (ROOT / path).exists(), path

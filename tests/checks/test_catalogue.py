"""docs/checks.md is generated from the registry and must be kept in step with it."""

from __future__ import annotations

from pathlib import Path

from jixiao.checks.catalogue import catalogue_markdown, catalogue_rows
from jixiao.checks.registry import REGISTRY
from jixiao.issue_codes import ISSUE_CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_committed_catalogue_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == catalogue_markdown(), (
        "run: jixiao checks --format md > docs/checks.md"
    )


def test_catalogue_lists_every_code_with_a_summary() -> None:
    rows = catalogue_rows()
    assert [row[0] for row in rows] == sorted(REGISTRY) + sorted(ISSUE_CODES)
    assert all(row[3] for row in rows)
    text = catalogue_markdown()
    assert all(f"### {code} " in text for code in REGISTRY)

"""Every EXT/INP/RUL/ENG code the source emits is listed (and documented in docs/checks.md), and every
listed code is emitted somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import jixiao
from jixiao.checks.catalogue import catalogue_markdown
from jixiao.issue_codes import FAMILY_TITLES, ISSUE_CODES

SOURCE = Path(jixiao.__file__).parent
CODE = re.compile(r"\"((?:EXT|INP|RUL|ENG)\d{3})\"")


def emitted() -> set[str]:
    return {
        code
        for path in SOURCE.rglob("*.py")
        if path.name != "issue_codes.py"
        for code in CODE.findall(path.read_text(encoding="utf-8"))
    }


def test_every_emitted_code_is_listed_and_every_listed_code_emitted() -> None:
    found = emitted()
    assert found - set(ISSUE_CODES) == set(), "codes emitted but not listed in jixiao.issue_codes"
    assert set(ISSUE_CODES) - found == set(), "codes listed but emitted nowhere"


def test_listed_codes_are_well_formed() -> None:
    for code, info in ISSUE_CODES.items():
        assert code[:3] in FAMILY_TITLES
        assert info.severity in {"error", "warning", "info"}
        assert any("\u4e00" <= ch <= "\u9fff" for ch in info.summary)


def test_the_catalogue_documents_them() -> None:
    text = catalogue_markdown()
    for code in ISSUE_CODES:
        assert f"### {code}" in text

"""One decoder for every text a user gives jixiao."""

from __future__ import annotations

import pytest

from jixiao.inputs.encoding import decode_text, looks_like_text


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_encodings(encoding: str, named: str) -> None:
    # UTF-16 without a BOM is told by its NUL bytes: a report's digits and punctuation give them
    text = "信访局 budget 2024: 230.52 / 303.55 (99.83%)\n"
    assert decode_text(text.encode(encoding)) == (text, named)


def test_strict_decoders_come_first() -> None:
    assert decode_text("预算".encode("gbk")) == ("预算", "gb18030")
    assert decode_text("预算".encode()) == ("预算", "utf-8")


def test_no_guess_for_what_a_user_wrote() -> None:
    # bytes neither UTF-8 nor GB18030 take: a guess for a published report, None for YAML
    junk = b"department: \x81\x30\x81"
    assert decode_text(junk, guess=False) is None
    guessed = decode_text(junk)
    assert guessed is not None


def test_binary_is_not_text() -> None:
    assert looks_like_text("一、基本情况\n预算230.52万元\t")
    assert not looks_like_text("\x00\x01\x02abc" * 50)

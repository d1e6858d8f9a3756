"""Output files are replaced in one step: a failure leaves the previous file intact and no debris."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.files import atomic_output
from jixiao.pipeline import evaluate
from jixiao.render import RenderError, render_result

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_success_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    with atomic_output(target) as temporary:
        assert temporary.suffix == ".md"
        assert temporary.parent == tmp_path
        temporary.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_failure_keeps_the_old_file_and_leaves_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")

    def crash_mid_write() -> None:
        with atomic_output(target) as temporary:
            temporary.write_text("half", encoding="utf-8")
            raise RuntimeError("crash mid-write")

    with pytest.raises(RuntimeError):
        crash_mid_write()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_a_failed_render_keeps_the_previous_report(tmp_path: Path) -> None:
    result = evaluate(EXAMPLES / "clean-archives-2024.yaml")
    target = tmp_path / "报告.docx"
    render_result(result, "docx", target)
    before = target.read_bytes()
    broken_template = tmp_path / "broken.docx"
    broken_template.write_bytes(b"not a docx")
    with pytest.raises(RenderError):
        render_result(result, "docx", target, template=broken_template)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "报告.docx"]

"""The PDF through LibreOffice: Chinese text really in the file (not boxes), figures, page numbers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.pipeline import Result
from jixiao.render import RenderError, render_result
from jixiao.report import ReportView


def pdf_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.mark.slow
def test_pdf_has_the_chinese_text_and_figures(
    tmp_path: Path, dept_result: Result, dept_view: ReportView
) -> None:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is part of the project's system dependencies and is missing")
    out = tmp_path / "报告.pdf"
    render_result(dept_result, "pdf", out)
    pages = pdf_text(out)
    assert len(pages) >= 3
    flat = "".join("".join(page.split()) for page in pages)
    assert "".join(dept_view.title.split()) in flat
    for heading in (b.text for b in dept_view.blocks if b.level == 1):
        assert heading in flat
    assert "日常公用经费支出13.82万元，占基本支出的8.47%" in flat
    assert "—1—" in flat  # the page number of page one
    assert "□" not in flat
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts  # a CJK font is embedded: Chinese is drawn, not left to the viewer
    assert not list(tmp_path.glob("*.docx"))  # the intermediate .docx stays in the temporary directory


def test_missing_libreoffice_is_a_chinese_render_error(
    tmp_path: Path, dept_result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(RenderError, match="未找到 LibreOffice"):
        render_result(dept_result, "pdf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_failing_conversion_is_a_render_error(
    tmp_path: Path, dept_result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(fake))
    with pytest.raises(RenderError, match="转换 PDF 失败：Error: source file could not be loaded"):
        render_result(dept_result, "pdf", tmp_path / "x.pdf")


def test_hanging_conversion_times_out(
    tmp_path: Path, dept_result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jixiao.render.pdf as pdf

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(fake))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(RenderError, match="超时"):
        render_result(dept_result, "pdf", tmp_path / "x.pdf")

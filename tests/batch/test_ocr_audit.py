"""``jixiao audit`` on scans: OCR runs in the worker processes; rows record the pages OCRed and their mean
confidence; the progress shows the pages read by OCR."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from extract.scan_maker import image_pdf, mixed_pdf, text_image  # tests/ is on sys.path (rootdir conftest)

from .test_run import audit

PROSE = ["本年度全年预算 86.40 万元，实际支出 81.25 万元，", "预算执行率为 94.04%。"]


def test_audit_records_the_pages_read_by_ocr(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text_image(PROSE).save(folder / "photo.png")
    image_pdf(folder / "scan.pdf", text_image(PROSE))
    mixed_pdf(folder / "mixed.pdf", ["Annual self-evaluation, text layer page"], text_image(PROSE[:1]))
    for part in folder.glob("mixed.*.pdf"):  # the two halves mixed_pdf assembled it from
        part.unlink()
    (folder / "plain.txt").write_text(
        "某单位2024年度部门整体支出绩效自评报告\n全年预算 86.40 万元。\n", "utf-8"
    )
    out = tmp_path / "results.sqlite"
    code, text = audit([folder], out)
    assert code == 0
    with sqlite3.connect(out) as conn:
        rows = {
            Path(file).name: (status, pages, confidence)
            for file, status, pages, confidence in conn.execute(
                "SELECT file, status, ocr_pages, ocr_confidence FROM documents"
            )
        }
    assert rows["plain.txt"] == ("ok", None, None)
    for name in ("photo.png", "scan.pdf"):
        status, pages, confidence = rows[name]
        assert (status, pages) == ("ok", "1")
        assert 0.9 < confidence <= 1
    assert rows["mixed.pdf"][:2] == ("ok", "2")  # its text page is not OCRed
    # the progress counts the pages of the PDFs and images, known before the run: 1 + 1 + 2, three by OCR
    [line] = [line for line in text.splitlines() if line.startswith("页")]
    assert "4/4" in line
    assert re.search(r"文字识别 3 页，平均置信度 (?:0\.9\d\d|1\.000)", line)


def test_each_ocr_page_has_its_own_time_limit_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's deadline is extended by each OCR page's limit (a long scan is limited page by page); a page
    over its own limit costs that page only, reported, and the worker goes on."""
    from jixiao import ocr
    from jixiao.batch.worker import audit_file
    from jixiao.ocr.child import close_kept_child

    plain = tmp_path / "plain.txt"
    plain.write_text("某单位2024年度部门整体支出绩效自评报告\n全年预算 86.40 万元。\n", "utf-8")
    scan = tmp_path / "scan.png"
    text_image(PROSE).save(scan)
    try:
        assert audit_file(plain).document["status"] == "ok"  # the pipeline's modules imported
        # the file's own limit (0.5 s) is far less than loading the models and reading the page take
        outcome = audit_file(scan, timeout=0.5)
        assert (outcome.document["status"], outcome.document["ocr_pages"]) == ("ok", "1")
        monkeypatch.setattr(ocr, "PAGE_TIMEOUT", 0.05)  # the models' loading keeps its own allowance
        outcome = audit_file(scan, timeout=60)
        codes = [issue["code"] for issue in outcome.issues]
        assert "EXT012" in codes
        assert outcome.document["status"] == "unreadable"  # its only page could not be read
        assert any("超时" in issue["message"] for issue in outcome.issues if issue["code"] == "EXT012")
    finally:
        close_kept_child()

"""``jixiao audit`` on scans: OCR runs in the worker processes; rows record the pages OCRed and their mean
confidence; the progress shows the pages read by OCR."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from extract.scan_maker import image_pdf, text_image  # tests/ is on sys.path (rootdir conftest)

from .test_run import audit

PROSE = ["本年度全年预算 86.40 万元，实际支出 81.25 万元，", "预算执行率为 94.04%。"]


def test_audit_records_the_pages_read_by_ocr(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text_image(PROSE).save(folder / "photo.png")
    image_pdf(folder / "scan.pdf", text_image(PROSE))
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
    assert "文字识别" in text  # the progress line of OCR pages

"""The batch worker tells the readers they run in a batch: one kept PDF child serves many files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.pdf_maker import make_pdf  # tests/ is on sys.path (rootdir conftest)
from jixiao.batch.worker import audit_file
from jixiao.inputs.files import pdf_child
from jixiao.inputs.files.pdf_child import close_kept_child, kept_child

TRUNCATED = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa"


@pytest.fixture(autouse=True)
def no_kept_child() -> Iterator[None]:
    close_kept_child()
    yield
    close_kept_child()


def test_audit_keeps_one_pdf_child_for_its_files(tmp_path: Path) -> None:
    first = make_pdf(tmp_path / "a.pdf", [["Budget 230.52"]])
    second = make_pdf(tmp_path / "b.pdf", [["Budget 303.06"]])
    audit_file(first)
    pid = kept_child().pid
    assert pid is not None
    audit_file(second)
    assert kept_child().pid == pid


def test_a_broken_pdf_is_an_unreadable_row_and_the_next_one_is_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(TRUNCATED)
    row = audit_file(bad).document
    assert row["status"] == "unreadable"
    assert "PDF" in row["error"]
    good = make_pdf(tmp_path / "good.pdf", [["Budget 230.52"]])
    assert audit_file(good).document["status"] != "failed"
    assert kept_child().pid is not None


def test_outside_audit_file_the_reader_starts_a_child_per_file(tmp_path: Path) -> None:
    from jixiao.inputs.files.read import read_document

    audit_file(make_pdf(tmp_path / "a.pdf", [["Budget 230.52"]]))
    close_kept_child()
    document, _ = read_document(make_pdf(tmp_path / "b.pdf", [["Budget 303.06"]]))
    assert document is not None
    assert pdf_child._KEPT.children == {}

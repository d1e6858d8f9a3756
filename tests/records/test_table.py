"""Reading a records table: CSV and .xlsx, the header, only the needed columns, and every bound."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jixiao.records import table as table_module
from jixiao.records import xinfang
from jixiao.records.register import read_register
from jixiao.records.table import Wanted, read_file
from jixiao.records.values import TextKey, as_any, text_key

from .helpers import write_xlsx

HEADER = ["编号", "姓名", "登记日期", "渠道"]


def codes(table: table_module.Table) -> list[str]:
    return [problem.code for problem in table.problems]


def test_csv_in_utf8_and_in_gbk_read_alike(tmp_path: Path) -> None:
    text = "编号,姓名,登记日期,渠道\nA1,王某,2024-03-01,来信\nA2,李某,2024/3/2,网上信访\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8-sig")
    (tmp_path / "g.csv").write_bytes(text.encode("gbk"))
    for name in ("u.csv", "g.csv"):
        table = read_register(tmp_path / name)
        assert codes(table) == []
        assert len(table) == 2
        assert table.columns["渠道"].values == [text_key("来信"), text_key("网上")]
        assert table.personal == ["姓名"]


def test_xlsx_header_found_below_a_title_row(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx", ["2024年信访登记簿", None], [HEADER, ["A1", "王某", "2024-03-01", "来访"]]
    )
    table = read_register(path, sheet="登记簿")
    assert codes(table) == []
    assert table.header_row == 2
    assert table.rows == [3]
    assert table.columns["登记日期"].letter == "C"


def test_missing_sheet_and_missing_header_are_problems(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", ["甲", "乙"], [["1", "2"]])
    assert "没有名为" in read_register(path, sheet="别的").problems[0].message
    problem = read_register(path).problems[0]
    assert problem.code == "REC006"
    assert "找不到表头" in problem.message
    assert "甲" not in problem.message  # the row that is not a header is never echoed


def test_required_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", ["编号", "渠道"], [["A1", "来信"]])
    table = read_register(path, header_row=1)
    assert codes(table) == ["REC006"]
    assert "登记日期" in table.problems[0].message


def test_not_a_table_file(tmp_path: Path) -> None:
    for name, data, fragment in (
        ("x.pdf", b"%PDF", ".csv 或 .xlsx"),
        ("x.xlsx", b"not a zip", "不是有效的台账工作簿"),
        ("x.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "设有打开密码"),
    ):
        (tmp_path / name).write_bytes(data)
        table = read_register(tmp_path / name)
        assert codes(table) == ["REC006"]
        assert fragment in table.problems[0].message
    assert "不存在" in read_register(tmp_path / "none.csv").problems[0].message


def test_a_csv_that_breaks_off_counts_nothing(tmp_path: Path) -> None:
    rows = "".join(f"A{i},2024-01-01\n" for i in range(8000))  # past the 64 KB the encoding is probed on
    (tmp_path / "r.csv").write_bytes(("编号,登记日期\n" + rows).encode("utf-8") + b"A9,\xff\xfe\n")
    table = read_register(tmp_path / "r.csv")
    assert [problem.code for problem in table.problems] == ["REC006"]
    assert "编码无法识别" in table.problems[0].message
    assert len(table) == 0
    assert all(not column.values for column in table.columns.values())


def test_bound_on_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_CSV_BYTES", 100)
    (tmp_path / "big.csv").write_text("编号,登记日期\n" + "A1,2024-01-01\n" * 20, encoding="utf-8")
    assert "文件过大" in read_register(tmp_path / "big.csv").problems[0].message


def test_bound_on_zip_inflation(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    assert "压缩炸弹" in read_register(path).problems[0].message


def test_bound_on_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_ROWS", 3)
    (tmp_path / "r.csv").write_text(
        "编号,登记日期\n" + "".join(f"A{i},2024-01-01\n" for i in range(5)), encoding="utf-8"
    )
    table = read_register(tmp_path / "r.csv")
    assert codes(table) == ["REC006"]
    assert len(table) == 0  # never a partial count


def test_bound_on_cell_length_and_magnitude(tmp_path: Path) -> None:
    long_number = "9" * 13
    (tmp_path / "r.csv").write_text(
        f"编号,登记日期,延期\n{'X' * 300},2024-01-01,1\nA2,2024-01-01,{long_number}\n", encoding="utf-8"
    )
    table = read_register(tmp_path / "r.csv")
    found = sorted((p.code, p.row, p.column) for p in table.problems)
    assert found == [("REC010", 2, "编号"), ("REC010", 3, "延期")]
    generic = read_file(tmp_path / "r.csv", "t", [Wanted("延期", (), as_any)], sheet=None, header_row=1)
    assert generic.columns["延期"].values[1] is None
    assert [p.message for p in generic.problems] == ["数值过大"]


def test_only_needed_columns_are_held_and_text_only_as_keys(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", HEADER, [["A1", "王小明", "2024-03-01", "来信"]])
    table = read_register(path)
    assert set(table.columns) == {
        spec.name for spec in xinfang.COLUMNS if spec.name in ("编号", "登记日期", "渠道")
    }
    values = [value for column in table.columns.values() for value in column.values]
    assert not any(isinstance(value, str) and not isinstance(value, TextKey) for value in values)
    assert "王小明" not in repr(table)


def test_empty_rows_are_skipped_and_a_long_empty_tail_ends_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_module, "MAX_EMPTY_RUN", 3)
    rows: list[list[object]] = [
        ["A1", "x", "2024-01-01", "来信"],
        [None] * 4,
        [None] * 4,
        [None] * 4,
        ["A9", "y", "2024-01-02", "来信"],
    ]
    table = read_register(write_xlsx(tmp_path / "r.xlsx", HEADER, rows))
    assert table.rows == [2]

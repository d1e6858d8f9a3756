"""The streaming .xlsx reader: the values openpyxl would give, only the columns read, no personal text."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from jixiao.records import table as table_module
from jixiao.records import xlsx
from jixiao.records.register import read_register
from jixiao.records.xlsx import Sheet

from .helpers import write_xlsx

WIDTH = 10


def varied_book(path: Path, **options: object) -> Path:
    """Every kind of cell a register may hold: shared, rich and inline text, numbers, dates under a
    built-in and a custom format, booleans, formulas with their cached values, an error, gaps."""
    book = xlsxwriter.Workbook(str(path), options)
    ws = book.add_worksheet("登记簿")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    chinese_day = book.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    percent = book.add_format({"num_format": "0.00%"})
    ws.write_row(0, 0, ["编号", "日期", "数", "文本", "布尔", "公式", "公式文本", "富文本", "百分比", "时间"])
    ws.write(1, 0, "A1")
    ws.write_datetime(1, 1, datetime(2024, 3, 1), day)
    ws.write_number(1, 2, 15)
    ws.write_string(1, 3, "满意")
    ws.write_boolean(1, 4, True)
    ws.write_formula(1, 5, "=C2*2", None, 30)
    ws.write_formula(1, 6, '="是"', None, "是")
    ws.write_rich_string(1, 7, "基本", bold, "满意")
    ws.write_number(1, 8, 0.9941, percent)
    ws.write_datetime(1, 9, datetime(2024, 2, 29, 13, 30), chinese_day)
    ws.write(2, 0, 2024002)
    ws.write_number(2, 2, 1.5)
    ws.write_string(2, 3, " 有空格 ")
    ws.write_boolean(2, 4, False)
    ws.write_formula(2, 5, "=1/0", None, "#DIV/0!")
    ws.write(5, 0, "A5")  # rows 4 and 5 are not written at all
    ws.write_datetime(5, 1, datetime(1900, 3, 1), day)
    book.close()
    return path


def rewrite_sheet(source: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, change(data) if name == "xl/worksheets/sheet1.xml" else data)
    return target


def openpyxl_rows(path: Path) -> dict[int, list[object]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.active.iter_rows(values_only=True)  # type: ignore[union-attr]
        return {number: list(row) + [None] * (WIDTH - len(row)) for number, row in enumerate(rows, 1)}
    finally:
        book.close()


def streamed_rows(path: Path) -> dict[int, list[object]]:
    sheet = Sheet(zipfile.ZipFile(path), None)
    try:
        return dict(sheet.head(100, WIDTH))
    finally:
        sheet.close()


@pytest.mark.parametrize(
    "variant", ["shared strings", "1904 calendar", "inline strings", "cells without a reference"]
)
def test_every_cell_reads_as_openpyxl_reads_it(tmp_path: Path, variant: str) -> None:
    options = {"1904 calendar": {"date_1904": True}, "inline strings": {"constant_memory": True}}
    path = varied_book(tmp_path / "book.xlsx", **options.get(variant, {}))
    if variant == "cells without a reference":
        path = rewrite_sheet(
            path, tmp_path / "bare.xlsx", lambda xml: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", xml)
        )
        assert b'<c r="' not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    expected = openpyxl_rows(path)
    got = streamed_rows(path)
    assert len(expected) == 6
    for number, row in expected.items():
        assert got.get(number, [None] * WIDTH) == row, number
    assert got[2][1] == datetime(2024, 3, 1)
    assert got[2][7] == "基本满意"


def test_records_read_only_the_columns_asked_for(tmp_path: Path) -> None:
    path = varied_book(tmp_path / "book.xlsx")
    sheet = Sheet(zipfile.ZipFile(path), None)
    try:
        rows = list(sheet.records(1, [3, 0], max_rows=100, max_gap=100))
    finally:
        sheet.close()
    assert rows == [(2, ["满意", "A1"]), (3, [" 有空格 ", 2024002]), (6, [None, "A5"])]


def test_a_string_only_a_personal_column_uses_is_never_made_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real = xlsx._rich_text

    def spy(element: object) -> str:
        text = real(element)
        made.append(text)
        return text

    monkeypatch.setattr(xlsx, "_rich_text", spy)
    rows = [[f"A{i}", f"王某{i}", f"99999919900101{i:04d}", "来信", "2024-03-01"] for i in range(30)]
    path = write_xlsx(tmp_path / "r.xlsx", ["编号", "信访人姓名", "身份证号码", "渠道", "登记日期"], rows)
    assert b"sharedStrings" in zipfile.ZipFile(path).read("[Content_Types].xml")
    table = read_register(path)
    assert len(table) == 30
    assert table.personal == ["信访人姓名", "身份证号码"]
    assert made  # the header and the cells read were made text …
    assert not [text for text in made if "王某" in text or text.startswith("999999")]  # … nothing else


def test_the_row_bound_holds_while_the_rows_are_collected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_module, "MAX_ROWS", 3)
    rows = [[f"A{i}", "2024-01-01"] for i in range(50)]
    path = write_xlsx(tmp_path / "r.xlsx", ["编号", "登记日期"], rows)
    sheet = Sheet(zipfile.ZipFile(path), None)
    try:
        collected = list(sheet.records(1, [0, 1], max_rows=3, max_gap=10))
    finally:
        sheet.close()
    assert len(collected) == 4  # one more than the bound, so the reader can refuse; never all 50
    table = read_register(path)
    assert [problem.code for problem in table.problems] == ["REC006"]
    assert "超过 3 行" in table.problems[0].message
    assert len(table) == 0


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", ["编号", "登记日期", "渠道"], [["A1", "2024-01-01", "来信"]])
    entities = "".join(f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8))
    laughs = f'<!DOCTYPE worksheet [<!ENTITY a "AAAAAAAAAA">{entities}'.encode()
    bombed = rewrite_sheet(
        path, tmp_path / "laughs.xlsx", lambda xml: xml.replace(b"<worksheet", laughs + b"]><worksheet", 1)
    )
    table = read_register(bombed)  # a billion laughs were 10^9 characters; nothing is expanded
    assert len(table) == 1
    assert table.problems == []


def test_a_damaged_sheet_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx", ["编号", "登记日期"], [[f"A{i}", "2024-01-01"] for i in range(200)]
    )
    cut = rewrite_sheet(path, tmp_path / "cut.xlsx", lambda xml: xml[: len(xml) // 2])
    table = read_register(cut)
    assert [problem.code for problem in table.problems] == ["REC006"]
    assert "读取中断" in table.problems[0].message
    assert len(table) == 0  # never a partial count
    lost = tmp_path / "lost.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(lost, "w") as new:
        for name in old.namelist():
            if name != "xl/worksheets/sheet1.xml":
                new.writestr(name, old.read(name))
    assert "已损坏" in read_register(lost).problems[0].message

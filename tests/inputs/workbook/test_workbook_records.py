"""Figures computed from records in the Excel template: the binding columns, the 台账来源 sheet, the blank
信访 register (台账) a department fills, and the bound example's round trip."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jixiao.inputs.workbook import layout
from jixiao.inputs.workbook.read import load_workbook
from jixiao.inputs.workbook.write import write_template, write_workbook
from jixiao.intake import load
from jixiao.pipeline import evaluate
from jixiao.records import xinfang
from jixiao.records.table import is_personal

from .test_workbook import BASIC_OK, comparable, filled_copy

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
BOUND_EXAMPLE = EXAMPLES / "yanfeng-xinfang-2024-records.yaml"
REGISTER_FILE = EXAMPLES / "yanfeng-xinfang-register-2024.xlsx"

# four cases, all accepted and concluded in 2024 inside the evaluation (hand-computed):
# 参评 3/4 (X4 未评价), 满意 2/3 (满意 + 基本满意 over 参评), 按期办结 3/4 (X3 took 90 days of 60)
REGISTER_ROWS = {
    "A2": "X1", "B2": "来信", "C2": datetime(2024, 3, 1), "D2": "是", "E2": datetime(2024, 3, 5),
    "G2": datetime(2024, 4, 10), "L2": "满意",
    "A3": "X2", "B3": "网上", "C3": datetime(2024, 4, 1), "D3": "是", "E3": datetime(2024, 4, 3),
    "G3": datetime(2024, 5, 1), "L3": "基本满意",
    "A4": "X3", "B4": "来访", "C4": datetime(2024, 5, 1), "D4": "是", "E4": datetime(2024, 5, 3),
    "G4": datetime(2024, 8, 1), "L4": "不满意",
    "A5": "X4", "B5": "电话", "C5": "2024-06-01", "D5": "是", "E5": "2024-06-02",
    "G5": "2024/6/20", "L5": "未评价",
}  # fmt: skip
BOUND_INDICATORS = {
    "A2": "满意度指标",
    "C2": "群众满意度",
    "F2": "≥90%",
    "G2": "66.67%",
    "J2": 10,
    "K2": 0,
    "P2": "台账",
    "Q2": "满意率",
    "A3": "产出指标",
    "C3": "按期办结率",
    "F3": "≥90%",
    "G3": "80%",  # stated; the register gives 3/4 = 75 %
    "J3": 10,
    "K3": 0,
    "P3": "台账",
    "Q3": "按期办结率",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "自评模板.xlsx"
    write_template(path)
    return path


def validations(sheet: Any) -> dict[str, tuple[str, str | None]]:
    return {
        str(dv.sqref).split(":")[0]: (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation
    }


def list_values(book: Any, formula: str | None) -> list[str]:
    assert formula is not None
    reference = formula.split("!")[1].replace("$", "")
    return [cell.value for (cell,) in book[layout.LISTS][reference]]


def test_template_has_a_blank_register_with_the_xinfang_columns_and_drop_downs(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    sheet = book[layout.REGISTER]
    headers = [cell.value for cell in sheet[1] if cell.value]
    assert headers == [spec.name for spec in xinfang.COLUMNS]
    assert not [header for header in headers if is_personal(header)]  # no column for names or ID numbers
    assert sheet.max_row == 1  # blank: a department fills it
    assert sheet["A1"].protection.locked
    assert not sheet.column_dimensions["A"].protection.locked  # the columns are open to typing
    rules = validations(sheet)
    assert list_values(book, rules["B2"][1]) == ["来信", "来访", "网上", "电话"]
    assert list_values(book, rules["L2"][1]) == ["满意", "基本满意", "不满意", "未评价"]
    assert list_values(book, rules["D2"][1]) == ["是", "否"]
    assert rules["C2"][0] == "date"
    assert rules["H2"] == ("whole", "0")
    assert sheet.column_dimensions["C"].number_format == "yyyy-mm-dd"


def test_binding_columns_and_the_sources_sheet(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    indicators = [cell.value for cell in book[layout.INDICATORS][1]]
    assert indicators[-2:] == ["计算来源（台账）", "计算公式"]
    rates = [cell.value for cell in book[layout.RATES][1]]
    assert rates[-2:] == ["计算来源（台账）", "计算公式"]
    rules = validations(book[layout.INDICATORS])
    assert list_values(book, rules["Q2"][1]) == [measure.name for measure in xinfang.MEASURES]
    assert list_values(book, rules["P2"][1]) == ["台账"]
    sources = [cell.value for cell in book[layout.RECORD_SOURCES][1]]
    assert sources == [column.header for column in layout.RECORD_SOURCE_COLUMNS]
    assert list_values(book, validations(book[layout.RECORD_SOURCES])["B2"][1]) == ["信访登记簿", "一般台账"]


def test_a_filled_register_computes_the_bound_indicators(template: Path, tmp_path: Path) -> None:
    path = filled_copy(
        template,
        tmp_path,
        {
            layout.BASIC: BASIC_OK,
            layout.INDICATORS: BOUND_INDICATORS,
            layout.RATES: {"A2": "参评率", "B2": 4, "D2": 75, "G2": "台账", "H2": "参评率"},
            layout.REGISTER: REGISTER_ROWS,
        },
    )
    evaluation, issues = load_workbook(path)
    assert evaluation is not None, issues
    assert [(s.name, s.kind, s.sheet, s.file) for s in evaluation.records] == [
        ("台账", "xinfang", "台账", None)
    ]
    result = evaluate(path)
    assert result.records is not None
    figures = {figure.path: (figure.k, figure.n) for figure in result.records.figures}
    assert figures == {
        "indicators.满意度指标.群众满意度": (2, 3),
        "indicators.产出指标.按期办结率": (3, 4),
        "rates[0]": (3, 4),
    }
    stated = [(i.code, i.path, i.sheet, i.cell) for i in result.issues if i.code == "REC002"]
    assert stated == [("REC002", "indicators.产出指标.按期办结率.actual", "指标", "G3")]
    table = result.records.tables[0]
    assert (table.sheet, table.rows) == ("台账", 4)


def test_a_half_filled_binding_is_located(template: Path, tmp_path: Path) -> None:
    cells = {"A2": "满意度指标", "C2": "群众满意度", "P2": "台账"}
    evaluation, issues = load_workbook(
        filled_copy(template, tmp_path, {layout.BASIC: BASIC_OK, layout.INDICATORS: cells})
    )
    assert evaluation is None
    assert [(i.sheet, i.cell) for i in issues] == [("指标", "Q2")]
    assert "formula" in (issues[0].path or "")


def test_a_records_source_row_and_its_values(template: Path, tmp_path: Path) -> None:
    row = {"A2": "培训台账", "B2": "一般台账", "C2": "培训.csv", "E2": 2, "G2": "工作日"}
    evaluation, issues = load_workbook(
        filled_copy(template, tmp_path, {layout.BASIC: BASIC_OK, layout.RECORD_SOURCES: row})
    )
    assert evaluation is not None, issues
    source = evaluation.records[0]
    assert (source.name, source.kind, source.file, source.header_row, source.days) == (
        "培训台账",
        "table",
        "培训.csv",
        2,
        "working",
    )
    assert evaluation.spans["records[0].file"].column == "C"
    _, issues = load_workbook(
        filled_copy(
            template, tmp_path, {layout.BASIC: BASIC_OK, layout.RECORD_SOURCES: {"A2": "x", "B2": "账本"}}
        )
    )
    assert [(i.code, i.sheet, i.cell) for i in issues] == [("INP024", "台账来源", "B2")]


def test_the_bound_example_round_trips_and_computes_the_same(tmp_path: Path) -> None:
    source, issues = load(BOUND_EXAMPLE)
    assert source is not None, issues
    assert source.records
    assert any(node.computed for node in source.rates)
    workbook = tmp_path / "自评.xlsx"
    write_workbook(source, workbook)
    loaded, issues = load_workbook(workbook)
    assert loaded is not None, issues
    assert comparable(loaded) == comparable(source)
    shutil.copy(REGISTER_FILE, tmp_path / REGISTER_FILE.name)  # the source names the file beside it
    from_yaml, from_xlsx = evaluate(BOUND_EXAMPLE), evaluate(workbook)
    assert from_yaml.records is not None
    assert from_xlsx.records is not None
    expected = {figure.path: (figure.k, figure.n) for figure in from_yaml.records.figures}
    assert {figure.path: (figure.k, figure.n) for figure in from_xlsx.records.figures} == expected
    assert expected["rates[0]"] == (111, 125)
    backlog = [i for i in from_xlsx.issues if i.code == "REC002"]
    assert [(i.path, i.sheet, i.cell) for i in backlog] == [("rates[0].rate", "比率", "D2")]

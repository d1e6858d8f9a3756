"""The 绩效自评表 read back with openpyxl: values, formulas, merged category cells, total."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jixiao.pipeline import Result
from jixiao.render import render_result
from jixiao.report import ReportView


@pytest.fixture(scope="module")
def xlsx_path(tmp_path_factory: pytest.TempPathFactory, dept_result: Result) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "自评表.xlsx"
    render_result(dept_result, "xlsx", path)
    return path


def rows_by_label(sheet) -> dict[str, tuple]:
    return {str(row[0]).strip("　"): row for row in sheet.iter_rows(values_only=True) if row[0]}


def test_funds_block_agrees_with_the_report(xlsx_path: Path, dept_data: dict) -> None:
    sheet = openpyxl.load_workbook(xlsx_path, data_only=True)["绩效自评表"]
    rows = rows_by_label(sheet)
    basic, project = dept_data["budget"]["basic"], dept_data["budget"]["project"]
    total = rows["年度资金总额"]
    assert total[2:5] == (
        pytest.approx(basic["initial"] + project["initial"]),
        pytest.approx(basic["adjusted"] + project["adjusted"]),
        pytest.approx(basic["executed"] + project["executed"]),
    )
    assert total[5] == 10  # 分值
    assert total[6] == pytest.approx(1.0)  # 执行率 303.55 / 303.55
    assert total[7] == 10  # 得分
    assert rows["基本支出"][4] == pytest.approx(163.09)
    assert rows["其中：人员经费"][4] == pytest.approx(149.27)
    assert rows["一般公共预算"][4] == pytest.approx(303.55)
    assert sheet["A1"].value == "2024年度部门整体支出绩效自评表"


def test_rates_and_total_are_formulas(xlsx_path: Path) -> None:
    sheet = openpyxl.load_workbook(xlsx_path)["绩效自评表"]
    formulas = [
        c.value
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert any("/" in f for f in formulas)  # 执行率 = 执行数 / 预算数
    assert any("SUM(" in f for f in formulas)  # 总分


def test_indicator_block_with_merged_categories(xlsx_path: Path, dept_view: ReportView) -> None:
    book = openpyxl.load_workbook(xlsx_path, data_only=True)
    sheet = book["绩效自评表"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "一级指标")
    assert [c.value for c in header] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    first = header[0].row + 1
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{first}:A{first + 4}" in merged  # 产出指标: five indicators
    assert sheet.cell(first, 1).value == "产出指标"
    assert f"A{first + 5}:A{first + 7}" in merged  # 效益指标: three
    weinwen = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "维稳工作")
    assert weinwen[5:7] == (10, 10)  # declared 12, capped at the weight
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "总分")
    scores = [r.score for r in dept_view.indicator_rows] + [dept_view.budget_rows[0].score]
    assert Decimal(str(total[6])) == sum(scores, Decimal(0)) == dept_view.total_score
    assert total[5] == 100
    assert total[7] == "评价等级：优"


def test_notes_sheet_lists_the_corrections(xlsx_path: Path, dept_view: ReportView) -> None:
    sheet = openpyxl.load_workbook(xlsx_path)["说明"]
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert dept_view.notes
    for note in dept_view.notes:
        assert note in values

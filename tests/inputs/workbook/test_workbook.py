"""The Excel input workbook: the template's make-up, filling and loading, round trips, located errors."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.inputs import guard
from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.inputs.structured.yaml_io import parse_yaml_text
from jixiao.inputs.workbook import layout
from jixiao.inputs.workbook.cells import decimal_of, format_decimals
from jixiao.inputs.workbook.read import load_workbook
from jixiao.inputs.workbook.write import write_template, write_workbook
from jixiao.intake import load
from jixiao.model import Evaluation

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

FIXTURE_YAML = """
department: 某县农业农村局
year: 2023
kind: project
project: 高标准农田建设
province: 四川
ruleset: cz2020-self
budget:
  total: {initial: 1200, adjusted: 1350.5, executed: 1290.275, rate: 95.54%}
  basic:
    adjusted: 300.00
    executed: 299.1
    personnel: {executed: 250.1, share: 83.6%}
    public: {executed: 49, share: 16.4%}
  project:
    adjusted: 1050.5
    executed: 991.175
    additions: 150.5
    reductions: 0
    items:
      - {name: 农田改造, adjusted: 800, executed: 760.125, rate: 95.02%, carryover: 20}
      - {name: 技术培训, adjusted: 250.5, executed: 231.05, note: 含上年结转}
  sources:
    general_public: {adjusted: 1300.5, executed: 1240.275}
    other: {adjusted: 50, executed: 50}
indicators:
  - {name: 预算执行率, kind: execution_rate, weight: 10, score: 9.55}
  - name: 产出指标
    weight: 50
    score: 47.5
    deduction: 2.5
    children:
      - name: 数量指标
        weight: 30
        children:
          - {name: 改造面积, target: "≥5000", actual: "4750", unit: 亩, weight: 30, score: 28.5}
      - name: 成本指标
        children:
          - {name: 亩均成本, target: "≤1600", actual: "1580", unit: 元, weight: 20, score: 20}
  - name: 效益指标
    weight: 30
    score: 27
    children:
      - name: 社会效益指标
        children:
          - name: 农户增收
            kind: qualitative
            target: 明显提升
            actual: 部分提升
            band: 部分达成年度指标并具有一定效果
            weight: 30
            score: 21
            reason: |-
              受旱情影响，部分地块未能按期见效。
              下一步加强灌溉设施管护。
  - name: 满意度指标
    weight: 10
    score: 9
    children:
      - {name: 农户满意度, target: "≥90%", actual: "92.5%", weight: 10, score: 9}
rates:
  - {label: 参评率, base: 400, count: 380, rate: 95%, indicator: indicators.满意度指标.农户满意度}
  - {label: 满意率, base_of: 参评率, rate: 92.5%}
declared: {total_score: 93.05, grade: 优}
narrative:
  title: 2023年度高标准农田建设项目支出绩效自评报告
  staff: 45
  functions: [负责农田建设规划, 负责农业技术推广]
  summary: 年度目标基本完成。
  problems: [项目进度偏慢]
  measures: [加强调度, 完善考核]
dept: {staff_quota: 50, staff_actual: 45, sangong_budget: 12.5, sangong_actual: 10.26}
"""


def fixture_evaluation() -> Evaluation:
    data, _lines = parse_yaml_text(FIXTURE_YAML)
    evaluation, issues = build_evaluation(data, {}, file=None, fmt="yaml")
    assert evaluation is not None, issues
    return evaluation


def comparable(evaluation: Evaluation) -> dict[str, Any]:
    return evaluation.model_dump(exclude={"spans", "source"})


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "自评模板.xlsx"
    write_template(path)
    return path


def filled_copy(template: Path, tmp_path: Path, cells: dict[str, dict[str, Any]]) -> Path:
    """A copy of the template with ``cells`` ({sheet: {"B3": value}}) set by openpyxl (tests only)."""
    book = openpyxl.load_workbook(template)
    for sheet, values in cells.items():
        for ref, value in values.items():
            if isinstance(value, tuple):
                book[sheet][ref].value, book[sheet][ref].number_format = value
            else:
                book[sheet][ref].value = value
    path = tmp_path / "自评.xlsx"
    book.save(path)
    return path


BASIC_OK = {"B3": "测试局", "B4": 2024}


# --- the template --------------------------------------------------------------------------------


def test_template_has_the_sheets_and_a_hidden_list_sheet(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == [
        layout.README,
        layout.BASIC,
        layout.BUDGET,
        layout.INDICATORS,
        layout.RATES,
        layout.PROBLEMS,
        layout.RECORD_SOURCES,
        layout.REGISTER,
        layout.EXAMPLE,
        layout.LISTS,
    ]
    assert book[layout.LISTS].sheet_state == "hidden"
    lists = book[layout.LISTS]
    level1 = [lists.cell(row, 1).value for row in range(2, 6)]
    assert level1 == ["预算执行率", "产出指标", "效益指标", "满意度指标"]
    assert "数量指标" in [lists.cell(row, 2).value for row in range(2, 14)]


def test_template_headers_carry_comments_and_number_formats(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    budget = book[layout.BUDGET]
    headers = [budget.cell(1, col).value for col in range(1, len(layout.BUDGET_COLUMNS) + 1)]
    assert headers == [column.header for column in layout.BUDGET_COLUMNS]
    assert budget["C1"].comment is not None
    assert "万元" in budget["C1"].comment.text
    indicators = book[layout.INDICATORS]
    for col, column in enumerate(layout.INDICATOR_COLUMNS, start=1):
        assert indicators.cell(1, col).comment.text == column.comment
    assert budget["C2"].number_format == "0.00"
    assert budget["A2"].value == "部门预算合计"
    assert [budget.cell(row, 1).value for row in (13, 50)] == ["项目", "项目"]


def test_template_drop_downs_refer_to_the_hidden_sheet(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    rules = {
        str(dv.sqref): (dv.type, dv.formula1)
        for dv in book[layout.INDICATORS].data_validations.dataValidation
    }
    assert rules["A2:A201"] == ("list", f"'{layout.LISTS}'!$A$2:$A$5")
    assert rules["E2:E201"] == ("list", f"'{layout.LISTS}'!$D$2:$D$4")
    assert rules["J2:J201"][0] == "decimal"
    basic = {str(dv.sqref): dv for dv in book[layout.BASIC].data_validations.dataValidation}
    assert basic["B2"].formula1 == f"'{layout.LISTS}'!$G$2:$G$3"
    assert (basic["B4"].type, basic["B4"].formula1, basic["B4"].formula2) == ("whole", "1990", "2100")
    # the same in the raw XML an independent reader sees
    with zipfile.ZipFile(template) as archive:
        xml = archive.read("xl/worksheets/sheet4.xml").decode()
    assert "<dataValidation" in xml
    assert "<formula1>'下拉选项'!$C$2:$C$4</formula1>" in xml


def test_template_locks_headers_and_leaves_inputs_open(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    for name in layout.INPUT_SHEETS:
        assert book[name].protection.sheet, name
        assert book[name]["A1"].protection.locked, name
    budget, basic = book[layout.BUDGET], book[layout.BASIC]
    assert budget["A2"].protection.locked
    assert not budget["C2"].protection.locked
    assert not basic["B3"].protection.locked
    assert budget.freeze_panes == "C2"
    assert book[layout.INDICATORS].freeze_panes == "D2"


def test_example_sheet_is_filled(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)[layout.EXAMPLE]
    texts = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {"衡阳市雁峰区信访局", "群众满意度", "接待群众来访批次", "≥90%"} <= texts


def test_blank_template_names_the_missing_required_cells(template: Path) -> None:
    evaluation, issues = load_workbook(template)
    assert evaluation is None
    assert [(i.code, i.sheet, i.cell) for i in issues] == [
        ("INP026", "基本信息", "B3"),
        ("INP026", "基本信息", "B4"),
    ]
    assert "部门（单位）名称" in issues[0].message


# --- filling and loading ---------------------------------------------------------------------------


def test_filled_template_loads_into_the_model(template: Path, tmp_path: Path) -> None:
    path = filled_copy(
        template,
        tmp_path,
        {
            layout.BASIC: {**BASIC_OK, "B7": "cz2020-self", "B8": 98.5, "B10": 12, "B12": "职能一\n\n职能二"},
            layout.BUDGET: {
                "B2": "财政拨款",
                "C2": 230.52,
                "D2": 303.55,
                "E2": 303.06,
                "F2": (0.9983, "0.00%"),  # what Excel stores for a typed "99.83%"
                "E4": 149.26999999999998,  # a formula's binary noise
                "E5": "138200元",
                "F5": "8.47%",
                "B13": "信访维稳",
                "D13": 95,
                "E13": 95,
                "B14": "信访工作经费",
                "E14": 45.46,
            },
            layout.INDICATORS: {
                "A2": "预算执行率",
                "D2": "执行率",
                "J2": 10,
                "K2": (9.983, "0.00"),  # shown as 9.98
                "A3": "产出指标",
                "J3": 50,
                "C4": "接待来访批次",
                "D4": "定量",
                "E4": "≥",
                "F4": 700,
                "G4": "716",
                "H4": "批",
                "J4": 50,
                "K4": 50,
                "A5": "满意度指标",
                "B5": "服务对象满意度指标",
                "C5": "群众满意度",
                "F5": (0.9, "0%"),
                "G5": "99.41%",
                "J5": 10,
                "K5": 10,
            },
            layout.RATES: {"A2": "满意率", "B2": 857, "D2": 99.41},
            layout.PROBLEMS: {"A2": "预算编制不够精准", "B2": "加强预算执行分析", "B3": "完善绩效目标"},
        },
    )
    evaluation, issues = load_workbook(path)
    assert issues == []
    assert evaluation is not None
    assert (evaluation.department, evaluation.year, evaluation.kind) == ("测试局", 2024, "department")
    assert evaluation.declared.total_score == Decimal("98.5")
    assert evaluation.narrative.functions == ["职能一", "职能二"]
    total = evaluation.budget.total
    assert total is not None
    assert (total.name, total.initial, total.executed) == ("财政拨款", Decimal("230.52"), Decimal("303.06"))
    assert total.rate is not None
    assert (total.rate.value, total.rate.decimals) == (Decimal("99.83"), 2)
    basic = evaluation.budget.basic
    assert basic is not None
    assert basic.personnel is not None
    assert basic.public is not None
    assert str(basic.personnel.executed) == "149.27"
    assert basic.public.executed == Decimal("13.82")
    project = evaluation.budget.project
    assert project is not None
    assert [(i.name, i.executed) for i in project.items] == [
        ("信访维稳", Decimal(95)),
        ("信访工作经费", Decimal("45.46")),
    ]
    names = [(node.name, [c.name for c in node.children]) for node in evaluation.indicators]
    assert names == [
        ("预算执行率", []),
        ("产出指标", ["接待来访批次"]),
        ("满意度指标", ["服务对象满意度指标"]),
    ]
    assert evaluation.indicators[0].score == Decimal("9.98")
    assert evaluation.indicators[0].kind == "execution_rate"
    count = evaluation.indicators[1].children[0]
    assert (count.direction, count.target, count.target_value, count.unit) == (
        ">=",
        "700",
        Decimal(700),
        "批",
    )
    satisfaction = evaluation.indicators[2].children[0].children[0]
    assert (satisfaction.target, satisfaction.actual_value) == ("90%", Decimal("99.41"))
    assert evaluation.rates[0].base == 857
    assert evaluation.narrative.measures == ["加强预算执行分析", "完善绩效目标"]
    assert evaluation.spans["budget.total.executed"].model_dump(exclude_none=True) == {
        "sheet": "预算",
        "line": 2,
        "column": "E",
    }
    assert evaluation.spans["indicators.产出指标.接待来访批次.weight"].column == "J"
    assert evaluation.source is not None
    assert evaluation.source.format == "xlsx"


def test_level_names_left_blank_mean_as_above(template: Path, tmp_path: Path) -> None:
    rows = {
        "A2": "产出指标",
        "B2": "数量指标",
        "C2": "甲",
        "C3": "乙",
        "B4": "质量指标",
        "C5": "丙",
        "A6": "效益指标",
        "C6": "丁",
        "C7": "戊",
    }
    path = filled_copy(template, tmp_path, {layout.BASIC: BASIC_OK, layout.INDICATORS: rows})
    evaluation, issues = load_workbook(path)
    assert evaluation is not None, issues

    def tree(nodes: list[Any]) -> list[Any]:
        return [(n.name, tree(n.children)) if n.children else n.name for n in nodes]

    assert tree(evaluation.indicators) == [
        ("产出指标", [("数量指标", ["甲", "乙"]), ("质量指标", ["丙"])]),
        ("效益指标", ["丁", "戊"]),
    ]


# --- errors name the sheet, the row and the column ----------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "code", "sheet", "cell", "words"),
    [
        ({layout.BUDGET: {"E2": "abc"}}, "INP024", "预算", "E2", "不是金额"),
        ({layout.BUDGET: {"C3": -5}}, "INP025", "预算", "C3", "负数"),
        ({layout.BUDGET: {"F2": "九十"}}, "INP024", "预算", "F2", "不是百分数"),
        ({layout.BUDGET: {"D13": 10}}, "INP027", "预算", "B13", "项目名称"),
        ({layout.BASIC: {"B4": "二〇二四年"}}, "INP024", "基本信息", "B4", "整数"),
        ({layout.BASIC: {"B3": None}}, "INP026", "基本信息", "B3", "必填"),
        ({layout.BASIC: {"B2": "单位"}}, "INP024", "基本信息", "B2", "不是可选值"),
        ({layout.INDICATORS: {"A2": "产出指标", "D2": "半定量"}}, "INP024", "指标", "D2", "不是可选值"),
        ({layout.INDICATORS: {"J2": 5}}, "INP027", "指标", "A2", "没有指标名称"),
        ({layout.INDICATORS: {"C2": "甲", "J2": 5}}, "INP027", "指标", "A2", "一级指标"),
        ({layout.INDICATORS: {"A2": "产出指标", "K2": "十分"}}, "INP024", "指标", "K2", "不是分数"),
        ({layout.RATES: {"A2": "满意率", "B2": 85.5}}, "INP024", "比率", "B2", "整数"),
        # numbers beyond any figure: NaN made the comparison with 0 raise, 1e999999 overflowed later
        ({layout.INDICATORS: {"A2": "产出指标", "K2": "NaN"}}, "INP024", "指标", "K2", "有限"),
        ({layout.INDICATORS: {"A2": "产出指标", "K2": "1e999999"}}, "INP024", "指标", "K2", "超出"),
        ({layout.BUDGET: {"E2": 1e300}}, "INP024", "预算", "E2", "超出"),
    ],
)
def test_bad_cells_are_located(
    template: Path, tmp_path: Path, cells: dict[str, Any], code: str, sheet: str, cell: str, words: str
) -> None:
    merged = {layout.BASIC: dict(BASIC_OK)}
    for name, values in cells.items():
        merged.setdefault(name, {}).update(values)
    evaluation, issues = load_workbook(filled_copy(template, tmp_path, merged))
    assert evaluation is None
    assert [(i.code, i.sheet, i.cell) for i in issues] == [(code, sheet, cell)]
    assert words in issues[0].message
    assert f"第 {cell[1:]} 行" in issues[0].message
    assert issues[0].where().endswith(f"[{sheet}!{cell}]")


def test_model_validation_errors_keep_the_cell(template: Path, tmp_path: Path) -> None:
    path = filled_copy(template, tmp_path, {layout.BASIC: {"B3": "测试局", "B4": 1800}})
    evaluation, issues = load_workbook(path)
    assert evaluation is None
    assert [(i.code, i.sheet, i.cell, i.path) for i in issues] == [("INP010", "基本信息", "B4", "year")]


def test_unknown_layouts_are_refused(template: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "随便什么"
    book.save(other)
    evaluation, issues = load_workbook(other)
    assert evaluation is None
    assert [i.code for i in issues] == ["INP023"]
    assert "基本信息" in issues[0].message

    path = filled_copy(template, tmp_path, {layout.BASIC: BASIC_OK, layout.BUDGET: {"A1": "甲", "A3": "乙"}})
    _, issues = load_workbook(path)
    assert [(i.code, i.sheet, i.cell) for i in issues] == [("INP023", "预算", "A1")]


def test_unknown_budget_row_is_named(template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template)
    book[layout.BASIC]["B3"], book[layout.BASIC]["B4"] = "测试局", 2024
    book[layout.BUDGET]["A7"] = "其他支出"
    path = tmp_path / "x.xlsx"
    book.save(path)
    _, issues = load_workbook(path)
    assert [(i.code, i.cell) for i in issues] == [("INP023", "A7")]
    assert "其他支出" in issues[0].message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"department: x\n", "INP020"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "INP021"),
        (b"PK\x03\x04 broken zip", "INP020"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    evaluation, issues = load(path)
    assert evaluation is None
    assert [i.code for i in issues] == [code]
    assert issues[0].file == str(path)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "报告.xlsx"  # a Word document renamed
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    evaluation, issues = load_workbook(path)
    assert evaluation is None
    assert [(i.code, i.file) for i in issues] == [("INP020", str(path))]
    assert "不是 Excel 工作簿" in issues[0].message


def test_damaged_workbook_content(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    evaluation, issues = load_workbook(path)
    assert evaluation is None
    assert [i.code for i in issues] == ["INP020"]


def test_huge_workbooks_are_refused(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(guard.LIMITS, "xlsx", guard.Limits(max_bytes=1000, max_inflated=10**9))
    _, issues = load_workbook(template)
    assert [i.code for i in issues] == ["INP022"]
    monkeypatch.setitem(guard.LIMITS, "xlsx", guard.Limits(max_bytes=10**9, max_inflated=10_000))
    _, issues = load_workbook(template)
    assert [i.code for i in issues] == ["INP022"]


def test_a_workbook_whose_shared_strings_inflate_hundreds_of_times_is_refused(
    template: Path, tmp_path: Path
) -> None:
    # the shape of a real attack: a valid workbook whose sharedStrings.xml is a few KB packed and
    # hundreds of times that inflated (a 514 KB file inflating to 190 MB cost openpyxl 125 s)
    path = tmp_path / "bomb.xlsx"
    strings = b"<sst>" + b"<si><t>" + b"\xe9\xa2\x84" * (2 * 1024 * 1024) + b"</t></si></sst>"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", strings)
    assert path.stat().st_size < 200_000
    evaluation, issues = load_workbook(path)
    assert evaluation is None
    assert [i.code for i in issues] == ["INP022"]
    assert "压缩比异常" in issues[0].message
    assert "sharedStrings.xml" in issues[0].message


def test_too_many_rows(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "MAX_ROWS", 30)
    _, issues = load_workbook(template)
    assert [i.code for i in issues] == ["INP022"]
    assert "超过 30 行" in issues[0].message


# --- numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number_format", "decimals"),
    [("General", None), ("0.00", 2), ("0", 0), ("#,##0.000", 3), ("0.0%", 1), ('0.00"万元"', 2), ("@", None)],
)
def test_format_decimals(number_format: str, decimals: int | None) -> None:
    assert format_decimals(number_format) == decimals


@pytest.mark.parametrize(
    ("value", "text"), [(303.06, "303.06"), (149.26999999999998, "149.27"), (0.1 + 0.2, "0.3"), (95, "95")]
)
def test_excel_numbers_become_the_decimals_excel_shows(value: float, text: str) -> None:
    assert str(decimal_of(value)) == text


# --- round trips ------------------------------------------------------------------------------------


def test_round_trip_of_the_seed_example(tmp_path: Path) -> None:
    source, issues = load(EXAMPLES / "yanfeng-xinfang-2024.yaml")
    assert source is not None, issues
    path = tmp_path / "seed.xlsx"
    write_workbook(source, path)
    loaded, issues = load_workbook(path)
    assert issues == []
    assert loaded is not None
    assert comparable(loaded) == comparable(source)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_round_trip_of_every_example(tmp_path: Path, example: str) -> None:
    source, issues = load(EXAMPLES / example)
    assert source is not None, issues
    write_workbook(source, tmp_path / "x.xlsx")
    loaded, issues = load_workbook(tmp_path / "x.xlsx")
    assert loaded is not None, issues
    assert comparable(loaded) == comparable(source)


def test_round_trip_of_a_project_with_every_column(tmp_path: Path) -> None:
    source = fixture_evaluation()
    write_workbook(source, tmp_path / "x.xlsx")
    loaded, issues = load_workbook(tmp_path / "x.xlsx")
    assert loaded is not None, issues
    assert comparable(loaded) == comparable(source)
    assert loaded.budget.total is not None
    assert loaded.budget.total.rate is not None
    assert loaded.budget.total.rate.decimals == 2
    assert (
        loaded.indicators[2].children[0].children[0].reason
        == source.indicators[2].children[0].children[0].reason
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    rate=st.integers(0, 3).flatmap(
        lambda places: st.decimals(min_value=0, max_value=200, places=places, allow_nan=False)
    ),
)
def test_amounts_and_rates_keep_their_digits(tmp_path: Path, amount: Decimal, rate: Decimal) -> None:
    source = fixture_evaluation()
    assert source.budget.total is not None
    source.budget.total.executed = amount
    source.budget.total.rate = source.budget.total.rate.model_copy(
        update={"value": rate, "decimals": -rate.as_tuple().exponent, "text": f"{rate}%"}
    )  # type: ignore[union-attr]
    write_workbook(source, tmp_path / "h.xlsx")
    loaded, issues = load_workbook(tmp_path / "h.xlsx")
    assert loaded is not None, issues
    assert loaded.budget.total is not None
    assert loaded.budget.total.executed == amount
    assert str(loaded.budget.total.rate.value) == str(rate)  # type: ignore[union-attr]


# --- the command line ---------------------------------------------------------------------------------


def test_cli_template_and_check_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    template = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["template", "-o", str(template)])
    assert result.exit_code == 0, result.output
    assert template.is_file()

    blank = runner.invoke(app, ["check", str(template)])
    assert blank.exit_code == 2
    assert "[基本信息!B3]" in blank.output

    source, _ = load(EXAMPLES / "yanfeng-xinfang-2024.yaml")
    assert source is not None
    filled = tmp_path / "自评.xlsx"
    write_workbook(source, filled)
    from_yaml = runner.invoke(app, ["check", str(EXAMPLES / "yanfeng-xinfang-2024.yaml"), "--format", "json"])
    from_xlsx = runner.invoke(app, ["check", str(filled), "--format", "json"])
    assert from_xlsx.exit_code == from_yaml.exit_code == 1  # the seed report has real errors
    assert _codes(from_xlsx.output) == _codes(from_yaml.output)
    assert "预算" in from_xlsx.output  # issues point into the workbook

    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 2
    assert "INP020" in result.output
    assert "Traceback" not in result.output


def _codes(output: str) -> list[str]:
    import json

    return sorted(issue["code"] for issue in json.loads(output)["issues"])


# --- LibreOffice reads the file -----------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_reads_and_resaves_the_workbook(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is a declared system dependency and must be installed")
    source = fixture_evaluation()
    filled = tmp_path / "in" / "自评.xlsx"
    filled.parent.mkdir()
    write_workbook(source, filled)
    out = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = out / "自评.xlsx"
    assert resaved.is_file()
    loaded, issues = load_workbook(resaved)  # written by LibreOffice, read by us: the same model
    assert loaded is not None, issues
    assert comparable(loaded) == comparable(source)
    book = openpyxl.load_workbook(resaved)
    assert book[layout.LISTS].sheet_state == "hidden"
    assert book[layout.INDICATORS].data_validations.dataValidation  # validations survived LibreOffice

"""Table layouts of published forms: positional budget rows, flattened and sparse indicator rows."""

from __future__ import annotations

from decimal import Decimal

from jixiao.intake import extract_text


def amounts(text: str) -> list[str]:
    evaluation, _ = extract_text(text)
    return [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == "amount"]


BUDGET_FORM = (
    "部门整体支出绩效自评表 | | |\n"
    "单位名称 | 某县某乡人民政府 | |\n"
    "整体资金(万元) | 来源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | 得分计算方法 |\n"
    "年度资金总额: | 500.5 | 480.25 | 10 | 9 | 执行率乘以分值 |\n"
    "基本支出 | 300.5 | 290.25 |\n"
    "10 | 9 |\n"
    "项目支出 | 200 | 190 | 10 | 9 |\n"
)


def test_budget_columns_without_a_rate_are_read_by_position() -> None:
    evaluation, _ = extract_text(BUDGET_FORM)
    assert amounts(BUDGET_FORM) == [
        "500.5万元",
        "480.25万元",
        "300.5万元",
        "290.25万元",
        "200万元",
        "190万元",
    ]
    total = evaluation.budget.total
    assert total is not None
    assert (total.initial, total.adjusted, total.executed) == (Decimal("500.5"), None, Decimal("480.25"))
    execution = evaluation.indicators[0]
    assert (execution.name, execution.weight, execution.score) == ("预算执行率", 10, 9)


def test_positional_reading_needs_the_header_unit_and_a_full_row() -> None:
    no_unit = BUDGET_FORM.replace("(万元)", "")
    assert "500.5万元" not in amounts(no_unit)
    extra = BUDGET_FORM.replace("| 10 | 9 | 执行率", "| 10 | 9 | 3 | 执行率")  # one number too many
    assert "480.25万元" not in amounts(extra)
    implausible = BUDGET_FORM.replace("| 10 | 9 | 执行率", "| 10 | 12 | 执行率")  # score above weight
    assert "480.25万元" not in amounts(implausible)


def test_a_total_row_left_at_zero_gives_no_total() -> None:
    text = BUDGET_FORM.replace("| 500.5 | 480.25 | 10 | 9 |", "| 0 | 0 | 10 | 0 |")
    evaluation, _ = extract_text(text)
    assert evaluation.budget.total is None or evaluation.budget.total.initial is None
    assert "0万元" not in amounts(text)


PROJECT_FORM = (
    "报表编号:0001 |\n"
    "项目支出绩效自评表(2023年度) |\n"
    "项目名称 |\n"
    "5100001234R000000099-道路养护经费 |\n"
    "主管部门 |\n"
    "某县交通运输局 |\n"
    "实施单位 |\n"
    "某县公路事务中心 |\n"
)


def test_a_project_form_is_a_project_with_its_name() -> None:
    evaluation, _ = extract_text(PROJECT_FORM)
    assert evaluation.kind == "project"
    assert evaluation.project == "道路养护经费"
    assert evaluation.spans["project"].line == 4


def test_a_departmental_report_with_project_forms_stays_a_department() -> None:
    text = "某县交通运输局2023年度部门整体支出绩效自评报告\n" + PROJECT_FORM
    evaluation, _ = extract_text(text)
    assert evaluation.kind == "department"
    assert evaluation.project is None


FLAT_TABLE = (
    "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
    "产出指标(60分) 数量指标 路面修补面积 ≥800平方米 820 20 20 "
    "质量指标 验收合格率 ≥95% 96 20 20 "
    "资金使用合规性 符合财务制度 达到目标 20 20 "
    "效益指标(30分) 社会效益指标 群众出行条件 明显改善 基本达到 30 25\n"
)


def test_space_flattened_indicator_rows_are_cut_into_categories_names_and_values() -> None:
    evaluation, _ = extract_text(FLAT_TABLE)
    rows = {
        (level1.name, level2.name, leaf.name): (leaf.target, leaf.actual, leaf.weight, leaf.score)
        for level1 in evaluation.indicators
        for level2 in level1.children
        for leaf in level2.children
    }
    assert rows == {
        ("产出指标", "数量指标", "路面修补面积"): ("≥800平方米", "820", 20, 20),
        ("产出指标", "质量指标", "验收合格率"): ("≥95%", "96", 20, 20),
        ("产出指标", "质量指标", "资金使用合规性"): ("符合财务制度", "达到目标", 20, 20),
        ("效益指标", "社会效益指标", "群众出行条件"): ("明显改善", "基本达到", 30, 25),
    }


def test_a_flattened_row_with_a_word_too_many_is_left_out() -> None:
    text = FLAT_TABLE.replace("资金使用合规性 符合", "资金 使用合规性 符合")
    evaluation, _ = extract_text(text)
    names = [
        leaf.name
        for level1 in evaluation.indicators
        for level2 in level1.children
        for leaf in level2.children
    ]
    assert "路面修补面积" in names
    assert not any("使用合规性" in name for name in names)


def one_cell_per_line(cells: list[str]) -> str:
    """Each cell on its own line followed by ``|``; an empty cell is a line holding only ``|``."""
    return "".join(f"{cell} |\n" if cell else "|\n" for cell in cells)


SPARSE_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "完成值",
    "权重",
    "得分",
    "未完成原因分析",
]
SPARSE_ROWS = [
    ["产出指标", "数量指标", "补助发放到位率", "=", "100", "%", "", "50", "", ""],
    ["效益指标", "社会效益指标", "受助对象覆盖率", "≥", "95", "%", "97", "40", "38", ""],
    ["合计", "100", "", ""],
]
SPARSE_TABLE = one_cell_per_line([*SPARSE_HEADER, *(cell for row in SPARSE_ROWS for cell in row)])


def test_one_cell_per_line_rows_keep_empty_cells_and_symbol_and_unit_cells() -> None:
    evaluation, _ = extract_text(SPARSE_TABLE)
    rows = {
        leaf.name: (level1.name, leaf.target, leaf.actual, leaf.weight, leaf.score)
        for level1 in evaluation.indicators
        for level2 in level1.children
        for leaf in level2.children
    }
    assert rows == {
        "补助发放到位率": ("产出指标", "=100%", None, 50, None),
        "受助对象覆盖率": ("效益指标", "≥95%", "97", 40, 38),
    }


def test_a_text_in_the_score_column_is_not_a_missing_score() -> None:
    text = SPARSE_TABLE.replace("50 |\n|\n", "50 |\n未评 |\n", 1)
    evaluation, _ = extract_text(text)
    names = [
        leaf.name
        for level1 in evaluation.indicators
        for level2 in level1.children
        for leaf in level2.children
    ]
    assert names == ["受助对象覆盖率"]


def test_table_indicators_with_a_numeric_target_are_scored_by_the_rules() -> None:
    from jixiao.pipeline import evaluate
    from jixiao.rules import load_ruleset

    text = FLAT_TABLE.replace("≥800平方米 820 20 20", "≥800平方米 600 20 20")  # missed, full marks claimed
    evaluation, _ = extract_text(text)
    leaves = {
        leaf.name: leaf
        for level1 in evaluation.indicators
        for level2 in level1.children
        for leaf in level2.children
    }
    area = leaves["路面修补面积"]
    assert (area.kind, area.direction, area.target_value, area.actual_value) == (
        "quantitative",
        ">=",
        800,
        600,
    )
    assert leaves["资金使用合规性"].kind == "qualitative"
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    result = evaluate(evaluation, ruleset)
    finding = next(i for i in result.issues if i.code == "SCO005")
    assert (finding.path, finding.expected, finding.found) == (
        "indicators.产出指标.数量指标.路面修补面积.score",
        "15",
        "20",
    )


def test_money_units_in_traditional_characters() -> None:
    # a government page served in 繁體
    text = "2024年上半年，我鎮實現財政收入86,928萬元，完成年初預算57%，一般公共預算收入4.5億元。\n"
    assert amounts(text) == ["86928万元", "4.5亿元"]


def test_numbers_listed_before_a_shared_unit() -> None:
    # a 决算说明 phrase: 收、支总计各是A,B万元; a comma between numbers with decimals separates them
    text = "2023年度收、支总计各是3125.49,3143.91万元,与上年相比各减少267.86、570.97万元。\n"
    assert amounts(text) == ["3125.49万元", "3143.91万元", "267.86万元", "570.97万元"]
    assert amounts("资金1,234,567.00元,第1、2、3批共计120万元。\n") == ["1234567.00元", "120万元"]

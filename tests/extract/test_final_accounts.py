"""Final-accounts documents: parts that restart numbering, a table of contents, the unit named in a part."""

from __future__ import annotations

from jixiao.intake import extract_text
from jixiao.pipeline import evaluate

FINAL_ACCOUNTS = (
    "某县某局2024年度部门决算\n"
    "目录\n"
    "第一部分 某县某局概况\n"
    "一、主要职责\n"
    "二、机构设置\n"
    "第二部分 2024年度部门决算情况说明\n"
    "一、收入支出决算总体情况说明\n"
    "二、收入决算情况说明\n"
    "第一部分 某县某局概况\n"
    "一、主要职责\n"
    "负责本县某项工作。\n"
    "二、机构设置\n"
    "第二部分 2024年度部门决算情况说明\n"
    "一、收入支出决算总体情况说明\n"
    "二、收入决算情况说明\n"
)


def test_parts_are_headings_and_the_contents_are_left_out() -> None:
    evaluation, _ = extract_text(FINAL_ACCOUNTS)
    numbers = [section.number for section in evaluation.narrative.outline]
    assert numbers == ["第一部分", "一、", "二、", "第二部分", "一、", "二、"]
    assert evaluation.narrative.outline[0].line == 9


def test_numbering_restarting_under_each_part_is_not_an_error() -> None:
    evaluation, _ = extract_text(FINAL_ACCOUNTS)
    codes = [issue.code for issue in evaluate(evaluation).issues]
    assert "DOC001" not in codes


def test_a_part_naming_the_unit_comes_before_the_publisher() -> None:
    text = "信息来源:某市财政局\n目录\n第一部分 某市某办公室概况\n一、部门职责\n二、机构设置\n"
    evaluation, _ = extract_text(text)
    assert evaluation.department == "某市某办公室"


def test_a_year_before_the_unit_is_not_part_of_its_name() -> None:
    evaluation, _ = extract_text(
        "发布日期:2024-06-30\n2023年度某某省某某厅部门整体支出绩效自评报告\n正文。\n"
    )
    assert evaluation.department == "某某省某某厅"


def test_a_contents_entry_is_not_the_title() -> None:
    text = (
        "某县某局2023年度部门决算\n目录\n十四、2023年度部门整体支出绩效自评表\n(二)部门整体支出绩效自评表\n"
    )
    evaluation, _ = extract_text(text)
    assert evaluation.narrative.title is None or not evaluation.narrative.title.startswith(("十四", "(二)"))


def test_an_indicator_target_amount_is_not_a_budget_figure() -> None:
    text = "成本指标 项目支出执行成本 ≤60万元 60 8 8\n"
    evaluation, _ = extract_text(text)
    assert evaluation.budget.project is None or evaluation.budget.project.executed is None
    amounts = [s for s in evaluation.stated if s.kind == "amount"]
    assert [str(s.value) for s in amounts] == ["60"]
    assert amounts[0].path is None


def test_total_score_written_as_overall_rating() -> None:
    evaluation, _ = extract_text(
        "某县某局2020年度整体支出绩效评价报告\n一、自评得分情况\n经评价，综合评分为95分。\n"
    )
    assert evaluation.declared.total_score == 95

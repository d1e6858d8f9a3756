"""Breakdowns: a whole and its parts, read only when the parts plainly partition the whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.extract.breakdowns import find_breakdowns
from jixiao.extract.patterns import normalise
from jixiao.intake import extract_text
from jixiao.pipeline import evaluate


def one(text: str):  # type: ignore[no-untyped-def]
    found = find_breakdowns(normalise(text))
    assert len(found) == 1, found
    return found[0]


def test_amount_list_after_qizhong_keeps_every_part() -> None:
    text = "下达中央水利发展资金2263万元。其中：中小河流治理1435万元，水库维修养护25万元，小流域治理803万元。"
    item = one(text)
    assert item.breakdown.total == Decimal(2263)
    assert [p.value for p in item.breakdown.parts] == [Decimal(1435), Decimal(25), Decimal(803)]
    assert item.breakdown.complete
    assert text[item.start : item.end] == "2263万元"


def test_parts_in_yuan_are_converted_to_wanyuan() -> None:
    item = one("拨付资金30万元，其中：省级200000元，市级100000元。")
    assert [p.value for p in item.breakdown.parts] == [Decimal(20), Decimal(10)]
    assert item.breakdown.unit == "万元"


def test_a_list_running_on_without_full_stop_is_cut_where_it_adds_up() -> None:
    text = (
        "收到资金共2330.9万元,其中:中央资金1372.7万元,地方资金98.6万元,其他资金859.6万元2023年支出2310.4万元"
    )
    item = find_breakdowns(normalise(text))[0]
    assert [p.value for p in item.breakdown.parts] == [Decimal("1372.7"), Decimal("98.6"), Decimal("859.6")]


def test_a_run_on_list_that_does_not_add_up_is_not_a_breakdown() -> None:
    text = "收到资金共2000万元,其中:中央资金1372.7万元,地方资金98.6万元2023年支出2310.4万元。"
    assert find_breakdowns(normalise(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "下达资金100万元，其中：省级资金60万元，已支出80万元。",  # a different kind of figure ends the list
        "下达资金100万元，其中省级资金60万元。",  # one part only
        "下达资金100万元，其中：培训500人次，会议30次。",  # parts in another unit
    ],
)
def test_not_a_partition_stays_quiet(text: str) -> None:
    assert find_breakdowns(normalise(text)) == []


def test_mainly_or_etc_marks_the_parts_incomplete() -> None:
    assert not one("支出100万元，其中主要包括：A 30万元，B 20万元。").breakdown.complete
    assert not one("支出100万元，其中：A 30万元，B 20万元等。").breakdown.complete


def test_project_count_composition_in_one_sentence() -> None:
    text = "实施项目共15个(含转列项目5个),年初批复预算8个项目985万元,年中增加8个项目,实际到位资金334.67万元。"
    item = one(text)
    assert item.breakdown.total == 15
    assert item.breakdown.unit == "个"
    assert [p.value for p in item.breakdown.parts] == [8, 8]


def test_a_count_that_is_not_a_composition_part_cancels_it() -> None:
    text = "实施项目共15个,年初批复8个项目,年中增加8个项目,已完工10个项目。"
    assert find_breakdowns(normalise(text)) == []


def test_breakdown_reaches_bud011_with_its_line() -> None:
    text = "项目支出绩效自评报告\n下达资金2263万元。其中：A工程1435万元，B工程818万元。\n"
    evaluation, _ = extract_text(text)
    assert evaluation.spans["breakdowns[0].total"].line == 2
    issues = [i for i in evaluation_issues(evaluation) if i.code == "BUD011"]
    assert len(issues) == 1
    assert issues[0].line == 2
    assert issues[0].expected == "2253"


def evaluation_issues(evaluation):  # type: ignore[no-untyped-def]
    return evaluate(evaluation).issues


def test_projects_listed_with_their_columns_in_brackets() -> None:
    from jixiao.intake import extract_text

    text = (
        "（二）项目支出情况\n2024年度项目支出年初预算200.00万元，全年预算210.00万元，实际支出202.70万元。\n"
        "项目包括：馆藏档案数字化（年初预算140.00万元，全年预算150.00万元，实际支出145.00万元，完成全年预算的96.67%）；"
        "档案馆运行维护（年初预算60.00万元，全年预算60.00万元，实际支出57.70万元）。\n"
    )
    evaluation, _ = extract_text(text)
    project = evaluation.budget.project
    assert project is not None
    assert [(i.name, i.initial, i.adjusted, i.executed) for i in project.items] == [
        ("馆藏档案数字化", Decimal("140.00"), Decimal("150.00"), Decimal("145.00")),
        ("档案馆运行维护", Decimal("60.00"), Decimal("60.00"), Decimal("57.70")),
    ]
    assert evaluation.spans["budget.project.items[1].executed"].line == 3


def test_a_partial_or_unreadable_project_list_gives_no_items() -> None:
    from jixiao.intake import extract_text

    for listing in (
        "项目主要包括：A项目（年初预算1万元）；B项目（年初预算2万元）。",
        "项目包括：A项目、B项目等。",
    ):
        evaluation, _ = extract_text("项目支出年初预算3万元。\n" + listing)
        assert evaluation.budget.project is not None
        assert evaluation.budget.project.items == []


def test_projects_in_a_qiyong_list_of_project_spending_are_items_checked_once() -> None:
    from jixiao.intake import extract_text

    text = "二、项目支出情况\n项目支出实际支出300万元，其中：信访救助项目200万元、信访工作经费90万元。\n"
    evaluation, _ = extract_text(text)
    project = evaluation.budget.project
    assert project is not None
    assert [(i.name, i.executed) for i in project.items] == [("信访救助项目", 200), ("信访工作经费", 90)]
    assert evaluation.breakdowns == []  # BUD009 checks the sum, BUD011 does not repeat it

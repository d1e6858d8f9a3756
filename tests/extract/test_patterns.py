"""Statement patterns on small sentences: amounts, rates, counts, category and indicator lines, headings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.extract import patterns as pt
from jixiao.extract.outline import find_outline
from jixiao.intake import extract_text


def amounts(text: str) -> list[tuple[str, str]]:
    return [(str(f.value), f.unit) for f in pt.find_amounts(pt.normalise(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年预算数303.55万元，", [("303.55", "万元")]),
        ("实际支出 1.51万元", [("1.51", "万元")]),
        ("收入合计881300.39元", [("881300.39", "元")]),
        ("总投资1.2亿元", [("1.2", "亿元")]),
        ("共计1,793.46万元", [("1793.46", "万元")]),
        ("合计１２３．４５万元", [("123.45", "万元")]),
        ("安排资金一百四十万元", [("1400000", "元")]),
        ("每户可分得700元，利润为2万元", [("700", "元"), ("2", "万元")]),
        ("元旦期间走访20户", []),
        ("占地面积2000平方米，共12个发酵池", []),
        ("2024年度预算", []),
    ],
)
def test_amounts(text: str, expected: list[tuple[str, str]]) -> None:
    assert amounts(text) == expected


def test_amount_label_is_the_clause_before_it() -> None:
    found = pt.find_amounts(pt.normalise("2023年收到财政资金共2330.9万元，其中：中央资金1372.7万元"))
    assert [f.label for f in found] == ["2023年收到财政资金", "中央资金"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算执行率99.83%。", ["99.83"]),
        ("完成预算安排的100％", ["100"]),
        ("预算执行率(B/A×100%) | 86%", ["86"]),
        ("参评率为99.3%，满意率为99.41% 。", ["99.3", "99.41"]),
        ("增长 5 %", ["5"]),
    ],
)
def test_rates(text: str, expected: list[str]) -> None:
    assert [str(f.value) for f in pt.find_rates(pt.normalise(text))] == expected


def test_counts_skip_durations_and_ordinals() -> None:
    found = pt.find_counts(pt.normalise("第五批交办27件，用时6个月，接待1550余人次"))
    assert [(str(f.value), f.unit, f.approx) for f in found] == [("27", "件", False), ("1550", "人次", True)]


def test_category_line() -> None:
    line = pt.normalise("(一)预算执行率(分值10分，得9分，扣1分)")
    category = pt.match_category(line, 100)
    assert category is not None
    assert (category.name, category.weight, category.score, category.deduction) == (
        "预算执行率",
        Decimal(10),
        Decimal(9),
        Decimal(1),
    )
    assert category.spans["score"] == (100 + line.index("9"), 100 + line.index("9") + 1)


def test_category_line_without_deduction() -> None:
    category = pt.match_category(pt.normalise("（二）产出指标（分值50分，得50分，未扣分）"), 0)
    assert category is not None
    assert category.deduction == 0


def test_indicator_line() -> None:
    text = "1、区人民来访接待中心窗口服务，年度指标值：按规定程序管理、协调和服务，实际完成值：716批1550余人次，分值10分，得分10分。"  # noqa: E501
    item = pt.match_indicator(pt.normalise(text), text, 0)
    assert item is not None
    assert item.name == "区人民来访接待中心窗口服务"
    assert item.target == "按规定程序管理、协调和服务"
    assert item.actual == "716批1550余人次"
    assert (item.weight, item.score) == (Decimal(10), Decimal(10))


def test_indicator_line_without_number() -> None:
    text = "群众满意度，年度指标值：≥90%，实际完成值：99.41%，分值10分，得分10分。"
    item = pt.match_indicator(pt.normalise(text), text, 0)
    assert item is not None
    assert (item.name, item.target) == ("群众满意度", "≥90%")


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("部门整体支出绩效得分99分，具体情况如下", "99"),
        ("自评总分(分)97.6部门联系人", "97.6"),
        ("本部门对2017年整体支出开展绩效自评，自评得分\n90 分，存在的问题", "90"),
        ("服务对象满意度 10 10 总分 3.部门整体支出绩效自评开展情况", None),
        ("评价分值:86.35分评价等级:良", "86.35"),
    ],
)
def test_total_score(text: str, score: str | None) -> None:
    evaluation, _ = extract_text("某某局2024年度部门整体支出绩效自评报告\n" + text)
    assert evaluation.declared.total_score == (None if score is None else Decimal(score))


def test_outline_levels_chains_and_glued_headings() -> None:
    text = "一、基本情况\n1、部门基本情况\n（一）内设机构。\n(二)项目支出情况项目支出是单位为完成特定任务的支出\n满意率为99.41% 。七、六、存在的问题\n（1）细项"  # noqa: E501
    headings = find_outline(text)
    assert [(h.section.number, h.section.title, h.section.line, h.level) for h in headings] == [
        ("一、", "基本情况", 1, 1),
        ("1、", "部门基本情况", 2, 3),
        ("（一）", "内设机构", 3, 2),
        ("(二)", "项目支出情况项目支出是单位为完成特定任务的支出", 4, 2),
        ("七、", "", 5, 1),
        ("六、", "存在的问题", 5, 1),
        ("（1）", "细项", 6, 4),
    ]


def test_decimal_list_item_is_not_a_heading() -> None:
    assert find_outline("3.36万元已支付\n2024年收入") == []


def test_a_number_alone_on_its_line_is_not_a_heading() -> None:
    """``86.`` over ``4``: a score wrapped inside a narrow PDF table cell."""
    assert [h.section.number for h in find_outline("1.指标一\n86.\n4\n2.指标二")] == ["1.", "2."]


def test_budget_paths_follow_the_subject_of_the_sentence() -> None:
    text = (
        "2024年基本支出年初预算安排140.6万元，全年预算安排163.09万元，实际支出163.09万元，完成预算安排的100%。"
        "人员经费支出149.27万元，占基本支出的91.53%；日常公用经费支出13.82万元，占基本支出的9.47%。\n"
        "财政拨款年初预算数230.52万元，全年预算数303.55万元，全年执行数303.06万元，预算执行率99.83%。"
    )
    evaluation, _ = extract_text(text)
    budget = evaluation.budget
    assert budget.basic is not None
    assert budget.total is not None
    assert (budget.basic.initial, budget.basic.adjusted, budget.basic.executed) == (
        Decimal("140.6"),
        Decimal("163.09"),
        Decimal("163.09"),
    )
    assert budget.basic.personnel is not None
    assert budget.basic.personnel.share is not None
    assert budget.basic.personnel.share.value == Decimal("91.53")
    assert budget.basic.public is not None
    assert budget.basic.public.executed == Decimal("13.82")
    assert budget.total.rate is not None
    assert budget.total.rate.value == Decimal("99.83")
    assert evaluation.spans["budget.total.executed"].line == 2


def test_amounts_in_yuan_and_yi_become_wanyuan() -> None:
    evaluation, _ = extract_text("基本支出年初预算安排1406000元，全年预算安排0.0163亿元。")
    assert evaluation.budget.basic is not None
    assert evaluation.budget.basic.initial == Decimal("140.6")
    assert evaluation.budget.basic.adjusted == Decimal("163")


def test_amount_without_unit_is_an_issue_not_a_figure() -> None:
    evaluation, issues = extract_text(
        "雁峰区信访局2024年度部门整体支出绩效自评报告\n财政拨款全年预算数303.55，全年执行数303.06万元。"
    )
    assert [i.code for i in issues] == ["EXT011"]
    assert issues[0].line == 2
    assert "303.55" in issues[0].message
    assert [str(s.value) for s in evaluation.stated if s.kind == "amount"] == ["303.06"]


def test_rate_facts_chain_and_skip_plans() -> None:
    text = (
        "交办我区信访积案前四批共125件，当前审核化解率为88.9%，第五批交办27件，计划年底审核化解率达到100%。\n"
        "全区纳入满意度评价857件，参评率为99.3%，满意率为99.41%。"
    )
    evaluation, _ = extract_text(text)
    assert [(r.label, r.base, r.base_of, str(r.rate.value)) for r in evaluation.rates] == [
        ("审核化解率", 125, None, "88.9"),
        ("参评率", 857, None, "99.3"),
        ("满意率", None, "参评率", "99.41"),
    ]
    assert evaluation.spans["rates[2].rate"].line == 2


def test_department_and_year_from_title_or_form_field() -> None:
    evaluation, _ = extract_text(
        "URL: http://x\nQUERY: 2019年度 自评\n\n红河州数据发展中心2024年度项目支出绩效单位自评报告\n一、基本情况"  # noqa: E501
    )
    assert (evaluation.department, evaluation.year, evaluation.kind) == (
        "红河州数据发展中心",
        2024,
        "project",
    )
    evaluation, _ = extract_text("项目支出绩效自评表\n(2023年度)\n实施单位 | 大英县司法局 |")
    assert (evaluation.department, evaluation.year) == ("大英县司法局", 2023)


def test_metadata_lines_are_not_read_as_figures() -> None:
    evaluation, _ = extract_text("URL: http://a/100%.html\nQUERY: 执行率 100% 预算 5万元\n\n正文没有数字。")
    assert evaluation.stated == []


def test_a_minus_sign_belongs_to_its_rate_a_range_dash_does_not() -> None:
    text = "合计 | 120.50 | -8.51% |\n增幅: -3.2%,控制在5%-10%,1-5%的区间,A-3%"
    assert [str(f.value) for f in pt.find_rates(text)] == ["-8.51", "-3.2", "5", "10", "5", "3"]
    first = pt.find_rates(text)[0]
    assert text[first.start : first.end] == "-8.51%"


def test_numbers_listed_with_he_ji_yu_share_the_unit_after_the_last() -> None:
    text = "基本支出和项目支出分别为320.5和210万元,三项经费分别为12、8及3.5万元,2022和2023年度。"
    found = pt.find_amounts(text)
    assert [f"{f.value}{f.unit}" for f in found] == ["320.5万元", "210万元", "12万元", "8万元", "3.5万元"]


def test_a_threshold_in_a_forms_printed_instruction_is_no_rate() -> None:
    norm = pt.normalise("1.预算执行率=预算执行数/调整后预算数,预算执行率未达到85%的需说明原因;执行率96.5%")
    assert [r.value for r in pt.find_rates(norm)] == [Decimal("96.5")]

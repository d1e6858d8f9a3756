"""The table pass: budget rows, glued cells, row numbers, money lists, indicator rows."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from jixiao.extract.budget_tables import BUDGET_HEADER, BUDGET_HEADER_ENDS
from jixiao.extract.tables import Cell, TableFacts, split_glued, table_facts
from jixiao.extract.text import prepare
from jixiao.inputs.tables import recognise
from jixiao.intake import extract_text


def facts_of(text: str) -> TableFacts:
    """The table pass over a text's Document (its tables recognised as the .txt reader does)."""
    return table_facts(prepare(text, 0), recognise(text), set())


def figures(text: str, kind: str = "amount") -> list[str]:
    evaluation, _ = extract_text(text)
    return [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == kind]


def test_glued_cell_splits_the_only_way_the_rate_allows() -> None:
    cell = Cell("40004000100%", 0, 12, Decimal("40004000100"), True)
    assert split_glued(cell, 2) == ([Decimal(4000), Decimal(4000)], Decimal(100))


def test_glued_budget_row() -> None:
    text = "项目资金\n(万元)\n全年预算数(A)全年执行数(B)预算执行率(B/A)\n年度资金总额:40004000100%\n其中:中央补助40004000100%"  # noqa: E501
    evaluation, _ = extract_text(text)
    assert figures(text) == ["4000万元"] * 4
    assert figures(text, "rate") == ["100%", "100%"]
    assert evaluation.budget.total is not None
    assert (evaluation.budget.total.adjusted, evaluation.budget.total.executed) == (
        Decimal(4000),
        Decimal(4000),
    )


def test_score_column_between_amounts_and_rate_is_not_money() -> None:
    text = "项目资金\n(万元)\n年初\n预算数\n全年\n预算数\n全年\n执行数\n分值\n执行率\n得分\n年度资金总额\n43.2\n43.2\n37.24\n10\n86%\n9\n"  # noqa: E501
    evaluation, _ = extract_text(text)
    assert figures(text) == ["43.2万元", "43.2万元", "37.24万元"]
    total = evaluation.budget.total
    assert total is not None
    assert (total.initial, total.adjusted, total.executed) == (
        Decimal("43.2"),
        Decimal("43.2"),
        Decimal("37.24"),
    )
    assert total.rate is not None
    assert total.rate.value == 86
    execution = evaluation.indicators[0]
    assert (execution.name, execution.weight, execution.score) == ("预算执行率", 10, 9)


def test_pipe_budget_row_with_weight_and_score_after_the_rate() -> None:
    text = (
        "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 |\n"  # noqa: E501
        "总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | 说明 |"
    )
    evaluation, _ = extract_text(text)
    assert figures(text) == ["0.00万元", "3.36万元", "3.36万元"]
    assert evaluation.budget.total is not None
    assert evaluation.budget.total.executed == Decimal("3.36")
    assert evaluation.spans["budget.total.executed"].line == 2


def test_row_number_column_is_dropped() -> None:
    text = (
        "资金投入情况\n(万元)\n行次 全年预算数\n(A)\n全年到位资金\n(B)\n全年执行资金\n(C)\n列次 0 1 2\n"
        "年度资金总额(万元): 1 52.800000\n52.800000 100.00% 30.800000 58.33%\n"
    )
    assert figures(text) == ["52.800000万元", "52.800000万元", "30.800000万元"]


def test_money_list_under_a_declared_unit() -> None:
    text = "单位:万元\n地区 | 已预下达 | 本次下达 | 合计下达 |\n浙江省合计 | 18900 | 5100 | 24000 |\n淳安县 | 650 | 175 | 825 |"  # noqa: E501
    assert figures(text) == ["18900万元", "5100万元", "24000万元", "650万元", "175万元", "825万元"]


def test_sequence_numbers_are_not_money() -> None:
    text = "序号\n地  区\n小计\n一般项目\n(万元)\n合  计\n3020\n1520\n1\n市本级\n150\n150\n2\n县区\n30"
    assert figures(text) == ["3020万元", "1520万元", "150万元", "150万元"]


def test_label_value_lines_and_codes() -> None:
    text = "金额单位:万元\n项目总预算 65 财政资金预算分类 一般公共预算\n财政资金科目代码 21305\n联系电话 13452649655\n其中:其它资金 0"  # noqa: E501
    assert figures(text) == ["65万元", "0万元"]


def test_money_written_with_separators_without_a_unit_before() -> None:
    text = "收入 项目 行次 金额 八、其他收入 8 11,122,315.04 总计 30 25,754,899.39 注:本表反映收支。 金额单位:元 卫生健康支出 39 25,037,565.22"  # noqa: E501
    assert figures(text) == ["11122315.04元", "25754899.39元", "25037565.22元"]


def test_indicator_table_rows() -> None:
    text = (
        "一级指标\n二级指标\n三级指标\n年度\n指标值\n实际\n完成值\n分值\n得分\n产出指标\n数量指标\n"
        "指标1工程资金金额\n43.2\n37.24\n10\n9\n质量指标\n指标1工程完工率\n100\n100\n10\n10\n"
    )
    evaluation, _ = extract_text("项目资金\n(万元)\n" + text)
    assert figures("项目资金\n(万元)\n" + text) == ["43.2万元", "37.24万元"]
    category = evaluation.indicators[0]
    assert category.name == "产出指标"
    assert [(c.name, [(g.name, g.weight, g.score) for g in c.children]) for c in category.children] == [
        ("数量指标", [("指标1工程资金金额", 10, 9)]),
        ("质量指标", [("指标1工程完工率", 10, 10)]),
    ]


def test_unit_cell_after_a_number() -> None:
    assert figures("产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 |") == ["30万元"]


def tree_of(text: str) -> list[tuple[int, str, object, object, object]]:
    from jixiao.model import walk_indicators

    evaluation, _ = extract_text(text)
    return [
        (depth, node.name, node.weight, node.score, node.reason)
        for _, node, depth in walk_indicators(evaluation.indicators)
    ]


FLAT_HEADER = "一级指标\n二级指标\n三级指标\n年度\n指标值\n实际\n完成值\n分值\n得分\n偏差原因分析及改进措施\n"


def test_one_cell_per_line_reason_fifth_number_and_level2() -> None:
    text = FLAT_HEADER + (
        "产出指标\n数量指标\n指标1工程资金金额\n43.2\n37.24\n10\n9\n已完工,剩余尾款未付。提高预算准确度。\n"
        "指标2\n \n \n成本指标\n指标1成本控制率\n100\n100\n10\n10\n \n"
        "效益指标\n经济效益\n指标\n指标1安全率\n100\n100\n10\n10\n0\n"
    )
    assert tree_of(text) == [
        (1, "产出指标", None, None, None),
        (2, "数量指标", None, None, None),
        (3, "指标1工程资金金额", 10, 9, "已完工,剩余尾款未付。提高预算准确度。"),
        (2, "成本指标", None, None, None),
        (3, "指标1成本控制率", 10, 10, None),
        (1, "效益指标", None, None, None),
        (2, "经济效益指标", None, None, None),
        (3, "指标1安全率", 10, 10, None),
    ]


def test_pipe_row_with_text_actual_and_unit_column() -> None:
    text = (
        "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n"  # noqa: E501
        "产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 | ||\n"
        "合计 | 100 | |||||||||\n"
    )
    assert tree_of(text) == [
        (1, "产出指标", None, None, None),
        (2, "经济成本指标", None, None, None),
        (3, "成本控制数", 90, 90, None),
    ]
    evaluation, _ = extract_text(text)
    assert evaluation.indicators[0].children[0].children[0].target == "≤30万元"
    assert figures(text) == ["30万元"]
    assert evaluation.declared.total_score is None  # 合计 100 is the total weight, not a score


def test_total_row_of_an_indicator_table_is_the_declared_total() -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施\n"
        "产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 60 | 60 |\n"
        "满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% | 95% | 40 | 38 | 部分学员对时间安排不满意，已调整\n"  # noqa: E501
        "总分 | 总分 | 总分 | 总分 | 总分 | 100 | 98 | 评价等级：优\n"
    )
    evaluation, _ = extract_text(text)
    assert evaluation.declared.total_score == 98
    names = [name for _, name, *_ in tree_of(text)]
    assert "总分" not in names
    assert tree_of(text)[-1] == (3, "学员满意度", 40, 38, "部分学员对时间安排不满意，已调整")


def test_every_level2_name_of_the_rule_set_stands_under_its_category() -> None:
    import yaml

    from jixiao.extract.tables import category_of

    root = Path(__file__).resolve().parents[2]
    rules = yaml.safe_load((root / "src/jixiao/rules/cz2020-self.yaml").read_text(encoding="utf-8"))
    for category in rules["categories"].values():
        for name in category.get("level2", []):
            assert category_of(name) == (category["name"], name), name
        if category.get("level2"):
            assert category_of(category["name"]) == (category["name"], None)


def test_budget_header_ends_lists_the_last_character_of_every_header_word() -> None:
    """The table walk only searches for a budget header when a cell holds one of these characters."""
    words = re.sub(r"\\s\*", "", BUDGET_HEADER.pattern).replace("\\(", "(").split("|")
    assert {word[-1] for word in words} == set(BUDGET_HEADER_ENDS)


def test_budget_header_split_over_cells_opens_the_table() -> None:
    text = (
        "单位：万元\n项目 | 年初 | 预算数 | 全年预算数 | 全年执行数 | 执行率\n"
        "合计 | 100.00 | 120.00 | 90.00 | 75.00%\n"
    )
    facts = facts_of(text)
    assert {column: f.value for column, f in facts.total.items()} == {
        "initial": Decimal("100.00"),
        "adjusted": Decimal("120.00"),
        "executed": Decimal("90.00"),
        "rate": Decimal("75.00"),
    }


# a 2013-framework table (投入 / 过程 / 产出 / 效果) flattened with tabs, the value cells of most rows empty,
# one indicator name under two level-2 categories, and the total row
TABLE_2013 = "\n".join(
    [
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "投入\t预算配置\t在职人员控制率\t\t\t5\t5\t",
        "过程\t预算管理\t管理制度健全性\t\t\t3\t3\t",
        "过程\t资产管理\t管理制度健全性\t\t\t3\t2\t",
        "产出\t职责履行\t重点工作办结率\t≥100%\t100%\t9\t9\t",
        "总分\t100\t19",
    ]
)


def test_a_2013_table_with_empty_value_cells() -> None:
    facts = facts_of(TABLE_2013)
    assert [
        (i.level1, i.level2, i.name, str(i.weight.value), i.score and str(i.score.value))
        for i in facts.indicators
    ] == [
        ("投入", "预算配置", "在职人员控制率", "5", "5"),
        ("过程", "预算管理", "管理制度健全性", "3", "3"),
        ("过程", "资产管理", "管理制度健全性", "3", "2"),
        ("产出指标", "职责履行", "重点工作办结率", "9", "9"),
    ]
    assert facts.total_score is not None
    assert facts.total_score.value == Decimal(19)


def test_one_name_under_two_categories_is_two_indicators() -> None:
    evaluation, _ = extract_text("某局2018年度部门整体支出绩效自评报告\n" + TABLE_2013 + "\n")
    tree = {
        (l1.name, l2.name): [(i.name, i.score) for i in l2.children]
        for l1 in evaluation.indicators
        for l2 in l1.children
    }
    assert tree[("过程", "预算管理")] == [("管理制度健全性", Decimal(3))]
    assert tree[("过程", "资产管理")] == [("管理制度健全性", Decimal(2))]
    assert evaluation.declared.total_score == Decimal(19)


def test_a_table_name_cut_short_is_the_indicator_the_prose_gave() -> None:
    """A PDF cell wrapped onto the next page leaves ``档案资源共``: not a second indicator."""
    text = (
        "某局2024年度部门整体支出绩效自评报告\n（一）效益指标（分值15分，得14分）\n"
        "1.档案资源共享利用水平，年度指标值：明显提升，实际完成值：接入平台，分值15分，得分14分。\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "效益指标\t社会效益指标\t档案资源共\t明显提升\t接入平台\t15\t14\n"
    )
    evaluation, _ = extract_text(text)
    [category] = evaluation.indicators
    assert [(leaf.name, leaf.score) for leaf in category.children] == [("档案资源共享利用水平", Decimal(14))]


def test_a_tab_table_row_is_read_as_a_whole_with_its_reason() -> None:
    # a PDF's table rows reach the text as tab-separated cells (ADR 0010); the row's grid gives name,
    # values, 分值, 得分 and the reason column (read line by line, the reason was lost)
    text = "\n".join(
        [
            "某县水利局2023年度部门整体支出绩效自评报告",
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
            "产出指标\t\t河道清理长度\t≥40公里\t42公里\t20\t20\t",
            "产出指标\t\t巡河次数\t≥300次\t280次\t10\t9\t汛期道路中断两周，巡河次数略低于目标",
            "总分\t总分\t总分\t总分\t总分\t100\t96\t",
        ]
    )
    evaluation, _ = extract_text(text)
    rows = {
        n.name: (n.target, n.actual, n.weight, n.score, n.reason) for n in evaluation.indicators[0].children
    }
    assert rows == {
        "河道清理长度": ("≥40公里", "42公里", 20, 20, None),
        "巡河次数": ("≥300次", "280次", 10, 9, "汛期道路中断两周，巡河次数略低于目标"),
    }
    assert evaluation.declared.total_score == 96


def test_indicator_rows_under_target_and_actual_value_headers() -> None:
    # 指标值 | 实际值 | 权重 | 得分: two value columns before the weight, whatever they are called
    text = (
        "一级指标 | 二级指标 | 三级指标 | 指标值 | 实际值 | 权重(%) | 得分\n"
        "产出指标 | 数量指标 | 道路里程 | 12 | 12 | 30 | 30\n"
        "产出指标 | 质量指标 | 合格率 | 100 | 100 | 30 | 29\n"
    )
    evaluation, _ = extract_text(text)
    leaves = [(n.name, n.weight, n.score) for n in evaluation.indicators[0].children[0].children]
    leaves += [(n.name, n.weight, n.score) for n in evaluation.indicators[0].children[1].children]
    assert leaves == [("道路里程", Decimal(30), Decimal(30)), ("合格率", Decimal(30), Decimal(29))]


def test_a_target_without_direction_takes_it_from_the_name_or_the_cost_category() -> None:
    # 成本 and 流失率 are less-is-better even when the target has no ≤; a 成本指标 row too
    text = (
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
        "产出指标 | 成本指标 | 每公里养护成本 | 0.8万元 | 0.74万元 | 10 | 10\n"
        "产出指标 | 成本指标 | 设备单价 | 2000元 | 1800元 | 10 | 10\n"
        "效益指标 | 生态效益指标 | 水土流失率 | 5% | 3% | 10 | 10\n"
        "效益指标 | 社会效益指标 | 培训覆盖人数 | 500 | 520 | 10 | 10\n"
    )
    evaluation, _ = extract_text(text)
    directions = {
        leaf.name: leaf.direction
        for category in evaluation.indicators
        for group in category.children
        for leaf in group.children
    }
    assert directions == {"每公里养护成本": "<=", "设备单价": "<=", "水土流失率": "<=", "培训覆盖人数": ">="}


def _leaves(text: str) -> list[tuple[str, Decimal | None, Decimal | None, str | None, str | None]]:
    evaluation, _ = extract_text(text)
    found = []
    for category in evaluation.indicators:
        for node in category.children:
            found.append((node.name, node.weight, node.score, node.target, node.actual))
    return found


def test_weight_and_score_columns_in_the_header_s_order() -> None:
    # a department form: 指标值 | 指标权重 | 全年完成值 | 指标得分 (the weight between the values), with a
    # 计量单位 column before them; a project form with 分值 before the values
    between = (
        "指标名称 | 计量单位 | 指标性质 | 指标值 | 指标权重(分) | 全年完成值 | 指标得分(分) | 说明\n"
        "管护任务完成率 | % | 定量 | 90 | 10 | 100 | 10 |\n"
        "抚育面积 | 万亩 | 定量 | 2 | 10 | 1.5 | 7.5 |\n"
    )
    assert _leaves(between) == [
        ("管护任务完成率", Decimal(10), Decimal(10), "90", "100"),
        ("抚育面积", Decimal(10), Decimal("7.5"), "2", "1.5"),
    ]
    first = (
        "三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因\n"
        "培训人次 | 20 | ≥200人次 | 180人次 | 18 | 部分学员缺席\n"
        "学员满意度 | 10 | ≥90% | 93% | 10 |\n"
    )
    assert _leaves(first) == [
        ("培训人次", Decimal(20), Decimal(18), "≥200人次", "180人次"),
        ("学员满意度", Decimal(10), Decimal(10), "≥90%", "93%"),
    ]


def test_a_target_whose_percent_sign_stands_in_the_measure_column() -> None:
    # 指标值 | 度量单位 | 完成值: the % of the target's column holds for the value beside it (made-up figures)
    text = (
        "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 |"
        " 权重 | 得分 |\n"
        "产出指标 | 数量指标 | 补贴发放率 | = | 100 | % | 98 | 40 | 39 |\n"
    )
    evaluation, _ = extract_text(text)
    assert [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == "rate"] == ["100%", "98%"]

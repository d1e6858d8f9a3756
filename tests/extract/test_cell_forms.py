"""Self-evaluation forms written one cell per line, rows of differing widths (a web table copied as text):
made-up figures in the real shape."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.intake import extract_text
from jixiao.model import Indicator, walk_indicators

HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度",
    "指标值",
    "实际",
    "完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
ROWS = [
    "产出指标(50分)", "数量指标", "维护村道里程", "≥15公里", "16公里", "20", "20",
    "指标2", "……",
    "质量指标", "验收合格率", "100%", "100%", "20", "20",
    "时效指标", "完成时间", "年底前", "按期完成", "10", "10",
    "效益指标", "社会效益指标", "群众出行条件", "改善", "改善", "30", "27", "部分路段雨季积水，已安排排水沟",
    "满意度指标", "服务对象满意度指标", "村民满意度", "≥90%", "92%", "10", "10",
    "总分", "", "100", "96",
]  # fmt: skip
BUDGET = ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
          "年度资金总额", "20", "20", "18", "10", "90%", "9"]  # fmt: skip


def form(rows: list[str]) -> str:
    return "\n\n".join(["项目支出绩效自评表", *BUDGET, *HEADER, *rows]) + "\n"


def leaves(tree: list[Indicator]) -> dict[str, Indicator]:
    return {node.name: node for _, node, _ in walk_indicators(tree) if not node.children}


def test_the_rows_of_a_form_one_cell_per_line() -> None:
    evaluation, _ = extract_text(form(ROWS))
    found = leaves(evaluation.indicators)
    assert list(found) == [
        "预算执行率",
        "维护村道里程",
        "验收合格率",
        "完成时间",
        "群众出行条件",
        "村民满意度",
    ]
    road = found["维护村道里程"]
    assert (road.target, road.actual, road.weight, road.score) == ("≥15公里", "16公里", 20, 20)
    assert found["群众出行条件"].reason == "部分路段雨季积水，已安排排水沟"
    assert found["完成时间"].actual == "按期完成"
    assert evaluation.declared.total_score == 96
    level1 = {node.name: node for node in evaluation.indicators}
    assert level1["产出指标"].weight == Decimal(50)
    assert [child.name for child in level1["产出指标"].children] == ["数量指标", "质量指标", "时效指标"]


def test_a_value_written_as_a_bare_number_is_not_the_weight() -> None:
    rows = ["产出指标", "数量指标", "培训人数", "120", "125", "20", "20", "总分", "100", "20"]
    found = leaves(extract_text(form(rows))[0].indicators)
    assert (found["培训人数"].target, found["培训人数"].weight, found["培训人数"].score) == ("120", 20, 20)


def test_lines_that_fit_no_row_are_no_indicators() -> None:
    rows = ["产出指标", "数量指标", "16公里", "20", "20", "≥90%", "10", "10", "培训人数", "达标", "95", "96"]
    found = leaves(extract_text(form(rows))[0].indicators)
    assert set(found) <= {"预算执行率"}, found  # a name like a value; a score above its weight


def test_a_form_one_cell_per_line_is_checked_end_to_end(tmp_path: Path) -> None:
    wrong = [*ROWS]
    wrong[wrong.index("30")] = "40"  # 群众出行条件 weighs 40: the weights add up to 110
    path = tmp_path / "自评表.txt"
    path.write_text(form(wrong), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    issues = [i for i in json.loads(result.stdout)["issues"] if i["code"].startswith(("IND00", "SCO00"))]
    errors = [(i["code"], i["found"]) for i in issues if i["severity"] == "error"]
    assert errors == [("IND001", "110")]  # 10 + 50 (written) + 40 + 10 (the indicators' sums)
    assert next(i for i in issues if i["code"] == "IND001")["line"] == 25  # the budget row's weight


SPACED = """项目支出绩效自评表
年度绩效指标完成情况 一级
指标
二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施



(50分)
数量指标 指标1:修缮校舍面积 800 820 30 30
指标2:
……
时效指标 指标1:工程款支付率90% 20 18
(40分)
社会效益
指标
指标1:办学条件改善 20 20
可持续影
响指标
指标1:校舍使用年限延长 20 20
满意度指标
(10分)
服务对象
满意度指标
指标1:师生满意度 90% 96% 10 10
总分 100 98
"""


def test_the_rows_of_a_form_written_with_spaces() -> None:
    """A PDF's text layer: rows apart by spaces, the level-1 names lost beside their ``(50分)``, category
    names broken over two lines, a value written in the name's cell."""
    evaluation, _ = extract_text(SPACED)
    level1 = {node.name: node.weight for node in evaluation.indicators}
    assert level1 == {"产出指标": Decimal(50), "效益指标": Decimal(40), "满意度指标": Decimal(10)}
    found = leaves(evaluation.indicators)
    assert (found["指标1:修缮校舍面积"].target, found["指标1:修缮校舍面积"].actual) == ("800", "820")
    assert (found["指标1:工程款支付率"].target, found["指标1:工程款支付率"].score) == ("90%", 18)
    assert "指标1:校舍使用年限延长" in found
    assert [c.name for c in evaluation.indicators[1].children] == ["社会效益指标", "可持续影响指标"]
    assert evaluation.declared.total_score == 98


def test_a_form_written_with_spaces_is_checked() -> None:
    from jixiao.pipeline import evaluate_model
    from jixiao.rules import load_ruleset

    ruleset, _ = load_ruleset(None)
    assert ruleset is not None
    evaluation, _ = extract_text(SPACED.replace("满意度 90% 96% 10 10", "满意度 90% 96% 20 20"))
    codes = {
        issue.code
        for issue in evaluate_model(evaluation, ruleset, "x.txt").issues
        if issue.severity.value == "error"
    }
    assert "IND002" in codes  # 满意度指标 (10分) over 20


TARGETS = """2024年项目支出绩效目标表
年度绩效目标(90分) 一级指标 二级指标 三级指标 指标值 分值 指标解释
成本指标(0-20)分 经济成本指标 设备购置成本 ≤30万元 10
产出指标
(40-50)分
数量指标 购置设备台数 ≥12台 20 按采购合同验收
质量指标 验收合格率 100% 20
"""


def test_a_target_table_states_weights_only(tmp_path: Path) -> None:
    """A 绩效目标表: a weight after the values, no score; a range (``(0-20)分``) is no weight."""
    evaluation, _ = extract_text(TARGETS)
    found = leaves(evaluation.indicators)
    assert {name: (n.target, n.weight, n.score) for name, n in found.items()} == {
        "设备购置成本": ("≤30万元", 10, None),
        "购置设备台数": ("≥12台", 20, None),
        "验收合格率": ("100%", 20, None),
    }
    assert all(node.weight is None for node in evaluation.indicators)
    path = tmp_path / "目标表.txt"
    path.write_text(TARGETS, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    codes = {issue["code"] for issue in json.loads(result.stdout)["issues"]}
    assert "SCO010" not in codes  # no score is missing from a table that sets targets

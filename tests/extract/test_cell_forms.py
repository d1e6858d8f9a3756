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

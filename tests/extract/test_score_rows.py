"""Score-table rows read from the grid: the budget row whose 分值 only a header writes, a category's
weight written in its cell (made-up figures in the real shapes)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.intake import extract_text

BUDGET = (
    "2023年度项目支出绩效自评表\n"
    "项目名称 | 耕地质量监测 | | | \n"
    "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率)\n"
    "年度财政资金总额 | 150 | 120 | 80% | {score}\n"
    "年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分\n"
    "产出指标 | 数量指标 | 监测点数量 | ≧30个 | 30个 | 20\n"
)


def test_the_budget_rows_weight_from_its_header() -> None:
    evaluation, _ = extract_text(BUDGET.format(score="16"))
    first = evaluation.indicators[0]
    assert (first.name, first.kind, first.weight, first.score) == ("预算执行率", "execution_rate", 20, 16)
    stated = {s.path: s for s in evaluation.stated if s.path}
    assert stated["indicators.预算执行率.weight"].line == 3  # where the header writes (20分)
    assert stated["indicators.预算执行率.score"].line == 4


@pytest.mark.parametrize("score", ["15", "18", "20"])
def test_a_score_that_is_not_the_weight_times_the_rate_gives_no_weight(score: str) -> None:
    evaluation, _ = extract_text(BUDGET.format(score=score))
    assert not any(node.kind == "execution_rate" for node in evaluation.indicators)


def test_two_weights_written_above_give_none() -> None:
    text = BUDGET.format(score="16").replace("得分 (20分*执行率)", "得分 (10分*执行率)")
    evaluation, _ = extract_text(text)
    assert not any(node.kind == "execution_rate" for node in evaluation.indicators)


FLAT = (
    "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
    "产出指标(60分) 数量指标 培训班次 ≥6期 6期 30 30 质量指标 结业率 ≥95% 97% 30 30 "
    "满意度指标(10分) 满意度指标 学员满意度 ≥90% 95% 10 10 总分 70 70\n"
)


def test_a_categorys_written_weight_is_stated_with_its_place() -> None:
    evaluation, _ = extract_text(FLAT)
    weights = {node.name: node.weight for node in evaluation.indicators}
    assert weights == {"产出指标": Decimal(60), "满意度指标": Decimal(10)}
    stated = {s.path: s for s in evaluation.stated if s.path}
    output = next(s for p, s in stated.items() if p.endswith(".weight") and s.value == 60)
    assert FLAT[output.span[0] - 5 : output.span[1] + 2] == "产出指标(60分)"


def test_a_range_is_no_weight() -> None:
    evaluation, _ = extract_text(FLAT.replace("(60分)", "(40-60分)"))
    assert evaluation.indicators[0].weight is None


def test_the_budget_row_reaches_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "自评表.txt"
    path.write_text(BUDGET.format(score="16"), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    first = json.loads(result.stdout)["indicators"][0]
    assert (first["name"], first["weight"], first["score"]) == ("预算执行率", "20", "16")


GRID = (
    "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
    "产出指标（50分） | 数量指标 | 培训人次 | ≥200人次 | 210人次 | 30 | 30\n"
    "产出指标（50分） | 质量指标 | 培训合格率 | ≥95% | 97% | 30 | 30\n"
    "效益指标（30分） | 社会效益指标 | 技能提升 | 明显 | 明显 | 30 | 28\n"
    "总分 | | | | | 100 | 98\n"
)


def test_a_grid_forms_sums_are_said_once(tmp_path: Path) -> None:
    """The score-table checks read a grid's categories and total row (IND007, IND006): the model's
    IND001/IND002 say nothing more about the same figures."""
    path = tmp_path / "自评表.txt"
    path.write_text(GRID, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    codes = [issue["code"] for issue in json.loads(result.stdout)["issues"] if issue["severity"] == "error"]
    assert "IND007" in codes
    assert "IND001" not in codes
    assert "IND002" not in codes


GLUED = (
    "2023年度农技推广项目绩效自评表项目名称农技推广主管部门某县农业农村局项目实施单位本单位"
    "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)年度财政资金总额{run}"
    "年度绩效目标(80分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分\n"
)


def test_the_budget_row_of_a_form_run_together() -> None:
    evaluation, _ = extract_text(GLUED.format(run="605490%18"))  # 60 | 54 | 90% | 18 = 20 × 90 %
    first = evaluation.indicators[0]
    assert (first.name, first.weight, first.score) == ("预算执行率", 20, 18)
    stated = {s.path: s for s in evaluation.stated if s.path}
    score = stated["indicators.预算执行率.score"]
    assert GLUED.format(run="605490%18")[score.span[0] : score.span[1]] == "18"


@pytest.mark.parametrize("run", ["605490%19", "5045.591%18.2"])
def test_a_glued_budget_row_not_sure_gives_nothing(run: str) -> None:
    """A score not 20 × the rate; a run cut two ways (50 | 45.5 | 91% or 504 | 5.59 | 1%)."""
    evaluation, _ = extract_text(GLUED.format(run=run))
    assert not any(node.kind == "execution_rate" for node in evaluation.indicators)


def test_two_forms_in_one_report_are_not_summed_as_one(tmp_path: Path) -> None:
    """A department's report appending two projects' forms: their rows share one tree; no sum over it
    (IND001/IND002/SCO004) is any form's."""
    first = FLAT.replace("产出指标(60分)", "产出指标(80分)").replace(
        "结业率 ≥95% 97% 30 30", "结业率 ≥95% 97% 50 50"
    )
    second = (
        first.replace("培训班次", "送教下乡次数")
        .replace("结业率", "考核通过率")
        .replace("学员满意度", "家长满意度")
    )
    path = tmp_path / "报告.txt"
    path.write_text(
        "项目一\n" + first.replace("总分 70 70", "总分 90 90") + "项目二\n" + second, encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    codes = {issue["code"] for issue in json.loads(result.stdout)["issues"] if issue["severity"] == "error"}
    assert not codes & {"IND001", "IND002", "SCO004"}, codes

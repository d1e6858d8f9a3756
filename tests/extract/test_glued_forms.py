"""Self-evaluation forms run together in a paragraph: rows cut where target, actual, weight and score
are sure; anything else left out (made-up figures in the shapes real shared documents arrive in)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.extract.glued_forms import cut
from jixiao.intake import extract_text
from jixiao.model import Indicator, walk_indicators
from jixiao.pipeline import evaluate

HEADER = "绩 效 指 标一级指标二级指标三级指标年度 指标值实际 完成值分 值得 分偏差原因分析 及改进措施"
FORM = (
    "项目支出绩效自评表(2023 年度)项目名称农机补贴项目主管部门某县农业农村局\n"
    + HEADER
    + "产出指标数量指标补贴农机具数量120台120台3030质量指标机具验收\n"
    "2、合格率合格合格2018时效指标指标1:指标2: 成本指标单台补贴成本≤0.5万元0.5万元1010指标2:"
    "效益指标经济效益 指标指标1:社会效益 指标农户增收效果明显明显2020满意度 指标服务对象 满意度指 标"
    "受益农户满意度95%96%2020指标2:总分10098\n"
)


def leaves(tree: list[Indicator]) -> dict[str, Indicator]:
    return {node.name: node for _, node, _ in walk_indicators(tree) if not node.children}


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("2020", (20, 20)),
        ("2018", (20, 18)),
        ("1010", (10, 10)),
        ("107.5", (10, Decimal("7.5"))),
        ("55", (5, 5)),
    ],
)
def test_a_run_cut_the_one_way(run: str, expected: tuple[int, Decimal]) -> None:
    assert cut(run) == (Decimal(expected[0]), Decimal(expected[1]))


@pytest.mark.parametrize("run", ["1100", "5", "0505", "95100"])
def test_a_run_no_cut_or_many_cuts_fit_is_left(run: str) -> None:
    assert cut(run) is None


def test_the_rows_of_a_glued_form() -> None:
    evaluation, _ = extract_text(FORM)
    found = leaves(evaluation.indicators)
    assert set(found) == {
        "补贴农机具数量",
        "机具验收合格率",
        "单台补贴成本",
        "农户增收效果",
        "受益农户满意度",
    }
    assert (found["补贴农机具数量"].weight, found["补贴农机具数量"].score) == (30, 30)
    assert (found["机具验收合格率"].weight, found["机具验收合格率"].score) == (20, 18)  # page mark dropped
    assert (found["单台补贴成本"].target, found["单台补贴成本"].actual) == ("≤0.5万元", "0.5万元")
    assert found["农户增收效果"].target == "明显"
    assert evaluation.declared.total_score == 98
    level1 = {node.name: [c.name for c in node.children] for node in evaluation.indicators}
    assert level1["产出指标"] == ["数量指标", "质量指标", "成本指标"]
    assert level1["效益指标"] == ["社会效益指标"]


def test_weights_and_scores_are_stated_where_they_stand() -> None:
    evaluation, _ = extract_text(FORM)
    by_path = {s.path: s for s in evaluation.stated if s.path}
    weight = next(s for p, s in by_path.items() if p.endswith(".weight") and s.value == 30)
    assert FORM[weight.span[0] : weight.span[1]] == "30"
    assert FORM[weight.span[1] : weight.span[1] + 2] == "30"  # the score right after it


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ("产出指标数量指标培训人次200人次达标1010", "a number and a text: cannot be cut apart"),
        ("产出指标数量指标培训人次200人次200场1010", "units differ"),
        ("产出指标数量指标培训人次基本达标达标1010", "two different texts"),
        ("产出指标数量指标培训人次200人次200人次1100", "the run cuts no way"),
    ],
)
def test_unsure_rows_are_no_indicators(row: str, why: str) -> None:
    evaluation, _ = extract_text(HEADER + row + "总分10098\n")
    assert not leaves(evaluation.indicators), why


def test_cells_one_per_line_are_not_glued() -> None:
    text = HEADER + "\n产出指标\n数量指标\n培训人次\n200\n\n200\n\n10\n10\n"
    evaluation, _ = extract_text(text)
    assert all(node.weight != 1 for node in leaves(evaluation.indicators).values())


def test_a_glued_form_is_checked_end_to_end(tmp_path: Path) -> None:
    wrong = FORM.replace("受益农户满意度95%96%2020", "受益农户满意度95%96%3030")  # weights 110, scores 108
    path = tmp_path / "自评表.txt"
    path.write_text(wrong, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    issues = json.loads(result.stdout)["issues"]
    codes = {issue["code"] for issue in issues}
    assert {"IND001", "SCO004"} <= codes  # 30 + 20 + 10 + 20 + 30 = 110; 30 + 18 + 10 + 20 + 30 = 108
    ind001 = next(issue for issue in issues if issue["code"] == "IND001")
    assert ind001["found"] == "110"
    assert ind001["line"] == 2
    extracted = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert json.loads(extracted.stdout)["declared"]["total_score"] == "98"


def test_the_right_form_raises_no_error(tmp_path: Path) -> None:
    path = tmp_path / "自评表.txt"
    path.write_text(FORM, encoding="utf-8")
    errors = [i for i in evaluate(path).issues if i.severity.value == "error"]
    assert not errors, [i.message for i in errors]


UNIT_FORM = (
    "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
    "河道保洁覆盖率%951510015"  # 95 | 15 | 100 | 15
    "垃圾清运量吨3601036010"  # 360 | 10 | 360 | 10, or 3 | 60 | 10360 | 10 …: left out
    "水质达标率%8010.8011"  # 80 | 10.80 | 1 | 1? a weight has one decimal at most: left out
)


def test_rows_of_a_name_a_unit_and_one_run() -> None:
    """The provincial department form: each row's figures run together after its unit, cut by the
    header's columns (指标值 | 权重 | 完成值 | 得分) the one way they allow."""
    evaluation, _ = extract_text(UNIT_FORM + "\n")
    found = leaves(evaluation.indicators)
    assert (found["河道保洁覆盖率"].target, found["河道保洁覆盖率"].actual) == ("95", "100")
    assert (found["河道保洁覆盖率"].weight, found["河道保洁覆盖率"].score) == (15, 15)
    assert "垃圾清运量" not in found
    assert "水质达标率" not in found


@pytest.mark.parametrize("run", ["2810810", "0.4100.110"])
def test_a_run_cut_several_ways_is_left_out(run: str) -> None:
    """28|10|8|10 or 28|10|81|0: the weight agrees, the score does not."""
    evaluation, _ = extract_text(UNIT_FORM.split("河道", maxsplit=1)[0] + "管护面积万亩" + run + "\n")
    assert "管护面积" not in leaves(evaluation.indicators)


# The provincial 绩效目标自评表 writes the weight first (分值 | 年度指标值 | 全年实际值 | 得分): a row runs
# ``name weight target actual score`` (made-up figures in that shape).
WEIGHT_FIRST = (
    "绩效目标自评表(2023年度)项目名称某村道路硬化项目主管部门某县交通运输局资金情况(万元)"
    "全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:363610100.00%10其中:本年财政拨款3636"
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
    "产出指标(50分)数量指标硬化道路长度15≥3.2公里≥3.2公里15质量指标工程验收合格率20100%100%20"
    "时效指标按期完工率5≥95%≥95%5成本指标项目总投资1036万元36万元10"
    "效益指标(30分)社会效益指标受益群众人数15≥800人≥800人15群众出行条件改善15明显改善明显改善14"
    "满意度指标(10分)服务对象满意度指标受益群众满意度10≥90%≥90%10……总分10099注:"
)


def test_the_rows_of_a_weight_first_glued_form() -> None:
    evaluation, _ = extract_text(WEIGHT_FIRST)
    found = leaves(evaluation.indicators)
    expected = {
        "硬化道路长度": (15, 15, "≥3.2公里"),
        "工程验收合格率": (20, 20, "100%"),
        "按期完工率": (5, 5, "≥95%"),
        "项目总投资": (10, 10, "36万元"),
        "受益群众人数": (15, 15, "≥800人"),
        "群众出行条件改善": (15, 14, "明显改善"),
        "受益群众满意度": (10, 10, "≥90%"),
    }
    assert {name: (n.weight, n.score, n.target) for name, n in found.items() if name in expected} == {
        name: (Decimal(w), Decimal(s), t) for name, (w, s, t) in expected.items()
    }
    assert evaluation.declared.total_score == 99  # 总分10099: 100 | 99
    execution = next(n for n in evaluation.indicators if n.kind == "execution_rate")
    assert (execution.weight, execution.score) == (10, 10)  # 36 | 36 | 10 | 100.00% | 10


@pytest.mark.parametrize(
    "row",
    [
        "合格率595%100%5",  # 5 | 95% | 100% | 5 or 59 | 5% | 100% | 5: two readings, left out
        "道路长度103.2公里3.1公里IO",  # a score the scan misread: no reading
    ],
)
def test_a_weight_first_row_read_more_than_one_way_is_left_out(row: str) -> None:
    text = "一级指标二级指标三级指标分值年度指标值全年实际值得分产出指标数量指标" + row + "质量指标"
    evaluation, _ = extract_text(text)
    assert not [n for n in leaves(evaluation.indicators).values() if n.weight is not None]


def test_a_garbled_weight_title_and_a_row_lost_before_the_name() -> None:
    """``参考分值`` read ``考值参分`` by the scan; the row before could not be read, the name is what
    follows the last category word."""
    text = (
        "一级指标二级指标三级指标考值参分指标值(八)全年实际值(B)得分未完成原因分析及改进措施"
        "项目产出(30分)数量指标(10分)受益学生人数101200人1200人IO指标2:质量指标(5分)"
        "校舍维修标准5符合规范要求符合规范要求5指标2:"
    )
    evaluation, _ = extract_text(text)
    found = leaves(evaluation.indicators)
    assert (found["校舍维修标准"].weight, found["校舍维修标准"].score) == (5, 5)
    assert not any("受益学生" in name for name in found)


def test_a_score_table_whose_weights_stand_in_the_names() -> None:
    """A PDF text layer of a 评分表: each line ends in a name and its ``(N 分)``, the next starts with its
    score; a name no score follows is a category (made-up figures)."""
    text = (
        "2022 年部门整体支出绩效评价得分表 一级指 标 二级指标 三级指标 得分 "
        "部门决 策(20 分) 目标设定(10 分) 依据充分性(6 分)\n"
        "5 目标明确性(4 分)\n"
        "4 预算编制(10 分) 编制科学性(10 分)\n"
        "8 部门管 理(30 分) 资金管理(12 分) 资金到位率(6 分)\n"
        "6 执行规范性(6 分)\n"
        "5 绩效管理........\n"
    )
    evaluation, _ = extract_text(text)
    found = {n.name: (n.weight, n.score) for n in leaves(evaluation.indicators).values() if n.weight}
    assert found == {
        "依据充分性": (6, 5),
        "目标明确性": (4, 4),
        "编制科学性": (10, 8),
        "资金到位率": (6, 6),
        "执行规范性": (6, 5),
    }
    level1 = {node.name: [c.name for c in node.children] for node in evaluation.indicators}
    assert level1["部门决策"] == ["目标设定", "预算编制"]
    assert level1["部门管理"] == ["资金管理"]


def test_a_budget_row_whose_weight_column_writes_its_points() -> None:
    text = (
        "项目支出绩效自评表(2022年度)项目名称某街道保洁外包经费项目资金(万元)年初预算数(A)全年执行数(B)"
        "分值(10分)执行率(B/A)得分得分计算方法年度资金总额:250.4200.321080%8执行率*该指标分值"
    )
    evaluation, _ = extract_text(text)
    execution = next(n for n in evaluation.indicators if n.kind == "execution_rate")
    assert (execution.weight, execution.score) == (10, 8)  # 250.4 | 200.32 | 10 | 80% | 8


def test_a_weight_run_into_a_money_target_is_no_amount() -> None:
    """``项目总投资1036万元36万元10``: weight 10, target and actual 36万元 — never an amount of 1036万元."""
    evaluation, _ = extract_text(WEIGHT_FIRST)
    amounts = sorted(s.value for s in evaluation.stated if s.kind == "amount")
    assert Decimal(1036) not in amounts
    assert amounts.count(Decimal(36)) >= 2  # the target and the actual

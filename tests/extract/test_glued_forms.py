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

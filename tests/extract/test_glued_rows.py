"""Glued self-evaluation table rows: weight and score split by the coefficient, direction by name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.extract.glued_rows import execution_row, glued_rows, split_weight_score
from jixiao.extract.patterns import normalise
from jixiao.intake import extract_text
from jixiao.model import walk_indicators
from jixiao.pipeline import evaluate

HEADER = (
    "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
)


@pytest.mark.parametrize(
    ("digits", "coefficient", "expected"),
    [
        ("1010", "100", (10, 10)),
        ("22", "100", (2, 2)),
        ("21.45", "72.74", (2, Decimal("1.45"))),
        ("107.6", "76", (10, Decimal("7.6"))),
    ],
)
def test_split_weight_score(digits: str, coefficient: str, expected: tuple[int, Decimal]) -> None:
    assert split_weight_score(digits, Decimal(coefficient)) == tuple(Decimal(v) for v in expected)


def test_split_refuses_a_coefficient_no_split_agrees_with() -> None:
    assert split_weight_score("57", Decimal(100)) is None


def test_rows_under_the_header() -> None:
    text = (
        HEADER + "政府采购执行率%100%72.74%100%22是党性教育培训次数次26次12次100%55是预算调整率%3%0100%22否"
    )
    rows = glued_rows(normalise(text))
    names = [row.indicator.name for row in rows]
    assert names == ["政府采购执行率", "党性教育培训次数", "预算调整率"]
    procurement, training, adjustment = (row.indicator for row in rows)
    assert (procurement.target_value, procurement.actual_value) == (Decimal(100), Decimal("72.74"))
    assert procurement.direction == ">="
    assert (training.weight, training.score, training.unit) == (5, 5, "次")
    assert adjustment.direction == "<="  # less is better: 0 against 3 % is full marks
    span = rows[0].spans["weight"]
    assert text[span[0] : span[1]] == "2"


def test_no_rows_without_the_template_header() -> None:
    assert glued_rows("政府采购执行率%100%72.74%100%22是") == []


def test_unknown_direction_is_not_scored() -> None:
    rows = glued_rows(normalise(HEADER + "某项工作推进%100%80%100%22否"))
    assert rows[0].indicator.kind is None
    assert rows[0].indicator.weight == 2


def test_execution_row() -> None:
    row = execution_row("年初预算数全年执行数执行率(%)执行率权重执行率得分(分)O76%107.6当年")
    assert row is not None
    assert (row.indicator.weight, row.indicator.score) == (10, Decimal("7.6"))


def test_rule_score_of_a_glued_row_is_checked() -> None:
    text = "部门整体绩效自评表\n" + HEADER + "政府采购执行率%100%72.74%100%22是\n"
    evaluation, _ = extract_text(text)
    paths = [path for path, _, _ in walk_indicators(evaluation.indicators)]
    assert "indicators.绩效指标.政府采购执行率" in paths
    found = [i for i in evaluate(evaluation).issues if i.code == "SCO005"]
    assert [(i.expected, i.found, i.line) for i in found] == [("1.45", "2", 2)]

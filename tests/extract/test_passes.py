"""Understanding as passes: one signature, one order, no pass writing into what another found."""

from __future__ import annotations

import dataclasses
import inspect
from decimal import Decimal

import pytest

from jixiao.extract.builder import PASSES, build
from jixiao.extract.builder import outline as find_outline_pass
from jixiao.extract.indicator_lines import indicator_statements
from jixiao.extract.passes import Earlier, Findings, Reading, run
from jixiao.extract.patterns import Found
from jixiao.inputs.document import Document
from jixiao.inputs.tables import recognise

REPORT = """某县农业局2023年度部门整体支出绩效自评报告
一、部门基本情况
部门整体支出年初预算120.5万元，全年预算130万元，全年执行128.7万元，预算执行率99%。
二、绩效指标完成情况
(一)预算执行率(分值10分,得9分,扣1分)
1、培训次数,年度指标值:≥10次,实际完成值:12次,分值10分,得分10分
项目 | 全年预算数(万元) | 全年执行数(万元) | 执行率
合计 | 130 | 128.7 | 99%
自评总分92分。
"""


def document(text: str = REPORT) -> Document:
    return Document(text=text, format="txt", blocks=recognise(text))


def test_every_pass_has_the_one_signature() -> None:
    assert len(PASSES) == len(set(PASSES)) >= 10
    for each in PASSES:
        parameters = list(inspect.signature(each).parameters.values())
        assert [p.name for p in parameters] == ["reading", "earlier"], each.__name__
        assert [p.annotation for p in parameters] == ["Reading", "Earlier"], each.__name__
        assert inspect.signature(each).return_annotation == "Findings", each.__name__


def test_what_earlier_passes_found_cannot_be_written() -> None:
    reading = Reading(document())
    found = run(PASSES, reading)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.figures = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        found.spans["budget.total"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        found.values["indicators"] = []  # type: ignore[index]


def test_a_pass_run_before_what_it_reads_fails_loudly() -> None:
    # the order is the one PASSES lists: outline reads the indicator lines found before it
    first, outline = PASSES.index(indicator_statements), PASSES.index(find_outline_pass)
    rest = [each for index, each in enumerate(PASSES) if index not in (first, outline)]
    reordered = (PASSES[outline], PASSES[first], *rest)
    with pytest.raises(KeyError, match="indicator_lines"):
        run(reordered, Reading(document()))


def test_each_pass_adds_only_its_own_findings() -> None:
    reading = Reading(document())
    earlier = Earlier()
    for each in PASSES:
        before = earlier
        snapshot = seen(before)
        earlier = earlier.plus(each(reading, earlier))
        assert seen(before) == snapshot, each.__name__


def seen(found: Earlier) -> tuple[object, ...]:
    return (found.figures, dict(found.paths), dict(found.spans), found.issues, dict(found.values))


def test_the_passes_build_the_report() -> None:
    evaluation, issues = build(document(), "report.txt")
    assert issues == []
    assert (evaluation.department, evaluation.year) == ("某县农业局", 2023)
    assert evaluation.budget.total is not None
    assert (evaluation.budget.total.initial, evaluation.budget.total.adjusted) == (Decimal("120.5"), 130)
    assert evaluation.budget.total.executed == Decimal("128.7")
    assert evaluation.declared.total_score == 92
    assert [node.name for node in evaluation.indicators] == ["预算执行率"]
    assert evaluation.indicators[0].children[0].name == "培训次数"


def test_a_withdrawn_figure_leaves_and_a_path_is_given_to_the_figure_itself() -> None:
    rate = Found("rate", Decimal(99), "%", 5, 8, "执行率")
    twin = Found("rate", Decimal(99), "%", 5, 8, "执行率")  # equal, but another figure
    amount = Found("amount", Decimal(130), "万元", 0, 3, "全年预算")
    earlier = Earlier(figures=((rate, None), (twin, None), (amount, None)))
    after = earlier.plus(Findings(withdraw=(rate,), repath=((twin, "budget.total.rate"),)))
    assert [(f is twin, path) for f, path in after.figures] == [(True, "budget.total.rate"), (False, None)]
    assert earlier.figures == ((rate, None), (twin, None), (amount, None))

"""The seed report: every figure, the indicator tree, the outline, and the same problems as the YAML."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.intake import extract_file
from jixiao.model import walk_indicators
from jixiao.pipeline import evaluate

SEED_YAML = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-2024.yaml"


def test_seed_budget_and_figures(seed_text: Path) -> None:
    evaluation, issues = extract_file(seed_text)
    assert issues == []
    assert evaluation is not None
    assert (evaluation.department, evaluation.year, evaluation.kind) == ("雁峰区信访局", 2024, "department")
    total, basic, project = evaluation.budget.total, evaluation.budget.basic, evaluation.budget.project
    assert total is not None
    assert basic is not None
    assert project is not None
    assert (total.initial, total.adjusted, total.executed) == (
        Decimal("230.52"),
        Decimal("303.55"),
        Decimal("303.06"),
    )
    assert total.rate is not None
    assert total.rate.value == Decimal("99.83")
    assert (basic.initial, basic.adjusted, basic.executed) == (
        Decimal("140.6"),
        Decimal("163.09"),
        Decimal("163.09"),
    )
    assert basic.personnel is not None
    assert basic.personnel.executed == Decimal("149.27")
    assert basic.public is not None
    assert basic.public.share is not None
    assert basic.public.share.value == Decimal("9.47")
    assert (project.initial, project.adjusted, project.executed) == (
        Decimal("89.92"),
        Decimal("140.46"),
        Decimal("140.46"),
    )
    assert evaluation.budget.sources is not None
    assert evaluation.budget.sources.government_fund is not None
    amounts = [str(s.value) for s in evaluation.stated if s.kind == "amount"]
    assert amounts == [
        "140.6",
        "163.09",
        "163.09",
        "149.27",
        "13.82",
        "89.92",
        "140.46",
        "140.46",
        "230.52",
        "303.55",
        "303.06",
    ]
    assert evaluation.spans["budget.basic.public.share"].line == 24
    assert evaluation.spans["budget.total.executed"].line == 33
    assert evaluation.declared.total_score == 99
    assert evaluation.spans["declared.total_score"].line == 31


def test_seed_indicators_rates_and_outline(seed_text: Path) -> None:
    evaluation, _ = extract_file(seed_text)
    assert evaluation is not None
    tree = {path: (node.weight, node.score) for path, node, _ in walk_indicators(evaluation.indicators)}
    assert tree["indicators.预算执行率"] == (10, 9)
    assert tree["indicators.产出指标.信访积案处理"] == (10, 10)
    assert tree["indicators.效益指标"] == (30, 30)
    assert len([p for p in tree if p.count(".") == 2]) == 9
    assert evaluation.spans["indicators.产出指标.信访积案处理.score"].line == 40
    satisfaction = evaluation.indicators[-1].children[0]
    assert (satisfaction.kind, satisfaction.direction, satisfaction.target_value) == (
        "quantitative",
        ">=",
        90,
    )
    assert [(r.label, r.base, r.base_of) for r in evaluation.rates] == [
        ("审核化解率", 125, None),
        ("参评率", 857, None),
        ("满意率", None, "参评率"),
    ]
    numbers = [(s.number, s.line) for s in evaluation.narrative.outline]
    assert numbers[:3] == [("一、", 5), ("1、", 6), ("(一）", 7)]
    assert numbers[-3:] == [("七、", 55), ("六、", 55), ("七、", 57)]
    assert evaluation.narrative.problems == [
        "年初部门预算前瞻性有待进一步加强。年初部门预算编制不够精准，年中调整了部分预算。预算均衡性有待提高。"
    ]


def test_seed_text_gives_the_same_problems_as_the_yaml(seed_text: Path) -> None:
    if not SEED_YAML.exists():
        pytest.skip("examples/yanfeng-xinfang-2024.yaml is not written yet")
    from_text = evaluate(seed_text)
    from_yaml = evaluate(SEED_YAML)
    assert sorted(i.code for i in from_text.issues) == sorted(i.code for i in from_yaml.issues)
    budget_issues = [i for i in from_text.issues if i.code.startswith(("BUD", "SCO", "RAT"))]
    assert budget_issues
    assert all(i.line is not None for i in budget_issues)
    rat = next(i for i in from_text.issues if i.code == "RAT001")
    assert rat.line == 41

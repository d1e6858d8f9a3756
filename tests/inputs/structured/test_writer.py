"""evaluation_to_yaml: readable input-format YAML that loads back to the same model, digits kept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.inputs.structured.writer import evaluation_to_yaml
from jixiao.inputs.structured.yaml_io import parse_yaml_text
from jixiao.intake import load
from jixiao.model import Evaluation, Indicator, Line, Span, StatedFigure

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def from_yaml(text: str) -> Evaluation:
    data, _ = parse_yaml_text(text)
    evaluation, issues = build_evaluation(data, {}, file=None, fmt="yaml")
    assert evaluation is not None, issues
    return evaluation


def comparable(evaluation: Evaluation) -> dict[str, Any]:
    return evaluation.model_dump(exclude={"spans", "source"})


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_round_trip(example: str) -> None:
    source, issues = load(EXAMPLES / example)
    assert source is not None, issues
    assert comparable(from_yaml(evaluation_to_yaml(source))) == comparable(source)


def test_amounts_are_plain_decimals_and_rates_percent_text() -> None:
    evaluation = from_yaml(
        "department: 甲\nyear: 2024\nbudget:\n"
        "  total: {initial: 140.60, adjusted: 1793.4567, executed: 0.10, rate: 99.80%}\n"
        "  basic: {executed: 881300.39元}\n"
    )
    text = evaluation_to_yaml(evaluation)
    data = yaml.safe_load(text)
    total = data["budget"]["total"]
    assert "initial: 140.60\n" in text  # the trailing zero the author wrote survives
    assert "adjusted: 1793.4567\n" in text
    assert "executed: 0.10\n" in text
    assert total["rate"] == "99.80%"
    assert "executed: 88.130039\n" in text  # 元 converted to 万元 exactly
    assert "!!" not in text
    assert "e+" not in text.lower()


def test_derived_indicator_fields_are_left_out_but_explicit_ones_kept() -> None:
    evaluation = from_yaml(
        "department: 甲\nyear: 2024\nindicators:\n"
        "  - name: 满意度指标\n    children:\n"
        "      - {name: 群众满意度, target: ≥90%, actual: 99.41%, weight: 10, score: 10}\n"
        "      - {name: 成本, target: ≤1600元, actual: '1580', direction: '=', weight: 5}\n"
        "      - {name: 宣传, target: 90%, kind: qualitative, band: 达成年度指标}\n"
    )
    evaluation.indicators[0].children.append(
        Indicator(name="手工", target="≥50", target_value=None, direction=">=", kind="quantitative")
    )
    text = evaluation_to_yaml(evaluation)
    data = yaml.safe_load(text)
    first, second, third, fourth = data["indicators"][0]["children"]
    assert set(first) == {"name", "target", "actual", "weight", "score"}
    assert second["direction"] == "="  # not what the target says: must be written
    assert "target_value" not in second
    assert third["kind"] == "qualitative"
    assert "target_value" not in third
    assert "target_value" in fourth  # an explicit null the loader would otherwise fill in
    assert fourth["target_value"] is None
    assert comparable(from_yaml(text)) == comparable(evaluation)


def test_spans_stated_and_source_only_when_asked() -> None:
    evaluation = from_yaml("department: 甲\nyear: 2024\nbudget: {total: {executed: 303.06}}\n")
    evaluation.spans = {"budget.total.executed": Span(start=10, end=16, line=3)}
    evaluation.stated = [
        StatedFigure(
            kind="amount", label="全年执行数", value=Decimal("303.06"), unit="万元", span=(10, 16), line=3
        )
    ]
    plain = evaluation_to_yaml(evaluation)
    assert "spans" not in plain
    assert "stated" not in plain
    assert "source" not in plain
    full = evaluation_to_yaml(evaluation, spans=True, stated=True, source=True)
    reloaded = from_yaml(full)
    assert reloaded.spans["budget.total.executed"].start == 10
    assert reloaded.stated == evaluation.stated
    assert "source:" in full


def test_readable_shape() -> None:
    evaluation = from_yaml(
        "department: 甲局\nyear: 2024\nnarrative:\n  summary: |-\n    第一段。\n    第二段。\n"
        "  problems: [问题一]\nindicators:\n  - name: 产出指标\n"
        "    children:\n      - {name: 甲, target: '90'}\n"
    )
    text = evaluation_to_yaml(evaluation)
    assert text.splitlines()[1:3] == ["department: 甲局", "year: 2024"]
    assert "summary: |-\n    第一段。\n    第二段。" in text
    assert "  problems:\n    - 问题一" in text
    assert "children:" in text
    assert "甲局" in text  # Chinese as written, not escaped
    reloaded = from_yaml(text)
    assert reloaded.indicators[0].children[0].target == "90"  # a number-like text stays text


def test_nested_projects_are_written() -> None:
    evaluation = from_yaml("department: 甲\nyear: 2024\n")
    project = from_yaml("department: 甲\nyear: 2024\nkind: project\nproject: 乙\n")
    project.source = None  # a nested evaluation has no source of its own
    evaluation.projects = [project]
    evaluation.budget.total = Line(executed=Decimal("1.5"))
    reloaded = from_yaml(evaluation_to_yaml(evaluation))
    assert reloaded.projects[0].project == "乙"
    assert comparable(reloaded) == comparable(evaluation)


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(
        st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False),
        min_size=3,
        max_size=3,
    ),
    rate=st.integers(0, 4).flatmap(
        lambda places: st.decimals(min_value=0, max_value=1000, places=places, allow_nan=False)
    ),
)
def test_any_decimal_survives_exactly(amounts: list[Decimal], rate: Decimal) -> None:
    initial, adjusted, executed = amounts
    evaluation = from_yaml("department: 甲\nyear: 2024\n")
    evaluation.budget.total = Line(initial=initial, adjusted=adjusted, executed=executed)
    evaluation.budget.total.rate = from_yaml(
        f"department: 甲\nyear: 2024\nbudget: {{total: {{rate: '{rate}%'}}}}\n"
    ).budget.total.rate  # type: ignore[union-attr]
    reloaded = from_yaml(evaluation_to_yaml(evaluation))
    total = reloaded.budget.total
    assert total is not None
    assert [str(total.initial), str(total.adjusted), str(total.executed)] == [str(a) for a in amounts]
    assert total.rate is not None
    assert str(total.rate.value) == str(rate)

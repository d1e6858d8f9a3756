"""jixiao's scoring agrees with the oracle (a scorer written from the rule text alone) on indicators
generated in every written form real tables use, and keeps the rules' invariants.

The number of examples is ``JIXIAO_PROPERTY_EXAMPLES`` (default 300 a property: a few seconds each);
a deep run sets it to tens of thousands once.
"""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.model import Budget, Evaluation, Indicator
from jixiao.numbers import format_score, round_half_up
from jixiao.rules import load_ruleset
from jixiao.rules.model import RuleSet
from jixiao.scoring import ScoreLine, score

from .oracle import Spec, oracle_score
from .written_forms import all_forms, band_forms, deadline_forms, number_forms, weights

EXAMPLES = int(os.environ.get("JIXIAO_PROPERTY_EXAMPLES", "300"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _rules() -> RuleSet:
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    return ruleset


RULES = _rules()


def _weight(spec: Spec) -> Decimal:
    return Decimal(spec.weight.numerator) / Decimal(spec.weight.denominator)


def _jixiao(spec: Spec, target: str, actual: str) -> ScoreLine:
    node = Indicator(name="指标", target=target, actual=actual, weight=_weight(spec))
    evaluation = Evaluation(
        department="测试局",
        year=2024,
        budget=Budget(),
        indicators=[Indicator(name="产出指标", children=[node])],
    )
    card, _ = score(evaluation, RULES)
    [line] = [line for line in card.lines if line.name == "指标"]
    return line


def _as_fraction(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


@PROPERTY
@given(all_forms)
def test_jixiao_agrees_with_the_oracle(case: tuple[Spec, str, str]) -> None:
    spec, target, actual = case
    line = _jixiao(spec, target, actual)
    expected = oracle_score(spec)
    assert _as_fraction(line.computed) == expected, (target, actual, spec, line.formula)
    if expected is None:
        assert any(note.kind == "unscorable" for note in line.notes), (target, actual, line.notes)


@PROPERTY
@given(all_forms)
def test_a_rule_score_lies_between_zero_and_the_weight(case: tuple[Spec, str, str]) -> None:
    spec, target, actual = case
    computed = _jixiao(spec, target, actual).computed
    if computed is not None:
        assert 0 <= computed <= _weight(spec), (target, actual, computed)


@PROPERTY
@given(st.sampled_from([">=", "<=", "="]).flatmap(lambda d: number_forms(direction=d, meet=True)))
def test_reaching_the_target_gives_full_marks(case: tuple[Spec, str, str]) -> None:
    spec, target, actual = case
    if spec.direction == "=" and spec.target == 0 and spec.actual > 0:
        return  # "= 0" is met only by 0
    assert _jixiao(spec, target, actual).computed == _weight(spec), (target, actual)


@PROPERTY
@given(st.sampled_from([">=", "<="]), st.data())
def test_more_is_never_worse_for_at_least_and_never_better_for_at_most(
    direction: str, data: st.DataObject
) -> None:
    spec, target, actual = data.draw(number_forms(direction=direction))
    more = data.draw(st.integers(1, 100_000).map(lambda n: Fraction(n, 100)))
    unit = actual.lstrip("-0123456789.")
    number = Fraction(Decimal(actual[: len(actual) - len(unit)]))
    bigger = format(Decimal((number + more).numerator) / Decimal((number + more).denominator), "f")
    bigger = bigger.rstrip("0").rstrip(".") if "." in bigger else bigger
    low = _jixiao(spec, target, actual).computed
    high = _jixiao(spec, target, bigger + unit).computed
    if low is None or high is None:
        return
    if direction == ">=":
        assert high >= low, (target, actual, bigger + unit)
    else:
        assert high <= low, (target, actual, bigger + unit)


@PROPERTY
@given(st.lists(all_forms, min_size=1, max_size=6), st.lists(weights, max_size=3))
def test_the_total_is_the_sum_of_the_parts_and_the_grade_follows_the_printed_total(
    cases: list[tuple[Spec, str, str]], declared: list[Fraction]
) -> None:
    children = [
        Indicator(name=f"指标{i}", target=t, actual=a, weight=_weight(s), score=_weight(s) / 2)
        for i, (s, t, a) in enumerate(cases)
    ]
    children += [
        Indicator(
            name=f"定性{i}",
            kind="qualitative",
            weight=Decimal(w.numerator) / Decimal(w.denominator),
            score=Decimal(w.numerator) / Decimal(w.denominator) - Decimal("0.005"),
        )
        for i, w in enumerate(declared)
    ]
    evaluation = Evaluation(
        department="测试局",
        year=2024,
        budget=Budget(),
        # the category stated at the rule set's full weight: a total is computed (SCO014 otherwise)
        indicators=[Indicator(name="产出指标", weight=Decimal(100), children=children)],
    )
    card, _ = score(evaluation, RULES)
    leaves = card.leaves()
    assert card.total == round_half_up(sum((line.used or Decimal(0) for line in leaves), Decimal(0)), 2)
    [category] = [line for line in card.lines if line.name == "产出指标"]
    assert category.used == sum((line.used or Decimal(0) for line in leaves), Decimal(0))
    assert card.total is not None
    assert RULES.grade_of(Decimal(format_score(card.total))) == card.grade


@PROPERTY
@given(band_forms())
def test_inside_a_band_is_full_marks(case: tuple[Spec, str, str]) -> None:
    spec, target, actual = case
    inside = (spec.low <= spec.actual <= spec.high) if spec.form == "band" else abs(spec.actual) <= spec.high
    if inside:
        assert _jixiao(spec, target, actual).computed == _weight(spec)


@PROPERTY
@given(deadline_forms())
def test_a_deadline_met_is_full_marks_and_a_missed_one_is_said(case: tuple[Spec, str, str]) -> None:
    spec, target, actual = case
    line = _jixiao(spec, target, actual)
    if spec.done <= spec.deadline:
        assert line.computed == _weight(spec)
    else:
        assert line.computed is None
        assert any("逾期" in note.message for note in line.notes)

"""scoring: the worked examples of domain.md §1.2–1.4 and §2.3, each score with its formula and inputs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.model import Budget, DeptFacts, Evaluation, Indicator, Line
from jixiao.rules import load_ruleset
from jixiao.rules.model import RuleSet
from jixiao.scoring import Scorecard, ScoreLine, expected_category_weights, score, score_quantitative

D = Decimal


def _rules(ref: str = "cz2020-self") -> RuleSet:
    ruleset, issues = load_ruleset(ref)
    assert issues == []
    assert ruleset is not None
    return ruleset


def _evaluation(
    indicators: list[Indicator], total: Line | None = None, dept: DeptFacts | None = None
) -> Evaluation:
    return Evaluation(
        department="测试局", year=2024, budget=Budget(total=total), indicators=indicators, dept=dept
    )


def _score(evaluation: Evaluation, ruleset: RuleSet | None = None) -> Scorecard:
    card, issues = score(evaluation, ruleset or _rules())
    assert [i for i in issues if i.severity == "error"] == []
    return card


def _leaf(card: Scorecard, name: str) -> ScoreLine:
    [line] = [line for line in card.lines if line.name == name]
    return line


def _execution(adjusted: str, executed: str, weight: int = 10) -> ScoreLine:
    evaluation = _evaluation(
        [Indicator(name="预算执行率", weight=D(weight))],
        Line(initial=D(adjusted), adjusted=D(adjusted), executed=D(executed)),
    )
    return _leaf(_score(evaluation), "预算执行率")


def _quantitative(
    direction: str, target: str, actual: str, weight: int = 10, ruleset: RuleSet | None = None
) -> ScoreLine:
    node = Indicator(
        name="指标",
        kind="quantitative",
        direction=direction,  # type: ignore[arg-type]
        target=f"{direction}{target}",
        target_value=D(target),
        actual=actual,
        actual_value=D(actual),
        weight=D(weight),
    )
    card = _score(_evaluation([Indicator(name="产出指标", children=[node])]), ruleset)
    return _leaf(card, "指标")


# --- 预算执行率 (§1.2) ------------------------------------------------------------------------------


def test_seed_execution_rate_scores_9_98() -> None:
    line = _execution("303.55", "303.06")
    assert line.computed == D("9.98")
    assert line.value is not None
    assert line.value.quantize(D("0.0001")) == D("99.8386")
    assert line.method == "execution_rate"
    for text in ("303.06", "303.55", "99.8386%", "9.98"):
        assert text in line.formula
    assert line.inputs["全年预算数(A)"] == "303.55万元"
    assert line.inputs["全年执行数(B)"] == "303.06万元"


def test_s11_execution_rate_scores_8_62() -> None:
    assert _execution("43.2", "37.24").computed == D("8.62")


def test_execution_rate_is_capped_at_the_weight() -> None:
    assert _execution("100", "120").computed == D(10)


def test_execution_rate_with_zero_budget_cannot_be_computed() -> None:
    line = _execution("0", "0")
    assert line.computed is None
    assert "为 0" in line.formula


def test_execution_rate_without_amounts() -> None:
    card = _score(_evaluation([Indicator(name="预算执行率", weight=D(10), score=D(9))]))
    line = _leaf(card, "预算执行率")
    assert line.computed is None
    assert line.used == D(9)  # the declared score counts, capped to the weight
    assert "缺少" in line.formula


# --- quantitative (§1.3) ----------------------------------------------------------------------------


def test_positive_below_target() -> None:
    line = _quantitative(">=", "50", "45")
    assert line.computed == D("9.00")
    assert line.method == "positive"
    assert "45" in line.formula
    assert "50" in line.formula
    assert line.inputs["实际完成值(B)"] == "45"


def test_positive_above_target_gets_full_marks() -> None:
    line = _quantitative(">=", "50", "60")
    assert line.computed == D(10)


def test_reverse_linear_and_ratio() -> None:
    linear = _quantitative("<=", "90", "95")
    assert linear.computed == D("9.44")
    assert linear.method == "reverse"
    ruleset = _rules()
    ratio_rules = ruleset.model_copy(
        update={"quantitative": ruleset.quantitative.model_copy(update={"reverse": "ratio"})}
    )
    ratio = _quantitative("<=", "90", "95", ruleset=ratio_rules)
    assert ratio.computed == D("9.47")
    assert "A/B" in ratio.formula
    assert "90" in ratio.formula
    assert "95" in ratio.formula


def test_reverse_formulas_differ_as_the_domain_says() -> None:
    ruleset = _rules()
    ratio_rules = ruleset.model_copy(
        update={"quantitative": ruleset.quantitative.model_copy(update={"reverse": "ratio"})}
    )
    assert _quantitative("<=", "10", "15").computed == D("5.00")
    assert _quantitative("<=", "10", "15", ruleset=ratio_rules).computed == D("6.67")
    assert _quantitative("<=", "10", "20").computed == 0  # B ≥ 2A
    assert _quantitative("<=", "10", "8").computed == D(10)


def test_reverse_via_a_local_rule_set_file(tmp_path: Path) -> None:
    path = tmp_path / "ratio.yaml"
    path.write_text(
        "id: local-ratio\nname: 反向用比值法\nextends: cz2020-self\nquantitative:\n  reverse: ratio\n",
        encoding="utf-8",
    )
    assert _quantitative("<=", "90", "95", ruleset=_rules(str(path))).computed == D("9.47")


def test_equal_zero_target() -> None:
    assert _quantitative("=", "0", "1").computed == 0
    assert _quantitative("=", "0", "0").computed == D(10)


def test_equal_positive_target_scores_as_positive() -> None:
    assert _quantitative("=", "100", "96").computed == D("9.60")


def test_fraction_against_a_percent_target() -> None:
    node = Indicator(
        name="合格率",
        kind="quantitative",
        direction=">=",
        target="≥95%",
        target_value=D(95),
        unit="%",
        actual="0.76",
        actual_value=D("0.76"),
        weight=D(10),
    )
    card = _score(_evaluation([Indicator(name="产出指标", children=[node])]))
    assert _leaf(card, "合格率").computed == D("8.00")  # 76 / 95 × 10


def test_small_percent_is_not_mistaken_for_a_fraction() -> None:
    node = Indicator(
        name="差错率",
        kind="quantitative",
        direction="<=",
        target="≤1%",
        target_value=D(1),
        unit="%",
        actual="0.5",
        actual_value=D("0.5"),
        weight=D(10),
    )
    card = _score(_evaluation([Indicator(name="产出指标", children=[node])]))
    assert _leaf(card, "差错率").computed == D(10)  # 0.5 % ≤ 1 %: full marks, not 50 %


# --- qualitative bands (§1.4) -----------------------------------------------------------------------


def _qualitative(band: str, ruleset: RuleSet | None = None, weight: int = 10) -> ScoreLine:
    node = Indicator(name="定性", kind="qualitative", band=band, weight=D(weight), score=D(7))
    card = _score(_evaluation([Indicator(name="效益指标", children=[node])]), ruleset)
    return _leaf(card, "定性")


def test_qualitative_bands_give_the_allowed_interval() -> None:
    full = _qualitative("达成年度指标")
    assert full.band == (D(8), D(10))
    assert full.band_upper_inclusive
    part = _qualitative("部分达成年度指标并具有一定效果")
    assert part.band == (D(6), D(8))
    assert not part.band_upper_inclusive
    assert _qualitative("未达成年度指标且效果较差").band == (D(0), D(6))
    assert _qualitative("部分达成预期指标并具有一定效果").band == (D(6), D(8))  # older wording
    assert part.computed is None  # the score is the author's judgement
    assert part.used == D(7)
    assert "[6, 8)" in part.formula


def test_qualitative_80_50_variant_by_extending(tmp_path: Path) -> None:
    path = tmp_path / "hb.yaml"
    path.write_text(
        "id: hb-80-50\nname: 定性 80/50\nextends: cz2020-self\nqualitative_bands:\n"
        "  部分达成年度指标并具有一定效果: {min: 0.50}\n  未达成年度指标且效果较差: {max: 0.50}\n",
        encoding="utf-8",
    )
    variant = _rules(str(path))
    assert _qualitative("部分达成年度指标并具有一定效果", variant).band == (D(5), D(8))
    assert _qualitative("未达成年度指标且效果较差", variant).band == (D(0), D(5))
    assert _qualitative("达成年度指标", variant).band == (D(8), D(10))
    assert _qualitative("部分达成年度指标并具有一定效果", variant, weight=15).band == (D(7.5), D(12))


def test_qualitative_without_band() -> None:
    line = _qualitative("")
    assert line.band is None
    assert line.used == D(7)


# --- departmental indicators (§2.3) -----------------------------------------------------------------


def _dept(name: str, weight: int, facts: DeptFacts, ruleset: str = "hn-dept-2015") -> ScoreLine:
    evaluation = _evaluation(
        [Indicator(name="投入", children=[Indicator(name=name, weight=D(weight))])], dept=facts
    )
    return _leaf(_score(evaluation, _rules(ruleset)), name)


def test_staff_control_rate_above_100_percent_continuous() -> None:
    line = _dept("在职人员控制率", 5, DeptFacts(staff_quota=46, staff_actual=50))
    assert line.value is not None
    assert line.value.quantize(D("0.01")) == D("108.70")
    assert line.computed == D("0.65")  # 5 − 8.70 × 0.5
    assert "50" in line.formula
    assert "46" in line.formula
    assert "108.70%" in line.formula


def test_staff_control_within_quota() -> None:
    line = _dept("在职人员控制率", 8, DeptFacts(staff_quota=143, staff_actual=136))
    assert line.computed == D(8)


@pytest.mark.parametrize("name", ["三公经费变动率", '"三公经费"变动率', "“三公”经费变动率"])
def test_sangong_change_on_the_8_point_table(name: str) -> None:
    line = _dept(name, 8, DeptFacts(sangong_budget=D("63.46"), sangong_budget_last_year=D(32)))
    assert line.value is not None
    assert line.value.quantize(D("0.01")) == D("98.31")
    assert line.computed == 0
    assert "63.46" in line.formula
    assert "32" in line.formula


def test_dept_zero_denominator_is_not_applicable() -> None:
    line = _dept("政府采购执行率", 3, DeptFacts(procurement_budget=D(0), procurement_actual=D(0)))
    assert line.value is None
    assert line.computed == D(3)  # when_not_applicable: full_marks
    assert "分母为 0" in line.formula


def test_dept_missing_input_is_named() -> None:
    line = _dept("结转结余率", 3, DeptFacts())
    assert line.computed is None
    assert "缺少输入" in line.formula


def test_budget_adjustment_bands() -> None:
    evaluation = _evaluation(
        [Indicator(name="过程", children=[Indicator(name="预算控制率", weight=D(5))])],
        Line(initial=D(100), adjusted=D(115), executed=D(110)),
    )
    line = _leaf(_score(evaluation, _rules("hn-dept-2015")), "预算控制率")
    assert line.computed == D(3)  # 15 % in (10, 20]


# --- totals, grades, weights ----------------------------------------------------------------------


def test_total_grade_and_roll_up() -> None:
    evaluation = _evaluation(
        [
            Indicator(name="预算执行率", weight=D(10)),
            Indicator(
                name="产出指标",
                weight=D(50),
                children=[
                    Indicator(
                        name="数量",
                        kind="quantitative",
                        direction=">=",
                        target="≥50个",
                        target_value=D(50),
                        actual_value=D(45),
                        weight=D(50),
                    )
                ],
            ),
            Indicator(
                name="效益指标",
                weight=D(40),
                children=[Indicator(name="社会效益", band="达成年度指标", weight=D(40), score=D(38))],
            ),
        ],
        Line(initial=D("230.52"), adjusted=D("303.55"), executed=D("303.06")),
    )
    card = _score(evaluation)
    assert _leaf(card, "产出指标").used == D(45)
    assert card.total == D("9.98") + D(45) + D(38)
    assert card.weight_total == 100
    assert card.grade == "优"


def test_when_no_satisfaction_moves_10_points_to_benefit() -> None:
    ruleset = _rules()
    without = _evaluation([Indicator(name="产出指标"), Indicator(name="效益指标")])
    assert expected_category_weights(without, ruleset) == {"execution": 10, "output": 50, "benefit": 40}
    with_it = _evaluation([Indicator(name="效益指标"), Indicator(name="满意度指标")])
    assert expected_category_weights(with_it, ruleset)["benefit"] == 30
    to_output = ruleset.model_copy(
        update={
            "when_no_satisfaction": ruleset.when_no_satisfaction.model_copy(
                update={"move_weight_to": "output"}
            )
        }
    )
    assert expected_category_weights(without, to_output)["output"] == 60
    pro_rata = ruleset.model_copy(
        update={
            "when_no_satisfaction": ruleset.when_no_satisfaction.model_copy(
                update={"move_weight_to": "split_pro_rata"}
            )
        }
    )
    weights = expected_category_weights(without, pro_rata)
    assert weights["output"] == D("56.25")
    assert weights["benefit"] == D("33.75")
    assert sum(weights.values()) == 100


def test_every_leaf_formula_mentions_its_inputs() -> None:
    evaluation = _evaluation(
        [
            Indicator(name="预算执行率", weight=D(10)),
            Indicator(
                name="产出指标",
                children=[
                    Indicator(
                        name="办结",
                        kind="quantitative",
                        direction=">=",
                        target="≥716批",
                        target_value=D(716),
                        actual_value=D(700),
                        weight=D(20),
                    ),
                    Indicator(
                        name="成本",
                        kind="quantitative",
                        direction="<=",
                        target="≤88万元",
                        target_value=D(88),
                        actual_value=D(91),
                        weight=D(10),
                    ),
                ],
            ),
        ],
        Line(initial=D(200), adjusted=D("250.5"), executed=D("240.25")),
    )
    card = _score(evaluation)
    for line in card.leaves():
        assert line.inputs, line.name
        assert line.formula
        numbers = [v for v in line.inputs.values() if any(ch.isdigit() for ch in v)]
        for value in numbers:
            plain = value.removesuffix("万元").lstrip("≥≤=").rstrip("批万元")
            assert plain in line.formula, (line.name, plain, line.formula)


def test_no_indicators_but_a_declared_total_is_reported() -> None:
    evaluation = Evaluation(department="x", year=2024, declared={"total_score": D(90)})  # type: ignore[arg-type]
    card, issues = score(evaluation, _rules())
    assert card.total is None
    assert [i.code for i in issues] == ["SCO900"]


def test_strict_equal_scores_only_an_exact_hit(tmp_path: Path) -> None:
    local = tmp_path / "strict.yaml"
    local.write_text(
        "id: strict\nname: 严格等于\nextends: cz2020-self\nquantitative: {equal_as_positive: false}\n",
        encoding="utf-8",
    )
    strict, issues = load_ruleset(str(local))
    assert strict is not None, issues
    node = Indicator(
        name="培训班次",
        kind="quantitative",
        direction="=",
        target_value=Decimal(4),
        actual_value=Decimal(3),
        target="=4次",
        actual="3次",
    )
    assert score_quantitative(node, Decimal(10), strict)[0] == Decimal(0)
    hit = node.model_copy(update={"actual_value": Decimal(4), "actual": "4次"})
    assert score_quantitative(hit, Decimal(10), strict)[0] == Decimal(10)
    lenient, _ = load_ruleset("cz2020-self")
    assert lenient is not None
    assert score_quantitative(node, Decimal(10), lenient)[0] == Decimal("7.50")


def test_edited_ruleset_file_is_read_again(tmp_path: Path) -> None:
    import os

    local = tmp_path / "edited.yaml"
    local.write_text("id: edited\nname: 一\nextends: cz2020-self\n", encoding="utf-8")
    first, _ = load_ruleset(str(local))
    local.write_text("id: edited\nname: 二\nextends: cz2020-self\n", encoding="utf-8")
    stat = local.stat()
    os.utime(local, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second, _ = load_ruleset(str(local))
    assert first is not None
    assert second is not None
    assert (first.name, second.name) == ("一", "二")


def test_no_scored_indicator_means_no_total_not_zero() -> None:
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    evaluation = Evaluation(
        department="测试局",
        year=2024,
        indicators=[
            Indicator(
                name="产出指标", children=[Indicator(name="工资发放", kind="qualitative", weight=Decimal(60))]
            )
        ],
    )
    card, _ = score(evaluation, ruleset)
    assert card.total is None
    assert card.grade is None
    assert card.weight_total == Decimal(60)


# --- exact scoring (issue 11): multiply before dividing, round once, clamp -------------------------


def _written(target: str, actual: str, weight: str = "10", ruleset: RuleSet | None = None) -> ScoreLine:
    node = Indicator(name="指标", target=target, actual=actual, weight=D(weight))
    card = _score(_evaluation([Indicator(name="产出指标", children=[node])]), ruleset)
    return _leaf(card, "指标")


@pytest.mark.parametrize(
    ("target", "actual", "weight", "expected"),
    [
        ("≥90%", "12.1%", "4.5", "0.61"),  # exactly 0.605: dividing first gave 0.60
        ("=24次", "5次", "3", "0.63"),  # exactly 0.625: dividing first gave 0.62
        ("≥3次", "1次", "10", "3.33"),
        ("≥3次", "2次", "10", "6.67"),
    ],
)
def test_half_cents_round_up_on_the_exact_value(target: str, actual: str, weight: str, expected: str) -> None:
    assert _written(target, actual, weight).computed == D(expected)


@pytest.mark.parametrize(
    ("target", "actual"),
    [("≥5%", "-2%"), ("≥5%", "-200%"), ("≤5%", "100%"), ("90%-110%", "500%"), ("±5%", "-50%")],
)
def test_a_rule_score_is_never_below_zero(target: str, actual: str) -> None:
    line = _written(target, actual)
    assert line.computed == 0


def test_a_negative_target_under_at_least_is_unscorable_not_16_of_10() -> None:
    line = _written("≥-5%", "-8%")
    assert line.computed is None
    assert [n.kind for n in line.notes] == ["unscorable"]
    assert "≤ 0" in line.notes[0].message


def test_a_negative_target_met_is_full_marks() -> None:
    assert _written("≥-5%", "-3%").computed == D(10)


def test_the_understood_values_are_in_the_formula() -> None:
    line = _written("≤90万元", "950000元")
    assert line.computed == D("9.44")  # (2 × 90 − 95) × 10 ÷ 90
    assert "95万元" in line.formula
    assert "(2 × 90 − 95) × 10 ÷ 90" in line.formula


def test_total_grade_and_printed_total_agree() -> None:
    """A declared qualitative 9.995 made a total of 89.995: graded 良 but printed 90."""
    children = [Indicator(name=f"指标{i}", kind="qualitative", weight=D(10), score=D(10)) for i in range(8)]
    children.append(Indicator(name="末项", kind="qualitative", weight=D(10), score=D("9.995")))
    nothing = Indicator(name="满意度指标", kind="qualitative", weight=D(10), score=D(0))
    evaluation = _evaluation([Indicator(name="产出指标", children=children), nothing])
    card = _score(evaluation)
    assert card.total == D("90.00")
    assert card.grade == "优"
    from jixiao.numbers import format_score

    assert _rules().grade_of(D(format_score(card.total))) == card.grade


def test_a_province_word_is_a_rule_set_change(tmp_path: Path) -> None:
    local = tmp_path / "province.yaml"
    local.write_text(
        "id: province\nname: 某省\nextends: cz2020-self\n"
        "vocabulary:\n  directions:\n    after: {封顶: '<='}\n",
        encoding="utf-8",
    )
    province, issues = load_ruleset(str(local))
    assert province is not None, issues
    assert _written("5%封顶", "6%", ruleset=province).computed == D(8)
    assert _written("5%封顶", "6%").computed == D(10)  # the national vocabulary does not know the word


def test_no_total_and_no_grade_over_part_of_the_weight() -> None:
    """Only the execution-rate line read (10 of 100 points): no total, no grade 差 (issue 15)."""
    evaluation = _evaluation([Indicator(name="预算执行率", kind="qualitative", weight=D(10), score=D(6))])
    card = _score(evaluation)
    assert card.partial
    assert card.total is None
    assert card.grade is None
    assert card.leaves()[0].used == D(6)  # the indicator itself is still scored
    assert card.partial_note() == "无法计算（已读取的指标仅覆盖 10/100 分）"


def test_a_total_over_the_full_weight() -> None:
    full = [
        Indicator(name=name, kind="qualitative", weight=D(weight), score=D(weight))
        for name, weight in (("预算执行率", 10), ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10))
    ]
    card = _score(_evaluation(full))
    assert not card.partial
    assert card.partial_note() == ""
    assert card.total == D("100.00")

"""PEFA-style budget reliability on hand-computed three-year series, at each threshold of PI-1 and PI-2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.across.reliability import (
    Head,
    YearFigures,
    assess,
    composition_variance,
    grade_composition,
    grade_outturn,
    rank,
    series_of,
    year_band,
)
from jixiao.model import Budget, Evaluation, Line, YearRecord
from jixiao.rules.model import Reliability

RULES = Reliability()
D = Decimal


def outturns(*values: str | None) -> list[YearFigures]:
    """A series whose outturns (全年执行 ÷ 年初预算) are ``values`` percent, newest year first."""
    return [YearFigures(2024 - i, D(100), D(100), None if v is None else D(v)) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "letter"),
    [
        (("105", "95", "120"), "A"),  # both edges of 95–105 % are inside
        (("105.01", "95", "120"), "B"),  # one year just outside A: two years in 90–110 %
        (("110", "90", "50"), "B"),
        (("110.01", "89.99", "100"), "C"),  # one year in A or B only; all three in 85–115 %
        (("115", "85", "300"), "C"),
        (("115.01", "84.99", "100"), "D"),
        (("100", "100"), "A"),  # two years of data suffice when both are in the band
        (("131.47", "99", "101"), "A"),  # one outlier year is allowed
    ],
)
def test_pi1_outturn_bands(values: tuple[str, ...], letter: str) -> None:
    assert grade_outturn(outturns(*values), RULES).letter == letter


def test_pi1_needs_two_years_of_data() -> None:
    one = grade_outturn(outturns("100", None, None), RULES)
    assert one.letter is None
    assert "数据不足" in one.reason


def test_pi1_looks_at_the_last_three_years_only() -> None:
    # 2024 and 2023 are outside every band; the good 2021 and 2020 are beyond the window
    series = outturns("130", "70", "110", "100", "100")
    assert grade_outturn(series, RULES).letter == "D"


def heads(basic: str, project: str) -> tuple[Head, ...]:
    return (Head("基本支出", D(50), D(basic)), Head("项目支出", D(50), D(project)))


def test_composition_variance_by_hand() -> None:
    # outturn 100 = budget 100: each head's adjusted budget is 50; |52.5 − 50| + |47.5 − 50| = 5 → 5 %
    assert composition_variance(heads("52.5", "47.5")) == D(5)
    # outturn 120 (aggregate +20 %): adjusted budgets 60 and 60; |66 − 60| + |54 − 60| = 12 → 12 ÷ 120 = 10 %
    assert composition_variance(heads("66", "54")) == D(10)
    # spending up uniformly is no composition change at all
    assert composition_variance(heads("60", "60")) == D(0)
    assert composition_variance(heads("52.5", "47.5")[:1]) is None


def composition(*pairs: tuple[str, str]) -> list[YearFigures]:
    return [YearFigures(2024 - i, D(100), D(100), D(100), heads(*pair)) for i, pair in enumerate(pairs)]


@pytest.mark.parametrize(
    ("pairs", "letter"),
    [
        ((("52.4", "47.6"), ("50", "50"), ("90", "10")), "A"),  # 4.8 % and 0 %: below 5 %
        ((("52.5", "47.5"), ("50", "50"), ("90", "10")), "B"),  # exactly 5 % is not below 5 %
        ((("55", "45"), ("54.9", "45.1"), ("90", "10")), "C"),  # exactly 10 % is not below 10 %
        ((("57.4", "42.6"), ("57.4", "42.6"), ("90", "10")), "C"),  # 14.8 % twice: below 15 %
        ((("57.5", "42.5"), ("57.5", "42.5"), ("50", "50")), "D"),  # 15 % twice: D despite one 0 %
    ],
)
def test_pi2_composition_bands(pairs: tuple[tuple[str, str], ...], letter: str) -> None:
    assert grade_composition(composition(*pairs), RULES).letter == letter


def test_the_seed_year_against_its_original_budget() -> None:
    evaluation = Evaluation(
        department="某信访局",
        year=2024,
        budget=Budget(
            total=Line(initial=D("230.52"), adjusted=D("303.55"), executed=D("303.06")),
            basic=None,
        ),
    )
    (year,) = series_of(evaluation)
    assert year.outturn is not None
    assert round(year.outturn, 2) == D("131.47")
    assert round(year.execution or 0, 2) == D("99.84")
    assert year_band(year.outturn, RULES) == "D"
    assert grade_outturn([year], RULES).letter is None


def test_history_makes_the_three_years_and_ranking_orders_departments() -> None:
    def record(year: int, initial: str, executed: str) -> YearRecord:
        return YearRecord(year=year, budget=Budget(total=Line(initial=D(initial), executed=D(executed))))

    steady = Evaluation(
        department="甲局",
        year=2024,
        budget=Budget(total=Line(initial=D(100), adjusted=D(100), executed=D(99))),
        history=[record(2023, "100", "104"), record(2022, "100", "97")],
    )
    erratic = Evaluation(
        department="乙局",
        year=2024,
        budget=Budget(total=Line(initial=D(100), adjusted=D(130), executed=D(129))),
        history=[record(2023, "100", "88"), record(2022, "100", "112")],
    )
    ranked = rank([assess(e.department, series_of(e), RULES) for e in (erratic, steady)])
    assert [(d.department, d.outturn.letter if d.outturn else None) for d in ranked] == [
        ("甲局", "A"),
        ("乙局", "C"),
    ]
    assert [f.year for f in ranked[0].series] == [2024, 2023, 2022]

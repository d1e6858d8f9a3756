"""figures: derived totals, execution and adjustment rates, shares — exact Decimals from primary facts."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.figures import derive, sum_lines
from jixiao.model import BasicLine, Budget, Evaluation, Line, ProjectLine, Sources

D = Decimal


def _seed_like(with_total: bool = True) -> Evaluation:
    basic = BasicLine(
        initial=D("150.52"),
        adjusted=D("162.95"),
        executed=D("162.46"),
        personnel=Line(initial=D("130"), adjusted=D("140.6"), executed=D("140.6")),
        public=Line(initial=D("20.52"), adjusted=D("22.35"), executed=D("21.86")),
    )
    project = ProjectLine(
        initial=D(80),
        adjusted=D("140.6"),
        executed=D("140.6"),
        items=[Line(name="信访专项", initial=D(80), adjusted=D("140.6"), executed=D("140.6"))],
    )
    total = Line(initial=D("230.52"), adjusted=D("303.55"), executed=D("303.06")) if with_total else None
    return Evaluation(
        department="测试局",
        year=2024,
        budget=Budget(total=total, basic=basic, project=project, sources=Sources(other=Line(executed=D(1)))),
    )


def test_execution_rate_and_original_outturn() -> None:
    figures = derive(_seed_like())
    assert figures.execution_rate == D("303.06") * 100 / D("303.55")
    assert figures.original_outturn is not None
    assert figures.original_outturn.quantize(D("0.1")) == D("131.5")  # the PEFA-style view, domain §8.4
    assert figures.adjustment_rate == (D("303.55") - D("230.52")) * 100 / D("230.52")
    assert not figures.total_is_derived


def test_total_is_derived_from_basic_and_project_when_not_stated() -> None:
    figures = derive(_seed_like(with_total=False))
    assert figures.total_is_derived
    assert figures.total is not None
    assert figures.total.adjusted == D("162.95") + D("140.6")
    assert figures.total.executed == D("162.46") + D("140.6")
    assert figures.total.initial == D("230.52")


def test_no_budget_no_figures() -> None:
    figures = derive(Evaluation(department="x", year=2024))
    assert figures.total is None
    assert figures.execution_rate is None
    assert figures.lines == {}


def test_lines_have_canonical_paths_and_parents() -> None:
    lines = derive(_seed_like()).lines
    assert set(lines) == {
        "budget.total",
        "budget.basic",
        "budget.basic.personnel",
        "budget.basic.public",
        "budget.project",
        "budget.project.items[0]",
        "budget.sources.other",
    }
    assert lines["budget.basic.personnel"].parent == "budget.basic"
    assert lines["budget.basic.personnel"].label == "人员经费"
    assert lines["budget.project.items[0]"].label == "信访专项"
    assert lines["budget.project.items[0]"].parent == "budget.project"


def test_line_rates() -> None:
    public = derive(_seed_like()).lines["budget.basic.public"]
    assert public.execution_rate == D("21.86") * 100 / D("22.35")
    assert public.adjustment == D("1.83")
    assert public.adjustment_rate == D("1.83") * 100 / D("20.52")
    assert public.original_outturn == D("21.86") * 100 / D("20.52")


def test_zero_denominators_give_none() -> None:
    evaluation = Evaluation(
        department="x", year=2024, budget=Budget(total=Line(initial=D(0), adjusted=D(0), executed=D(0)))
    )
    figures = derive(evaluation)
    assert figures.execution_rate is None
    assert figures.original_outturn is None
    assert figures.adjustment_rate is None
    total = figures.lines["budget.total"]
    assert total.execution_rate is None
    assert total.adjustment_rate is None


def test_shares_of_the_parent() -> None:
    figures = derive(_seed_like())
    assert figures.share("budget.basic.personnel") == D("140.6") * 100 / D("162.46")
    assert figures.share("budget.basic") == D("162.46") * 100 / D("303.06")
    assert figures.share("budget.total") is None  # the whole has no parent
    derived = derive(_seed_like(with_total=False))
    assert derived.share("budget.project") == D("140.6") * 100 / (D("162.46") + D("140.6"))


def test_sum_lines_only_sums_columns_every_part_states() -> None:
    total = sum_lines([Line(initial=D(1), executed=D(2)), Line(initial=D(3))], "合计")
    assert total.initial == D(4)
    assert total.executed is None
    assert total.adjusted is None
    assert total.name == "合计"


@given(
    st.lists(
        st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=10,
    )
)
def test_sum_lines_is_exact(parts: list[Decimal]) -> None:
    total = sum_lines([Line(adjusted=p) for p in parts])
    assert total.adjusted == sum(parts, D(0))

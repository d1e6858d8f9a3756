"""Budget reliability in the manner of PEFA 2016 (PI-1, PI-2), per department, over the last three years.

PEFA measures a year's spending against the **originally approved** budget (年初预算), never the supplementary
one; the Chinese 执行率 divides by the adjusted budget (全年预算), which absorbs every mid-year addition. The
雁峰区信访局's 2024: 99.84 % executed against the adjusted budget, 131.47 % of the original one.

- PI-1 (dimension 1.1): outturn = 全年执行 ÷ 年初预算 × 100. A: between 95 % and 105 % in at least two of the
  last three years; B: 90–110 %; C: 85–115 %; D otherwise. Bands are rule-set data (``reliability``).
- PI-2 (dimensions 2.1/2.2, adapted): the composition variance of the heads the report gives with both an
  original budget and an outturn (人员经费 / 日常公用经费 / 项目支出, else the projects, else 基本 / 项目):
  each head's original budget is scaled by total outturn ÷ total original budget, and the variance is the sum
  of the heads' absolute deviations from it over the total outturn. A: below 5 % in at least two of the last
  three years; B: below 10 %; C: below 15 %.
A series with fewer years of data than the rule needs (two) gets no grade: it says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import Budget, Evaluation, Line
from jixiao.numbers import HUNDRED
from jixiao.rules.model import Reliability as ReliabilityRules

NO_GRADE_REASON = "数据不足（近三年中有年初预算和执行数的年份少于{n}年）"


@dataclass(frozen=True)
class Head:
    label: str
    initial: Decimal
    executed: Decimal


@dataclass(frozen=True)
class YearFigures:
    """One year of one department: the whole's 年初预算, 全年预算 and 全年执行, and the composition heads."""

    year: int
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    heads: tuple[Head, ...] = ()
    rule_score: Decimal | None = None
    declared_score: Decimal | None = None
    grade: str | None = None

    @property
    def outturn(self) -> Decimal | None:
        """全年执行 ÷ 年初预算 × 100 (PEFA PI-1)."""
        if self.executed is None or not self.initial:
            return None
        return self.executed * HUNDRED / self.initial

    @property
    def execution(self) -> Decimal | None:
        """全年执行 ÷ 全年预算 × 100 (the Chinese 执行率)."""
        if self.executed is None or not self.adjusted:
            return None
        return self.executed * HUNDRED / self.adjusted

    @property
    def adjustment(self) -> Decimal | None:
        """(全年预算 − 年初预算) ÷ 年初预算 × 100 (预算调整率)."""
        if self.adjusted is None or not self.initial:
            return None
        return (self.adjusted - self.initial) * HUNDRED / self.initial

    @property
    def composition_variance(self) -> Decimal | None:
        """PEFA PI-2 variance over ``heads`` (two heads at least), in percent."""
        return composition_variance(self.heads)


def composition_variance(heads: Sequence[Head]) -> Decimal | None:
    """Σ |outturn_i − original_i × (Σ outturn ÷ Σ original)| ÷ Σ outturn × 100; None when not computable."""
    if len(heads) < 2:
        return None
    budget = sum((h.initial for h in heads), Decimal(0))
    outturn = sum((h.executed for h in heads), Decimal(0))
    if budget <= 0 or outturn <= 0:
        return None
    deviation = sum((abs(h.executed - h.initial * outturn / budget) for h in heads), Decimal(0))
    variance: Decimal = deviation * HUNDRED / outturn
    return variance


def _whole(budget: Budget) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The whole's three amounts: the stated total, else 基本 + 项目 column by column."""
    total = budget.total
    parts = [line for line in (budget.basic, budget.project) if line is not None]

    def column(name: str) -> Decimal | None:
        stated: Decimal | None = getattr(total, name) if total is not None else None
        if stated is not None:
            return stated
        values: list[Decimal | None] = [getattr(part, name) for part in parts]
        if not values or any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Decimal(0))

    return column("initial"), column("adjusted"), column("executed")


def _heads(lines: Iterable[tuple[str, Line | None]]) -> tuple[Head, ...] | None:
    found = []
    for label, line in lines:
        if line is None or line.initial is None or line.executed is None:
            return None
        found.append(Head(label, line.initial, line.executed))
    return tuple(found) if len(found) >= 2 else None


def composition_heads(budget: Budget) -> tuple[Head, ...]:
    """The finest split of spending with an original budget and an outturn for every head."""
    basic, project = budget.basic, budget.project
    candidates: list[list[tuple[str, Line | None]]] = []
    if basic is not None and project is not None:
        candidates.append(
            [("人员经费", basic.personnel), ("日常公用经费", basic.public), ("项目支出", project)]
        )
    if basic is not None and project is not None and project.items:
        candidates.append(
            [
                ("基本支出", basic),
                *((item.name or f"项目{i + 1}", item) for i, item in enumerate(project.items)),
            ]
        )
    candidates.append([("基本支出", basic), ("项目支出", project)])
    for lines in candidates:
        heads = _heads(lines)
        if heads:
            return heads
    return ()


def year_figures(
    year: int,
    budget: Budget,
    rule_score: Decimal | None = None,
    declared_score: Decimal | None = None,
    grade: str | None = None,
) -> YearFigures:
    initial, adjusted, executed = _whole(budget)
    return YearFigures(
        year, initial, adjusted, executed, composition_heads(budget), rule_score, declared_score, grade
    )


def series_of(
    evaluation: Evaluation, rule_score: Decimal | None = None, grade: str | None = None
) -> list[YearFigures]:
    """This year's figures and the earlier years the evaluation carries (``history``), newest first."""
    found: dict[int, YearFigures] = {}
    if evaluation.year is not None:
        found[evaluation.year] = year_figures(
            evaluation.year, evaluation.budget, rule_score, evaluation.declared.total_score, grade
        )
    for record in evaluation.history:
        found.setdefault(
            record.year,
            year_figures(record.year, record.budget, record.rule_score, record.declared_score, record.grade),
        )
    return [found[year] for year in sorted(found, reverse=True)]


def merge_series(series: Iterable[Sequence[YearFigures]]) -> list[YearFigures]:
    """Several files of one department: each year once (the first given wins), newest first."""
    found: dict[int, YearFigures] = {}
    for one in series:
        for figures in one:
            found.setdefault(figures.year, figures)
    return [found[year] for year in sorted(found, reverse=True)]


@dataclass(frozen=True)
class Grade:
    """A PEFA-style grade over the last years, with the years that made it."""

    letter: str | None  # A B C D, or None when the data do not allow one
    values: tuple[tuple[int, Decimal | None], ...]  # (year, outturn % or variance %) of the window
    reason: str = ""


def _window(series: Sequence[YearFigures], years: int) -> list[YearFigures]:
    if not series:
        return []
    latest = series[0].year
    return [f for f in series if latest - years < f.year <= latest]


def _grade(
    values: tuple[tuple[int, Decimal | None], ...],
    bands: Sequence[tuple[str, Decimal]],
    needed: int,
    holds: Callable[[Decimal, Decimal], bool],
    says: Callable[[int, Decimal], str],
) -> Grade:
    """The first band (A, B, C) that ``holds`` in at least ``needed`` of the years with data, else D."""
    known = [v for _, v in values if v is not None]
    if len(known) < needed:
        return Grade(None, values, NO_GRADE_REASON.format(n=needed))
    for letter, band in bands:
        inside = sum(1 for v in known if holds(v, band))
        if inside >= needed:
            return Grade(letter, values, says(inside, band))
    return Grade("D", values, "低于 C 档要求")


def grade_outturn(series: Sequence[YearFigures], rules: ReliabilityRules) -> Grade:
    """PI-1: the best band holding the outturn in at least ``years_needed`` of the last ``years`` years."""
    values = tuple((f.year, f.outturn) for f in _window(series, rules.years))
    return _grade(
        values,
        rules.outturn_bands,
        rules.years_needed,
        lambda v, band: abs(v - HUNDRED) <= band,
        lambda n, band: f"{n} 年在 {100 - band}%–{100 + band}% 之间",
    )


def grade_composition(series: Sequence[YearFigures], rules: ReliabilityRules) -> Grade:
    """PI-2: the best band whose limit the variance stays below in at least ``years_needed`` years."""
    values = tuple((f.year, f.composition_variance) for f in _window(series, rules.years))
    return _grade(
        values,
        rules.composition_bands,
        rules.years_needed,
        lambda v, limit: v < limit,
        lambda n, limit: f"{n} 年低于 {limit}%",
    )


def year_band(outturn: Decimal | None, rules: ReliabilityRules) -> str | None:
    """The PI-1 band one year's outturn falls in (an indication only: PEFA grades three years)."""
    if outturn is None:
        return None
    for letter, band in rules.outturn_bands:
        if abs(outturn - HUNDRED) <= band:
            return letter
    return "D"


GRADE_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3, None: 4}


@dataclass
class DepartmentReliability:
    """One department's series and grades (what the bureau's ranking shows)."""

    department: str
    series: list[YearFigures] = field(default_factory=list)
    outturn: Grade | None = None
    composition: Grade | None = None

    @property
    def rank_key(self) -> tuple[int, int, Decimal]:
        """Better first: PI-1, then PI-2, then the latest year's distance from 100 %."""
        latest = self.series[0].outturn if self.series and self.series[0].outturn is not None else None
        distance = abs(latest - HUNDRED) if latest is not None else Decimal(10**6)
        return (
            GRADE_ORDER[self.outturn.letter if self.outturn else None],
            GRADE_ORDER[self.composition.letter if self.composition else None],
            distance,
        )


def assess(department: str, series: Sequence[YearFigures], rules: ReliabilityRules) -> DepartmentReliability:
    return DepartmentReliability(
        department, list(series), grade_outturn(series, rules), grade_composition(series, rules)
    )


def rank(departments: Iterable[DepartmentReliability]) -> list[DepartmentReliability]:
    """Most reliable first."""
    return sorted(departments, key=lambda d: (d.rank_key, d.department))

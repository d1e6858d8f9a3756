"""Each measure on hand-computed tables: deadline edges, extensions, weekends, carried-over rows, logic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jixiao.records.engine import Period, add_working_days, evaluate, working_days_between
from jixiao.records.formula import FormulaError, parse_formula

from .helpers import table

Y2024 = Period.year(2024)


def run(formula: str, rows: list[dict[str, object]], days: str = "calendar", period: Period = Y2024):  # type: ignore[no-untyped-def]
    names = sorted({key for row in rows for key in row})
    return evaluate(parse_formula(formula), table(rows, names), period, days)  # type: ignore[arg-type]


def test_day_60_is_in_time_and_day_61_is_late() -> None:
    # accepted 1 March; 30 April is the 60th day after it, 1 May the 61st
    rows = [
        {"受理": "2024-03-01", "办结": "2024-04-30"},
        {"受理": "2024-03-01", "办结": "2024-05-01"},
    ]
    result = run("within(受理, 办结, 60天)", rows)
    assert (result.k, result.n) == (1, 2)
    assert result.value == Decimal(50)


def test_an_extension_granted_moves_the_limit_by_its_days() -> None:
    rows = [
        {"受理": "2024-03-01", "办结": "2024-05-30", "延期": "30"},  # day 90 with 30 granted: in time
        {"受理": "2024-03-01", "办结": "2024-05-31", "延期": "30"},  # day 91: late
        {"受理": "2024-03-01", "办结": "2024-05-30", "延期": "0"},  # day 90 without: late
    ]
    result = run("within(受理, 办结, 60天 + 延期)", rows)
    assert (result.k, result.n) == (1, 3)


def test_weekends_count_as_calendar_days_unless_working_days_are_asked_for() -> None:
    # accepted Fri 2024-03-01: day 60 is Tue 30 April; a 15-day limit from Fri 1 March ends Sat 16 March
    rows = [{"登记": "2024-03-01", "处理": "2024-03-18"}]  # Monday 18 March: day 17
    assert run("within(登记, 处理, 15天)", rows).k == 0  # calendar: late, the weekend does not extend it
    working = run("within(登记, 处理, 15天)", rows, days="working")
    assert working.k == 1  # Mon 4 … Mon 18 March is 11 working days
    assert working_days_between(date(2024, 3, 1), date(2024, 3, 18)) == 11
    assert add_working_days(date(2024, 3, 1), 5) == date(2024, 3, 8)


def test_a_case_is_counted_in_the_year_its_outcome_became_known() -> None:
    rows = [
        {"受理": "2023-12-10", "办结": "2024-01-20"},  # carried over, concluded in time in 2024: counted
        {"受理": "2023-09-01", "办结": "2024-01-05"},  # limit ran out on 2023-10-31: a 2023 late case
        {"受理": "2024-12-01", "办结": None},  # open, due 2025-01-30: pending, not counted
        {"受理": "2024-10-01", "办结": None},  # open, due 2024-11-30: late in 2024
        {"受理": "2024-11-20", "办结": "2024-12-30"},  # concluded in time in 2024
    ]
    result = run("within(受理, 办结, 60天)", rows)
    assert (result.k, result.n, result.pending) == (2, 3, 1)


def test_end_before_start_is_a_problem_and_not_counted() -> None:
    rows = [{"受理": "2024-03-10", "办结": "2024-03-01"}, {"受理": "2024-03-10", "办结": "2024-03-11"}]
    t = table(rows, ["受理", "办结"])
    result = evaluate(parse_formula("within(受理, 办结, 60天)"), t, Y2024)
    assert (result.k, result.n) == (1, 1)
    assert [(p.code, p.row) for p in t.problems] == [("REC011", 1)]


def test_average_days_is_exact() -> None:
    rows = [
        {"受理": "2024-01-01", "办结": "2024-01-11"},
        {"受理": "2024-01-01", "办结": "2024-01-04"},
        {"受理": "2024-01-01", "办结": "2024-01-02"},
        {"受理": "2023-11-01", "办结": "2023-12-01"},  # concluded in 2023: not this year's
    ]
    result = run("avg_days(受理, 办结)", rows)
    assert (result.k, result.n) == (14, 3)
    assert result.value == Decimal(14) / Decimal(3)


def test_count_sum_share_ratio() -> None:
    rows = [
        {"类别": "培训", "人数": "30", "日期": "2024-02-01"},
        {"类别": "培训", "人数": "12.5", "日期": "2024-06-01"},
        {"类别": "会议", "人数": "8", "日期": "2023-12-30"},
        {"类别": "培训", "人数": None, "日期": "2024-07-01"},
    ]
    assert run("count(类别 = 培训)", rows).k == 3
    total = run("sum(人数, 类别 = 培训)", rows)
    assert (total.value, total.rows, total.skipped) == (Decimal("42.5"), 2, 1)
    share = run("share(类别 = 培训, 日期 属于本年度)", rows)
    assert (share.k, share.n) == (3, 3)
    ratio = run("ratio(类别 = 会议, 类别 = 培训)", rows)
    assert (ratio.k, ratio.n) == (1, 3)


def test_three_valued_logic_an_empty_cell_is_unknown() -> None:
    rows = [{"号": "1", "评价": "满意"}, {"号": "2", "评价": "不满意"}, {"号": "3", "评价": None}]
    assert run("count(评价 = 满意)", rows).k == 1
    assert run("count(非 评价 = 满意)", rows).k == 1  # the empty one is neither
    assert run("count(评价 为空)", rows).k == 1
    assert run("count(评价 = 满意 或 评价 为空)", rows).k == 2


def test_a_missing_column_or_a_value_of_the_wrong_type() -> None:
    rows = [{"开始": "2024-01-01", "结束": "未办结"}]
    with pytest.raises(FormulaError, match="没有“完成”列"):
        run("count(完成 = 是)", rows)
    t = table(rows, ["开始", "结束"])
    result = evaluate(parse_formula("count(结束 - 开始 <= 10天)"), t, Y2024)
    assert result.k == 0
    assert [p.code for p in t.problems] == ["REC010"]


def test_month_periods_split_the_year() -> None:
    rows = [{"受理": "2024-01-05", "办结": "2024-01-20"}, {"受理": "2024-01-25", "办结": "2024-02-10"}]
    january = run("within(受理, 办结, 60天)", rows, period=Period(date(2024, 1, 1), date(2024, 1, 31)))
    assert (january.k, january.n) == (1, 1)

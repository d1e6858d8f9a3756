"""Properties over generated registers: every rate is k/n of whole counts, and RAT001 (which flags rates
no whole count can give) agrees with what a register gives."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.registry import Context, run_checks
from jixiao.figures import derive
from jixiao.model import Evaluation, RateFact
from jixiao.numbers import format_percent, parse_percent, reachable_counts, round_half_up
from jixiao.records.engine import Period
from jixiao.records.register import measure_register
from jixiao.rules import load_ruleset
from jixiao.scoring import score

from .helpers import register

START = date(2023, 10, 1)


@st.composite
def matters(draw: st.DrawFn) -> list[dict[str, object]]:
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=60))):
        registered = START + timedelta(days=draw(st.integers(0, 500)))
        row: dict[str, object] = {"编号": f"N{i}", "登记日期": registered.isoformat()}
        row["渠道"] = draw(st.sampled_from(["来信", "来访", "网上", "电话"]))
        if draw(st.booleans()):
            accepted = registered + timedelta(days=draw(st.integers(0, 25)))
            row |= {"是否受理": "是", "受理日期": accepted.isoformat()}
            if draw(st.booleans()):
                row["办结日期"] = (accepted + timedelta(days=draw(st.integers(0, 100)))).isoformat()
                row["延期"] = str(draw(st.sampled_from([0, 0, 15, 30])))
                row["评价"] = draw(st.sampled_from(["满意", "基本满意", "不满意", "未评价"]))
        row["是否积案"] = draw(st.sampled_from(["是", "否", "否"]))
        if row["是否积案"] == "是" and draw(st.booleans()):
            row["积案化解日期"] = (registered + timedelta(days=draw(st.integers(0, 400)))).isoformat()
        row["重复信访"] = draw(st.sampled_from(["是", "否", "否", "否"]))
        rows.append(row)
    return rows


def rat001(base: int, rate: str) -> bool:
    """Does RAT001 flag ``rate`` stated over ``base``?"""
    evaluation = Evaluation(
        department="甲", year=2024, rates=[RateFact(label="率", base=base, rate=parse_percent(rate))]
    )
    ruleset, _ = load_ruleset(None)
    assert ruleset is not None
    card, _ = score(evaluation, ruleset)
    ctx = Context(evaluation=evaluation, figures=derive(evaluation), scorecard=card, ruleset=ruleset)
    return any(issue.code == "RAT001" for issue in run_checks(ctx))


@settings(max_examples=60, deadline=None)
@given(matters(), st.integers(min_value=0, max_value=2))
def test_every_rate_is_k_over_n_and_rat001_accepts_it(rows: list[dict[str, object]], decimals: int) -> None:
    for row in measure_register(register(rows), Period.year(2024)):
        m = row.measurement
        assert m is not None
        if m.unit != "%":
            continue
        assert m.n is not None
        assert m.k == int(m.k)
        assert 0 <= m.k <= m.n
        if m.n == 0:
            assert m.value is None
            continue
        assert m.value == m.k * 100 / Decimal(m.n)
        stated = format_percent(round_half_up(m.value, decimals), decimals)
        assert int(m.k) in reachable_counts(m.n, round_half_up(m.value, decimals), decimals)
        assert not rat001(m.n, stated)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=9999))
def test_a_rate_rat001_flags_is_no_register_s_rate(base: int, hundredths: int) -> None:
    stated = Decimal(hundredths) / 100
    if rat001(base, f"{stated}%"):
        assert all(round_half_up(Decimal(k) * 100 / base, 2) != stated for k in range(base + 1))


def test_the_seed_backlog_rate() -> None:
    assert rat001(125, "88.9%")
    assert not rat001(125, "88.8%")
    assert not rat001(125, "89.6%")

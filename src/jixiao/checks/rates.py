"""Rates over whole counts (RAT): a stated rate must be reachable as k/n; never above 100 %."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._support import fmt, rate_verdict
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue
from jixiao.model import RateFact
from jixiao.numbers import HUNDRED, distinguishing_decimals, format_percent, reachable_counts, round_half_up

MAX_CANDIDATES = 50


def candidate_bases(facts: list[RateFact], fact: RateFact, depth: int = 0) -> list[int]:
    """The whole counts the fact's base can be: stated, or every reachable numerator of ``base_of``."""
    if fact.base is not None:
        return [fact.base]
    if fact.base_of is None or depth > 5:
        return []
    source = next((f for f in facts if f.label == fact.base_of), None)
    if source is None:
        return []
    if source.count is not None:
        return [source.count]
    found: list[int] = []
    for base in candidate_bases(facts, source, depth + 1):
        found.extend(reachable_counts(base, source.rate.value, source.rate.decimals))
    return sorted(set(found))[:MAX_CANDIDATES]


def _nearest(base: int, rate: Decimal, decimals: int) -> str:
    k = int(rate * base / HUNDRED)
    options = [n for n in (k, k + 1) if 0 <= n <= base]
    return "，".join(f"{n}/{base} = {format_percent(Decimal(n) * HUNDRED / base, decimals)}" for n in options)


@check("RAT001", name="rates.reachable-from-whole-count", group="rates")
def reachable_from_whole_count(ctx: Context) -> Iterator[Issue]:
    """以整数件数（人数）为基数的比率必须能由某个整数 k/n 得到 (granularity).

    Wrong::

        rates: [{label: 审核化解率, base: 125, rate: 88.9%}]    # 111/125 = 88.8%, 112/125 = 89.6%

    Right::

        rates: [{label: 审核化解率, base: 125, rate: 88.8%}]
    """
    facts = ctx.evaluation.rates
    for i, fact in enumerate(facts):
        if fact.count is not None or fact.rate.value > HUNDRED or fact.rate.approx:
            continue  # a stated count is checked by RAT003; >100 % by RAT002
        bases = candidate_bases(facts, fact)
        if not bases:
            continue
        if any(reachable_counts(base, fact.rate.value, fact.rate.decimals) for base in bases):
            continue
        stated = f"{fmt(fact.rate.value)}%"
        if len(bases) == 1:
            detail = f"基数 {bases[0]}：{_nearest(bases[0], fact.rate.value, fact.rate.decimals)}"
        else:
            detail = f"基数可能为 {bases[0]}–{bases[-1]}（由“{fact.base_of}”推得），均得不到该比率"
        yield ctx.issue(
            f"rates[{i}].rate",
            f"“{fact.label}”{stated} 不可能由整数件数得到（{detail}）",
            expected=f"k/{bases[0]}" if len(bases) == 1 else "k/n",
            found=stated,
            hint="核对比率或基数：比率应为 完成件数 ÷ 总件数，按四舍五入保留小数",
        )


@check("RAT002", name="rates.at-most-100-percent", group="rates")
def at_most_100_percent(ctx: Context) -> Iterator[Issue]:
    """受理率、办结率、参评率、满意率等比率不超过 100 %.

    Wrong::

        rates: [{label: 满意率, base: 851, rate: 100.4%}]

    Right::

        rates: [{label: 满意率, base: 851, rate: 99.41%}]
    """
    for i, fact in enumerate(ctx.evaluation.rates):
        if fact.rate.value > HUNDRED:
            yield ctx.issue(
                f"rates[{i}].rate",
                f"“{fact.label}”为 {fmt(fact.rate.value)}%，超过 100%",
                expected="≤ 100%",
                found=f"{fmt(fact.rate.value)}%",
            )


@check("RAT003", name="rates.count-matches-rate", group="rates")
def count_matches_rate(ctx: Context) -> Iterator[Issue]:
    """填报了分子时：分子 ≤ 基数，且 分子 ÷ 基数 = 填报比率.

    Wrong::

        rates: [{label: 及时受理率, base: 330, count: 320, rate: 100%}]

    Right::

        rates: [{label: 及时受理率, base: 330, count: 330, rate: 100%}]
    """
    for i, fact in enumerate(ctx.evaluation.rates):
        if fact.count is None or fact.base is None:
            continue
        if fact.count > fact.base:
            yield ctx.issue(
                f"rates[{i}].count",
                f"“{fact.label}”分子 {fact.count} 大于基数 {fact.base}",
                expected=f"≤ {fact.base}",
                found=str(fact.count),
            )
            continue
        if fact.base == 0:
            continue
        exact = Decimal(fact.count) * HUNDRED / Decimal(fact.base)
        verdict, _expected = rate_verdict(exact, fact.rate.value, fact.rate.decimals)
        if verdict == "wrong":
            places = distinguishing_decimals(exact, fact.rate.value, fact.rate.decimals)
            shown = format_percent(round_half_up(exact, places), places)
            yield ctx.issue(
                f"rates[{i}].rate",
                f"“{fact.label}”{fact.count} ÷ {fact.base} = {shown}，填报为 {fmt(fact.rate.value)}%",
                expected=shown,
                found=f"{fmt(fact.rate.value)}%",
            )

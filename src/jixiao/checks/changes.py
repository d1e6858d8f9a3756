"""Changes (FIG001): a stated change rate against the amounts it follows from.

``本年X万元，比上年增加D万元，增长R%`` states three figures of one relation: last year was X − D, and R must
be D ÷ (X − D). Decreases alike (X + D). In a table, a column of 比上年增长(%) beside a column of amounts
over consecutive years is the same relation row by row. The rate is compared as ADR 0008 says (rounded
is right, truncated a warning), and over the rounding intervals of the printed amounts (ADR 0018): a rate
only reachable within them is a warning, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from jixiao.checks._facts import (
    HUNDRED,
    RateVerdict,
    half_step,
    judge_percent,
    place,
    verdict_wording,
    wanyuan,
    written,
)
from jixiao.checks._grid import grids_of
from jixiao.checks._prose import sentences_of
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.checks.restated import Vocabulary, _plain, named_figures_of, vocabulary_of
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.checks._grid import Grid, Row
    from jixiao.checks._prose import Sentence
    from jixiao.inputs.facts import Fact

UP = "增加|增长|增收|增支|上升|提高|多|增幅"
DOWN = "减少|下降|减收|减支|降低|少|节约|压减|缩减|降幅|减幅|回落"
_CHANGE = re.compile(rf"(?P<word>{UP}|{DOWN})了?(?:为|达|至)?\s*$")
_DOWN = re.compile(rf"^(?:{DOWN})$")
BASIS = re.compile(
    r"同比|比上年|较上年|比去年|较去年|上年同期|与上年相比|与去年相比|比上期|较上期|比年初|较年初"
    r"|[比较]\s*20\d\d\s*年|与\s*20\d\d\s*年相比"
)
MAX_GAP = 40  # characters between an amount and the change that follows it in one sentence


@dataclass(slots=True)
class Change:
    """An amount, and the change amount and/or change rate stated after it."""

    amount: Fact
    basis: str
    delta: Fact | None = None
    rate: Fact | None = None
    down: bool = False
    words: tuple[str, str] = ("", "")  # as written before the change amount and the change rate


def _word_before(ctx: Context, fact: Fact) -> str | None:
    assert ctx.document is not None
    before = ctx.document.text[max(0, fact.start - 8) : fact.start].replace("\n", "").replace(" ", "")
    match = _CHANGE.search(before)
    return match.group("word") if match else None


_OF_RATE = re.compile(r"^\s*(?:元|万元|亿元|千元|万|亿)?\s*的\s*\d")


def _denominator(ctx: Context, fact: Fact) -> bool:
    """``完成年初预算数60999万元的40.4%``: the amount a rate is taken of, not the sentence's subject."""
    assert ctx.document is not None
    return bool(_OF_RATE.match(ctx.document.text[fact.end : fact.end + 8]))


def changes(ctx: Context) -> Iterator[Change]:
    """Every amount in prose followed, in its sentence, by a change against last year (or the budget)."""
    document = ctx.document
    if document is None:
        return
    previous = None
    for sentence in sentences_of(ctx):
        current: Change | None = _carried(ctx, previous, sentence)
        previous = sentence
        for fact in sentence.facts:
            word = _word_before(ctx, fact)
            if word is None:
                if fact.kind == "amount" and fact.unit and not _denominator(ctx, fact):
                    if current is not None and (current.delta or current.rate):
                        yield current
                    current = Change(fact, "")
                continue
            if current is None or fact.kind not in ("amount", "rate"):
                continue
            gap = sentence.between(document, max(current.amount.end, sentence.start), fact.start)
            basis = BASIS.search(gap)
            if len(gap) > MAX_GAP or "其中" in gap or (not current.basis and basis is None):
                continue
            current.basis = current.basis or (basis.group() if basis else "")
            down = bool(_DOWN.match(word))
            if (current.delta or current.rate) and current.down != down:
                continue  # 增加 … 下降: two different changes, or a misreading
            current.down = down
            if fact.kind == "amount" and fact.unit and current.delta is None:
                current.delta = fact
                current.words = (word, current.words[1])
            elif fact.kind == "rate" and fact.unit == "%" and current.rate is None:
                current.rate = fact
                current.words = (current.words[0], word)
        if current is not None and (current.delta or current.rate):
            yield current


# a sentence opening with its basis (``较 2022 年度决算数增加 0.78 万元，增长 10.8%``): the change of the
# amount the sentence before it stated (``上年结转和结余 8.02 万元，为……的资金。``)
_LEADS_WITH_BASIS = re.compile(r"^\s*(?:较|比|与)\s*(?:上年|去年|上一年|(?:19|20)\d\d\s*年)")


def _carried(ctx: Context, previous: Sentence | None, sentence: Sentence) -> Change | None:
    """The change a sentence opening with its basis states of the previous sentence's first amount, when
    the two sentences adjoin and this one states no amount of its own before its change."""
    assert ctx.document is not None
    lead = _LEADS_WITH_BASIS.match(sentence.text(ctx.document))
    if lead is None or previous is None or previous.end != sentence.start:
        return None
    for fact in sentence.facts:
        if _word_before(ctx, fact) is not None:
            break
        if fact.kind == "amount":
            return None  # the sentence states its own amount first
    base = next(
        (f for f in previous.facts if f.kind == "amount" and f.unit and not _denominator(ctx, f)), None
    )
    return Change(base, lead.group().strip()) if base is not None else None


@check("FIG001", name="figures.change-rate-matches-amounts", group="figures")
def change_rate_matches_amounts(ctx: Context) -> Iterator[Issue]:
    """增长率（下降率）= 增减额 ÷ 上年数，上年数 = 本年数 ∓ 增减额（文中同一句所述，或表中逐年各行）.

    Wrong::

        商品和服务支出 64200 元，同比增加 41380 元，增长 50.63%。

    Right::

        商品和服务支出 64200 元，同比增加 21580 元，增长 50.63%。
    """
    for change in changes(ctx):
        if change.delta is not None and change.rate is not None:
            issue = _prose_issue(ctx, change)
            if issue is not None:
                yield issue
    if ctx.document is not None:
        for grid in grids_of(ctx):
            yield from _yearly(ctx, grid)
            yield from _growth_row(ctx, grid)


def _prose_issue(ctx: Context, change: Change) -> Issue | None:
    amount, delta, rate = change.amount, change.delta, change.rate
    assert delta is not None
    assert rate is not None
    a, d = wanyuan(amount), wanyuan(delta)
    if a is None or d is None or d < 0 or rate.value < 0:
        return None
    ha = half_step(amount) * (a / amount.value if amount.value else 1)
    hd = half_step(delta) * (d / delta.value if delta.value else 1)
    sign = 1 if change.down else -1
    prior = a + sign * d
    if prior <= 0:
        return None
    exact = d * HUNDRED / prior
    if change.down:
        low = (d - hd) * HUNDRED / (a + ha + d - hd) if a + ha + d - hd > 0 else exact
        high = (d + hd) * HUNDRED / (a - ha + d + hd) if a - ha + d + hd > 0 else exact
    else:
        low_den, high_den = a + ha - (d - hd), a - ha - (d + hd)
        low = (d - hd) * HUNDRED / low_den if low_den > 0 else exact
        high = (d + hd) * HUNDRED / high_den if high_den > 0 else exact
    verdict = judge_percent(rate.value, exact, min(low, high), max(low, high))
    if verdict.verdict == "consistent":
        return None
    prior_amount = prior / (a / amount.value) if amount.value and a else prior
    op = "+" if change.down else "−"
    line = ctx.line_of(amount.start)
    elsewhere = {ctx.line_of(delta.start), ctx.line_of(rate.start)} - {line}
    lines = f"（第{'、'.join(str(n) for n in sorted(n for n in elsewhere if n))}行）" if elsewhere else ""
    said = (
        f"{place(ctx, amount)}，{change.basis}{change.words[0]}{written(delta)}、"
        f"{change.words[1]}{written(rate)}{lines}：上年数应为 {fmt(amount.value)} {op} "
        f"{fmt(_same_unit(delta, amount))} = {fmt(prior_amount)}，{fmt(_same_unit(delta, amount))} ÷ "
        f"{fmt(prior_amount)} = {fmt(round(exact, 4))}%"
    )
    return _rate_issue(ctx, verdict, rate, said, [amount, delta, rate])


def _same_unit(fact: Fact, like: Fact) -> Decimal:
    """``fact``'s amount in the unit of ``like`` (as written in the message beside it)."""
    a, b = wanyuan(fact), wanyuan(like)
    if a is None or b is None or not like.value or b == 0:
        return fact.value
    return (a * like.value / b).normalize() if fact.unit != like.unit else fact.value


def _rate_issue(ctx: Context, verdict: object, rate: Fact, said: str, facts: list[Fact]) -> Issue:
    assert isinstance(verdict, RateVerdict)
    # an error is a warning when an input was read by OCR unsurely (ctx.issue)
    message, severity = verdict_wording(said, verdict, written(rate))
    return ctx.issue(
        None,
        message,
        expected=f"{fmt(verdict.expected)}%",
        found=written(rate),
        severity=severity,
        at=(rate.start, rate.end),
        cites=facts,
        hint="核对增减额、本年数与增减率：增减率 = 增减额 ÷ 上年数",
    )


def _growth_verdict(now: Fact, then: Fact, rate: Fact) -> tuple[Decimal, RateVerdict]:
    """The growth ``rate`` stated for ``now`` over ``then`` (same unit, ``then`` > 0) against
    (now − then) ÷ then, the interval spanned by the printed inputs' rounding half-steps included."""
    exact = (now.value - then.value) * HUNDRED / then.value
    hn, ht = half_step(now), half_step(then)
    low = (now.value - hn - then.value - ht) * HUNDRED / (then.value + ht)
    high = (now.value + hn - then.value + ht) * HUNDRED / (then.value - ht)
    return exact, judge_percent(rate.value, exact, min(low, high), max(low, high))


_GROWTH_HEADER = re.compile(r"增长|增幅|增减|比上年")
_YEAR_LABEL = re.compile(r"^(?:19|20)\d\d")


def _yearly(ctx: Context, grid: Grid) -> Iterator[Issue]:
    """A table of years (one row each) with an amount column followed by its 比上年增长(%) column."""
    rows = [row for row in grid.rows if row.cells]
    years = [_year_of(row) for row in rows]
    if len(rows) < 3 or any(y is None for y in years):
        return
    if any(b != a + 1 for a, b in pairwise(years)):  # type: ignore[operator]
        return
    columns = sorted({c for row in rows for c in row.cells})
    for amount_column, growth_column in pairwise(columns):
        if not _GROWTH_HEADER.search(grid.headers.get(growth_column, "")):
            continue
        yield from _yearly_column(ctx, rows, [str(y) for y in years], amount_column, growth_column)


_GROWTH_ROW = re.compile(
    r"(?:增减|增长|增幅|增降|变动)(?:率|幅度|%|百分比|[(（]%[)）])|比上年增减|同比增减|^增减$"
)


def _growth_row(ctx: Context, grid: Grid) -> Iterator[Issue]:
    """Two rows of two years (``2015年``, ``2016年``) and under them a row of their change
    (``2016年比2015年增减%``): in every column the change is the later year's figure over the earlier's."""
    rows = [row for row in grid.rows if row.cells]
    for first, second, growth in zip(rows, rows[1:], rows[2:], strict=False):
        if not _GROWTH_ROW.search(growth.label.replace(" ", "")):
            continue
        years = _year_of(first), _year_of(second)
        if years[0] is None or years[1] is None or years[0] == years[1]:
            continue
        then_row, now_row = (first, second) if years[0] < years[1] else (second, first)
        year = str(max(years[0], years[1]))
        for column, rate in sorted(growth.cells.items()):
            if rate.kind not in ("rate", "number"):  # the row's label says %: its cells may not
                continue
            now, then = now_row.cells.get(column), then_row.cells.get(column)
            if now is None or then is None or then.value <= 0 or now.kind not in ("amount", "number"):
                continue
            if then.kind not in ("amount", "number") or now.unit != then.unit:
                continue
            exact, verdict = _growth_verdict(now, then, rate)
            if verdict.verdict == "consistent":
                continue
            line_now, line_then = ctx.line_of(now.start), ctx.line_of(then.start)
            said = (
                f"表中第{line_now}行 {year} 年为 {fmt(now.value)}，第{line_then}行"
                f"上一年度为 {fmt(then.value)}，第{ctx.line_of(rate.start)}行增减写作 {fmt(rate.value)}%："
                f"({fmt(now.value)} − {fmt(then.value)}) ÷ {fmt(then.value)} = {fmt(round(exact, 4))}%"
            )
            yield _rate_issue(ctx, verdict, rate, said, [now, then, rate])


def _year_of(row: Row) -> int | None:
    label = row.label.strip()
    if _YEAR_LABEL.match(label):
        return int(label[:4])
    first = min(row.cells) if row.cells else None
    fact = row.cells.get(first) if first is not None else None
    if fact is not None and fact.kind == "year":
        return int(fact.value)
    return None


def _yearly_column(
    ctx: Context, rows: list[Row], years: list[str], amount_column: int, growth_column: int
) -> Iterator[Issue]:
    for before, row, year in zip(rows, rows[1:], years[1:], strict=False):
        now, then, rate = (
            row.cells.get(amount_column),
            before.cells.get(amount_column),
            row.cells.get(growth_column),
        )
        if now is None or then is None or rate is None or then.value <= 0:
            continue
        if now.kind not in ("amount", "number") or rate.kind not in ("rate", "number"):
            continue
        exact, verdict = _growth_verdict(now, then, rate)
        if verdict.verdict == "consistent":
            continue
        said = (
            f"第{ctx.line_of(now.start)}行 {year} 年为 {fmt(now.value)}，"
            f"上一年（第{ctx.line_of(then.start)}行）为 {fmt(then.value)}，比上年增长 {fmt(rate.value)}%："
            f"({fmt(now.value)} − {fmt(then.value)}) ÷ {fmt(then.value)} = {fmt(round(exact, 4))}%"
        )
        yield _rate_issue(ctx, verdict, rate, said, [now, then, rate])


@dataclass(slots=True)
class _Bare:
    """A change stated without its amount in its sentence (``其中公务接待较上年减少1.72万元，减少11.01%``):
    what changed (a subject of the rule set's figure names), the change amount and rate."""

    subject: str
    delta: Fact
    rate: Fact
    down: bool
    word: str


def _bare_changes(ctx: Context, words: Vocabulary) -> Iterator[_Bare]:
    assert ctx.document is not None
    text = ctx.document.text
    for sentence in sentences_of(ctx):
        facts = sentence.facts
        for i, delta in enumerate(facts):
            word = _word_before(ctx, delta)
            if word is None or wanyuan(delta) is None or i + 1 >= len(facts):
                continue
            rate = facts[i + 1]
            rate_word = _word_before(ctx, rate)
            if rate.kind != "rate" or rate.unit != "%" or rate_word is None:
                continue
            down = bool(_DOWN.match(word))
            if down != bool(_DOWN.match(rate_word)):
                continue
            # the clause naming what changed: from the previous figure (or the sentence start) to the change
            begin = facts[i - 1].end if i else sentence.start
            clause = _plain(text[begin : delta.start])
            if not BASIS.search(clause) or any(wanyuan(f) is not None for f in facts[:i] if f.end > begin):
                continue
            subject = words.last(words.subjects, clause)
            if subject is None:
                continue
            yield _Bare(subject[0], delta, rate, down, word)


@check("FIG012", name="figures.change-matches-amounts-elsewhere", group="figures", severity=Severity.WARNING)
def change_matches_amounts_elsewhere(ctx: Context) -> Iterator[Issue]:
    """增减额与别处所述的本年数、上年数一致（“公务接待较上年减少1.72万元，减少11.01%”，两年的数另句所述）.

    The change names what changed (a subject of the rule set's figure names) but not its amount; the
    document states that subject with exactly two amounts elsewhere, one of them the last year's the rate
    implies (change ÷ rate). The other, this year's, must differ from it by the change. A warning: the two
    amounts are joined to the change by their name only.

    Wrong::

        2023年度“三公”经费预算总计36.5万元，其中：公务接待14.35万元，公务用车运行费用22.15万元。
        2022年度“三公”经费合计支出35.02万元，其中：公务接待15.62万元，公务用车运行费用19.4万元。
        其中公务接待较上年同期减少1.72万元，减少11.01%。

    Right::

        2023年度“三公”经费预算总计36.5万元，其中：公务接待14.35万元，公务用车运行费用22.15万元。
        2022年度“三公”经费合计支出35.02万元，其中：公务接待15.62万元，公务用车运行费用19.4万元。
        其中公务接待较上年同期减少1.27万元，减少8.13%。
    """
    if ctx.document is None:
        return
    words = vocabulary_of(ctx)
    bare = list(_bare_changes(ctx, words))
    if not bare:
        return
    changed = {id(b.delta) for b in bare}
    by_subject: dict[str, list[Fact]] = {}
    for named in named_figures_of(ctx):
        if id(named.fact) not in changed and named.fact.table is None:
            by_subject.setdefault(named.subject, []).append(named.fact)
    for change in bare:
        issue = _against_elsewhere(ctx, change, by_subject.get(change.subject, []))
        if issue is not None:
            yield issue


def _against_elsewhere(ctx: Context, change: _Bare, stated: list[Fact]) -> Issue | None:
    values: dict[Decimal, Fact] = {}
    for fact in stated:
        amount = wanyuan(fact)
        if amount is not None:
            values.setdefault(amount, fact)
    d = wanyuan(change.delta)
    if len(values) != 2 or d is None or not d or change.rate.value <= 0:
        return None
    implied = d * HUNDRED / change.rate.value  # last year's amount the change and its rate imply
    relative = half_step(change.rate) / change.rate.value + half_step(change.delta) / change.delta.value
    slack_implied = implied * relative
    prior = [v for v in values if abs(v - implied) <= slack_implied]
    if len(prior) != 1:
        return None
    then = prior[0]
    now = next(v for v in values if v != then)
    then_fact, now_fact = values[then], values[now]
    difference = then - now if change.down else now - then
    step = half_step(change.delta) * (d / change.delta.value) + half_step(then_fact) * (
        then / then_fact.value if then_fact.value else 1
    )
    step += half_step(now_fact) * (now / now_fact.value if now_fact.value else 1)
    if difference <= 0 or abs(difference - d) <= step:
        return None
    unit = change.delta.unit or "万元"
    per = d / change.delta.value  # 万元 per unit of the change as written
    a, b = (then_fact, now_fact) if change.down else (now_fact, then_fact)
    shown = (difference / per).normalize()
    return ctx.issue(
        None,
        f"{place(ctx, change.delta)}（{change.word}{written(change.rate)}），而本年{place(ctx, now_fact)}、"
        f"上年{place(ctx, then_fact)}：{written(a)} − {written(b)} = {fmt(shown)}{unit}，"
        f"与所述 {written(change.delta)}不符"
        f"（上年数由 {written(change.delta)} ÷ {written(change.rate)} 推得）",
        expected=f"{fmt(shown)}{unit}",
        found=written(change.delta),
        at=(change.delta.start, change.delta.end),
        cites=[now_fact, then_fact, change.rate],
        hint="核对本年数、上年数与增减额：增减额 = 本年数 − 上年数",
    )

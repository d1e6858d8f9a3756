"""Rates stated beside the amounts they are computed from, in prose (FIG002), and shares of a whole (FIG003).

Two shapes state a rate and both of its amounts, so that the quotient can be redone with certainty:

- **inline**: ``完成31250万元，完成年初预算数70500万元的44.3%`` — the denominator stands right before
  ``的 R%`` and the numerator is the amount before it in the sentence;
- **其中**: ``基本支出1133.75万元，其中：人员经费1030.18万元，占90.86%；公用经费103.57万元，占9.14%``
  — the whole is the amount right before ``其中``, every part after it is followed by its share.

A percent is judged as ADR 0008 and ADR 0017 say (``_facts.judge_percent``): rounded is right, truncated a
warning, reachable only within the rounding intervals of the printed amounts a warning, otherwise an error.
The shares of a whole's parts add up to at most 100 % (to 100 % when the parts add up to the whole), and
none is above 100 %. A rate the canonical model already read (BUD003, BUD006…) is left to those checks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import (
    HUNDRED,
    half_step,
    judge_percent,
    place,
    ratio_range,
    verdict_wording,
    wanyuan,
    written,
)
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.numbers import decimals_of, quantum

if TYPE_CHECKING:
    from jixiao.inputs.document import Document
    from jixiao.inputs.facts import Fact

_UNIT = r"(?:亿元|千元|万元|元|万|亿)?"
# between the denominator and its rate: ``70500万元的44.3%``
_OF = re.compile(rf"^{_UNIT}的$")
# between the numerator and the denominator: ``，完成年初预算数`` / ``,为调整预算`` (a verb of ratio, a label)
_RATIO_VERB = re.compile(
    rf"^{_UNIT}[，,]?[^，,。；;\d%]{{0,6}}(?:完成|为|占|达到|相当于|是)[^，,。；;\d%]{{0,14}}$"
)
# between a whole and its parts: ``1133.75万元，其中：``
_BEFORE_PARTS = re.compile(rf"^{_UNIT}[，,。]?其中[:：]?$")
_OF_WHICH = re.compile(r"其中[:：]?")
# between a part and its share: ``万元，占`` / ``元,占基本支出预算`` / ``万元，占比为`` / ``万元，占总额的``
_SHARE = re.compile(
    rf"^{_UNIT}[，,]?(?:占(?P<label>[^，,。；;\d%]{{0,16}}?)(?:的)?(?:比重|比例|份额)?(?:为|是|达)?|占比(?:为|是)?)$"
)
# a share with no amount: ``；项目支出占25%``
_SHARE_ALONE = re.compile(r"^%?[，,；;、]?[^\d，,。；;%]{1,16}?(?:占比|占)(?:为|是)?$")
# a line starting a heading (一、 （二） 3. 第四部分): the parts of a whole above it have ended
_HEADING = re.compile(
    r"\n\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+[部章节])"
)
_OTHER_BASES = ("预算", "决算", "计划", "调整", "年初", "上年", "去年")
_WHOLE_WORDS = re.compile(r"预算数|预算|决算数|决算|总额|总数|总计|合计|总|支出数|数$")
MAX_PARTS_SPAN = 1500  # characters from 其中 within which its parts are looked for


def _gap(document: Document, left: int, right: int) -> str:
    """The text between two offsets without spaces and line breaks."""
    return re.sub(r"\s+", "", document.text[left:right])


def _skipped(ctx: Context) -> set[int]:
    """Offsets of the rates the canonical model read and can judge itself (BUD003 a share from its
    amounts, BUD005 an execution rate): those checks say it, once."""
    judged = set()
    for path, span in ctx.evaluation.spans.items():
        line_path, _, field = path.rpartition(".")
        line = ctx.figures.lines.get(line_path)
        if span.start is None or line is None:
            continue
        if (field == "share" and ctx.figures.share(line_path) is not None) or (
            field == "rate" and line.execution_rate is not None
        ):
            judged.add(span.start)
    return judged


@dataclass(slots=True)
class Quotient:
    """A stated percent and the two amounts it is computed from."""

    rate: Fact
    numerator: Fact
    denominator: Fact
    how: str  # inline / part / named (the denominator found by the budget it names: a warning at most)


@dataclass(slots=True)
class Parts:
    """A whole, stated before ``其中``, and its parts with their shares (None where unstated)."""

    whole: Fact
    parts: list[tuple[Fact | None, Fact]] = field(default_factory=list)  # (amount or None, share)


def _prose(ctx: Context) -> list[Fact]:
    return sorted((f for f in ctx.facts if f.table is None), key=lambda f: f.start)


def inline_quotients(ctx: Context, facts: list[Fact]) -> Iterator[Quotient]:
    """``[numerator] … 完成[label][denominator]的 R%`` within one stretch of prose."""
    document = ctx.document
    assert document is not None
    for i, rate in enumerate(facts):
        if rate.kind != "rate" or rate.unit != "%" or i < 2:
            continue
        denominator, numerator = facts[i - 1], facts[i - 2]
        if wanyuan(denominator) is None or wanyuan(numerator) is None:
            continue
        if not _OF.match(_gap(document, denominator.end, rate.start)):
            continue
        between = _gap(document, numerator.end, denominator.start)
        if "。" in between or not _RATIO_VERB.match(between):
            continue
        yield Quotient(rate, numerator, denominator, "inline")


# ``，完成调整预算的97.1%`` ``,为预算的99.05%``: a rate of a budget named, not stated, beside it
_OF_BUDGET = re.compile(
    rf"^{_UNIT}[，,]?(?:完成|为|占|达到|相当于)(?P<base>[^，,。；;\d%]{{0,8}}?预算[^，,。；;\d%]{{0,4}}?)的$"
)
_CHANGE = re.compile(r"上年|去年|同期|同比|比20|较20|增|减|下降|节约|结余|结转|累计")
_BUDGET_KINDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|部门预算")
_BUDGET_FIGURE = re.compile(
    r"预算(?:数|安排|总额)?(?:为|是|达|共|计|[:：])?$"
)  # the clause names a budget figure
LOOK_BACK = 300  # characters before the numerator within which the budget it is a rate of is stated


def named_quotients(ctx: Context, facts: list[Fact]) -> Iterator[Quotient]:
    """``预算为64.91亿元。…完成支出62.99亿元，完成调整预算的97.1%``: the rate of the amount before it over
    the budget stated last before, in the same stretch of text (no heading between)."""
    document = ctx.document
    assert document is not None
    for i, rate in enumerate(facts):
        if not _is_percent(rate) or i < 2:
            continue
        numerator = facts[i - 1]
        found = _OF_BUDGET.match(_gap(document, numerator.end, rate.start))
        if found is None or wanyuan(numerator) is None or _CHANGE.search(_clause(numerator)):
            continue
        denominator = _budget_before(document, facts[: i - 1], numerator, found.group("base"))
        if denominator is not None:
            yield Quotient(rate, numerator, denominator, "named")


def _clause(fact: Fact) -> str:
    return re.sub(r"\s+", "", fact.labels[-1]) if fact.labels else ""


def _budget_before(document: Document, before: list[Fact], numerator: Fact, base: str) -> Fact | None:
    """The amount stated last before ``numerator`` as the budget ``base`` names (年初 / 调整 / any)."""
    candidates = []
    for fact in reversed(before):
        if numerator.start - fact.end > LOOK_BACK or _HEADING.search(
            document.text[fact.end : numerator.start]
        ):
            break
        clause = _BUDGET_KINDS.sub("", _clause(fact))  # 一般公共预算支出 is a kind, not a budget figure
        if wanyuan(fact) is None or not _BUDGET_FIGURE.search(clause) or _CHANGE.search(clause):
            continue
        candidates.append(fact)
    if "年初" in base:
        chosen = [f for f in candidates if "年初" in _clause(f)]
    elif "调整" in base:
        chosen = [f for f in candidates if "调整" in _clause(f)] or [
            f for f in candidates if "年初" not in _clause(f)
        ]
    else:
        chosen = candidates
    return chosen[0] if chosen else None


def parts_of_wholes(ctx: Context, facts: list[Fact]) -> Iterator[Parts]:
    """Every ``W，其中：A，占a%；B，占b%…`` in prose: the whole and its parts in order.

    The whole is the amount right before ``其中``; or, when other figures stand between (``支出合计
    697.38万元，较上年减少1.12万元，下降0.16%。其中：…``), the first amount of the sentence before it, taken
    only when the figures confirm it (the parts add up to it, or a share follows from it)."""
    document = ctx.document
    assert document is not None
    for match in _OF_WHICH.finditer(document.text):
        at = match.start()
        first = bisect_left([f.start for f in facts], at)
        if first == 0 or first >= len(facts):
            continue
        before = facts[first - 1]
        if (
            _is_percent(before)
            and first >= 2
            and _SHARE.match(_gap(document, facts[first - 2].end, before.start))
        ):
            continue  # ``A万元，占40%，其中：…``: a nested breakdown, its shares of A or of the whole above
        if wanyuan(before) is not None and _BEFORE_PARTS.match(_gap(document, before.end, match.end())):
            whole, confirmed = before, True
        else:
            subject = _subject(document, facts, first, at)
            if subject is None:
                continue
            whole, confirmed = subject, False
        group = _parts(document, facts, first, whole, match.end())
        if group.parts and (confirmed or _confirmed(group)):
            yield group


def _subject(document: Document, facts: list[Fact], first: int, at: int) -> Fact | None:
    """The first amount of the sentence that ends right before ``其中`` (the figure it breaks down)."""
    text = document.text
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or text[end - 1] not in "。，,；;":
        return None
    start = max(text.rfind(mark, 0, end - 1) for mark in "。；;\n") + 1
    inside = [f for f in facts[:first] if f.start >= start]
    amounts = [f for f in inside if wanyuan(f) is not None]
    return amounts[0] if amounts else None


def _parts(document: Document, facts: list[Fact], first: int, whole: Fact, cursor: int) -> Parts:
    """The parts after ``其中`` (from ``cursor``): an amount and its share, or a share alone (``甲占40%``).

    The list ends where a part is not followed by its share, at a nested ``其中`` (its shares may be of
    the part above it), at a heading, and before the parts would add up to more than the whole."""
    group = Parts(whole)
    limit = (wanyuan(whole) or Decimal(0)) + half_step(whole) * _factor(whole)
    running = Decimal(0)
    j = first
    while j < len(facts) and facts[j].start - whole.end <= MAX_PARTS_SPAN:
        part = facts[j]
        between = document.text[cursor : part.start]
        if "其中" in between or _HEADING.search(between):
            break
        if _is_percent(part) and _SHARE_ALONE.match(_gap(document, cursor, part.start)):
            group.parts.append((None, part))
            cursor, j = part.end, j + 1
            continue
        share = facts[j + 1] if j + 1 < len(facts) else None
        amount = wanyuan(part)
        if amount is None or share is None or not _is_percent(share):
            break
        found = _SHARE.match(_gap(document, part.end, share.start))
        if found is None or not _of_whole(found.group("label"), whole):
            break
        running += amount
        if running > limit + sum((half_step(p) * _factor(p) for p, _s in group.parts if p), half_step(part)):
            break  # more than the whole: these are no longer its parts
        group.parts.append((part, share))
        cursor, j = share.end, j + 2
    return group


def _is_percent(fact: Fact) -> bool:
    return fact.kind == "rate" and fact.unit == "%"


def _confirmed(group: Parts) -> bool:
    """The parts add up to the whole, or one share follows from part ÷ whole."""
    whole = wanyuan(group.whole)
    if whole is None or whole <= 0:
        return False
    if len(group.parts) >= 2 and _complete(group):
        return True
    return any(part is not None and not _wrong(part, share, group.whole) for part, share in group.parts)


def _complete(group: Parts) -> bool:
    """Every part states its amount and they add up to the whole (within the rounding of the figures)."""
    amounts = [part for part, _share in group.parts]
    whole = wanyuan(group.whole)
    if whole is None or any(part is None or wanyuan(part) is None for part in amounts):
        return False
    stated = [part for part in amounts if part is not None]
    total = sum((wanyuan(part) or Decimal(0) for part in stated), Decimal(0))
    slack = sum((half_step(p) * _factor(p) for p in stated), half_step(group.whole) * _factor(group.whole))
    return abs(total - whole) <= slack


def _wrong(part: Fact | None, share: Fact, whole: Fact) -> bool:
    """True when ``share`` does not follow from part ÷ whole (FIG002 reports it)."""
    amount, total = (wanyuan(part) if part else None), wanyuan(whole)
    if amount is None or total is None or total <= 0:
        return False
    exact = amount * HUNDRED / total
    return judge_percent(share.value, exact, exact, exact).verdict != "consistent"


def _factor(fact: Fact) -> Decimal:
    """The factor of ``fact``'s unit to 万元 (1 for a fact of no money unit)."""
    amount = wanyuan(fact)
    return amount / fact.value if amount is not None and fact.value else Decimal(1)


def _of_whole(label: str | None, whole: Fact) -> bool:
    """A share's named base (``基本支出预算``) names the whole (``一般公共预算基本支出``); none does too."""
    if not label:
        return True
    own = re.sub(r"\s+", "", "".join(whole.labels[-1:]))
    if any(word in label and word not in own for word in _OTHER_BASES):
        return False  # ``占全年预算的98%``: a rate of the budget, not a share of this whole
    core = _WHOLE_WORDS.sub("", label)
    return not core or core in own


def _judge(ctx: Context, quotient: Quotient) -> Issue | None:
    numerator, denominator, rate = quotient.numerator, quotient.denominator, quotient.rate
    n, d = wanyuan(numerator), wanyuan(denominator)
    if n is None or d is None or d <= 0 or n < 0:
        return None
    n_step = half_step(numerator) * (n / numerator.value if numerator.value else 1)
    d_step = half_step(denominator) * (d / denominator.value if denominator.value else 1)
    exact = n * HUNDRED / d
    bounds = ratio_range(n, n_step, d, d_step)
    low, high = bounds if bounds else (exact, exact)
    verdict = judge_percent(rate.value, exact, low, high)
    if verdict.verdict == "consistent":
        return None
    said = (
        f"{place(ctx, numerator)} ÷ {place(ctx, denominator)} = {fmt(round(exact, 4))}%，"
        f"文中写作{place(ctx, rate, '')}"
    )
    if quotient.how == "named":
        said += "（分母取其前所述的预算数，请核对是否同一口径）"
    message, severity = verdict_wording(said, verdict)
    if quotient.how == "named":  # the denominator taken from the budget stated before: not certain
        severity = Severity.WARNING
    return ctx.issue(
        None,
        message,
        expected=f"{fmt(verdict.expected)}%",
        found=written(rate),
        severity=severity,
        at=(rate.start, rate.end),
        cites=[numerator, denominator],
        hint="核对两个金额与比率：比率 = 分子 ÷ 分母 × 100%，按四舍五入保留所写位数",
    )


@check("FIG002", name="figures.rate-matches-its-amounts", group="figures")
def rate_matches_its_amounts(ctx: Context) -> Iterator[Issue]:
    """文中写明分子、分母的比率（“完成预算数B万元的R%”“其中：A万元，占R%”）= 分子 ÷ 分母.

    Wrong::

        一般公共预算支出累计完成96250万元，完成预算数240800万元的41.9%。

    Right::

        一般公共预算支出累计完成96250万元，完成预算数240800万元的40.0%。
    """
    if ctx.document is None:
        return
    facts = _prose(ctx)
    known = _skipped(ctx)
    quotients = list(inline_quotients(ctx, facts)) + list(named_quotients(ctx, facts))
    for group in parts_of_wholes(ctx, facts):
        quotients += [Quotient(share, part, group.whole, "part") for part, share in group.parts if part]
    for quotient in quotients:
        if quotient.rate.start in known:
            continue
        issue = _judge(ctx, quotient)
        if issue is not None:
            yield issue


@check("FIG003", name="figures.shares-of-a-whole", group="figures")
def shares_of_a_whole(ctx: Context) -> Iterator[Issue]:
    """占比、满意度、合格率等不超过 100%；同一总数（“其中”之前所述）各分项所占比重之和不超过 100%.

    Wrong::

        收入合计 500 万元，其中：财政拨款收入 450 万元，占 90%；事业收入 50 万元，占 15%。

    Right::

        收入合计 500 万元，其中：财政拨款收入 450 万元，占 90%；事业收入 50 万元，占 10%。
    """
    if ctx.document is None:
        return
    yield from _bounded_rates(ctx)
    for group in parts_of_wholes(ctx, _prose(ctx)):
        shares = [share for _part, share in group.parts]
        for share in shares:
            if share.value > HUNDRED:
                yield ctx.issue(
                    None,
                    f"{place(ctx, share)}是{place(ctx, group.whole)}中一个分项所占比重，不可能超过 100%",
                    expected="≤ 100%",
                    found=written(share),
                    at=(share.start, share.end),
                )
        if len(shares) < 2 or any(_wrong(part, share, group.whole) for part, share in group.parts):
            continue  # a share that does not follow from its amounts is FIG002's finding
        total = sum((s.value for s in shares), Decimal(0))
        slack = sum((quantum(decimals_of(s.value)) / 2 for s in shares), Decimal(0))
        if total <= HUNDRED + slack:
            continue  # short of 100 %: the parts named may be only some of the whole
        terms = " + ".join(written(s) for s in shares)
        first, last = ctx.line_of(shares[0].start), ctx.line_of(shares[-1].start)
        lines = f"（第{first}–{last}行）" if first != last else ""
        yield ctx.issue(
            None,
            f"{place(ctx, group.whole)}的各分项比重 {terms} = {fmt(total)}%{lines}，"
            "同一总数各分项的比重之和不能超过 100%",
            expected="≤ 100%",
            found=f"{fmt(total)}%",
            cites=[group.whole, *shares],
            at=(shares[-1].start, shares[-1].end),
            hint="核对各分项所占比重：比重 = 分项 ÷ 总数",
        )


_ABOVE = re.compile(r"^(?:≥|>|不低于|不少于|高于|超过)")


def _bounded_rates(ctx: Context) -> Iterator[Issue]:
    """A rate named as a part of a whole (its last words in the rule set's ``at_most_100``) above 100 %."""
    words = sorted(ctx.ruleset.figure_names.at_most_100, key=len, reverse=True)
    if not words:
        return
    model_rates = {
        span.start for path, span in ctx.evaluation.spans.items() if path.startswith("rates[") and span.start
    }
    for fact in ctx.facts:
        if not _is_percent(fact) or fact.value <= HUNDRED or fact.start in model_rates:
            continue
        names = [fact.labels[-1]] if fact.labels else []
        if fact.column_header:
            names.append(fact.column_header.split("/")[-1])
        plain = [re.sub(r"\s+|[(（][^)）]*[)）]?$|(?:为|是|达到?|约|了|[:：])+$", "", n) for n in names]
        word = next((w for w in words for name in plain if name.endswith(w)), None)
        if word is None or _ABOVE.match(fact.text):
            continue
        yield ctx.issue(
            None,
            f"{place(ctx, fact)}：“{word}”是部分占整体的比率，不可能超过 100%",
            expected="≤ 100%",
            found=written(fact),
            at=(fact.start, fact.end),
            hint="核对该比率的分子与分母",
        )

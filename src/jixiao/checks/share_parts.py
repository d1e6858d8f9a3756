"""Parts stated one sentence each as a share of a named whole (FIG013), against the whole stated elsewhere.

A budget note often gives the parts of 基本支出 one sentence each (``工资福利支出预算 A 元，占基本支出预算
P%`` … ``对个人和家庭补助支出预算 C 元，占基本支出预算 R%``) and the whole in another paragraph
(``一般公共预算基本支出 W 元``). Each part names the whole it belongs to (``占W``), so:
- parts of one whole that add up to more than the whole (beyond the printed precision) are an **error**;
- parts that make a complete split of the whole (the rule set's ``figure_names.partitions``: 人员经费 +
  公用经费; 工资福利支出 + 商品和服务支出 + 对个人和家庭的补助) and add up to less are a **warning** (a
  further class, 资本性支出, may exist unstated);
- nothing when the whole is stated with two values, or a part with two (several years or budgets); each
  split is judged alone (人员经费 + 公用经费 beside 工资福利支出 + …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import half_step, place, slack, wanyuan, written
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.checks.restated import Named, named_figures_of
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact


def _parts_by_whole(figures: list[Named]) -> dict[str, dict[str, list[Fact]]]:
    """For each whole named after 占, its parts: each part's subject and the amounts stated for it."""
    found: dict[str, dict[str, list[Fact]]] = {}
    for named in figures:
        if named.within and named.subject and named.fact.table is None:
            found.setdefault(named.within, {}).setdefault(named.subject, []).append(named.fact)
    return found


@check("FIG013", name="figures.parts-of-a-named-whole", group="figures")
def parts_of_a_named_whole(ctx: Context) -> Iterator[Issue]:
    """各分项均写明“占某总数…%”时，其和不超过该总数；构成完整分法（人员经费 + 公用经费）时应等于该总数.

    Wrong::

        工资福利支出预算 612480.5 元，占基本支出预算 76.56%。
        商品和服务支出预算 98000 元，占基本支出预算 12.25%。
        对个人和家庭补助支出预算 41200 元，占基本支出预算 5.15%。
        2023年一般公共预算基本支出 800000 元。

    Right::

        工资福利支出预算 612480.5 元，占基本支出预算 76.56%。
        商品和服务支出预算 146319.5 元，占基本支出预算 18.29%。
        对个人和家庭补助支出预算 41200 元，占基本支出预算 5.15%。
        2023年一般公共预算基本支出 800000 元。
    """
    if ctx.document is None:
        return
    names = ctx.ruleset.figure_names
    figures = named_figures_of(ctx)
    yield from _listed_after(ctx, figures, names.partitions)
    parts_by_whole = _parts_by_whole(figures)
    if not parts_by_whole:
        return
    part_ids = {id(f) for parts in parts_by_whole.values() for facts in parts.values() for f in facts}
    wholes: dict[str, list[Fact]] = {}
    for named in figures:
        if id(named.fact) not in part_ids and named.fact.table is None:
            wholes.setdefault(named.subject, []).append(named.fact)
    for whole_name, parts in parts_by_whole.items():
        whole = _one_value(wholes.get(whole_name, []))
        if whole is None:
            continue
        for split, complete in _splits(parts, names.partitions.get(whole_name, [])):
            issue = _judge(ctx, whole_name, whole, split, complete=complete)
            if issue is not None:
                yield issue


_THEREOF = re.compile(r"^[^。；;\n]{0,30}?[。；;,，]?\s*其中\s*[:：]")
REACH = 400  # characters from the whole to the last of its listed parts


def _listed_after(
    ctx: Context, figures: list[Named], partitions: dict[str, list[list[str]]]
) -> Iterator[Issue]:
    """``基本支出 W 元，其中：人员经费 A 元，主要包括…。公用经费 B 元，主要包括…``: the members of a complete
    split listed one by one after the whole's 其中, each stated once in the document, must add up to it."""
    assert ctx.document is not None
    text = ctx.document.text
    prose = [n for n in figures if n.fact.table is None and not n.within]
    for whole in prose:
        if whole.subject not in partitions or not _THEREOF.match(text[whole.fact.end : whole.fact.end + 40]):
            continue
        later = [n for n in prose if whole.fact.end < n.fact.start <= whole.fact.end + REACH]
        cut = next((i for i, n in enumerate(later) if n.subject == whole.subject), len(later))
        listed = later[:cut]  # up to the next statement of the whole itself
        for partition in partitions[whole.subject]:
            members = [next((n for n in listed if n.subject == name), None) for name in partition]
            if any(m is None for m in members):
                continue
            split = [m.fact for m in members if m is not None]
            if any(sum(1 for n in prose if n.subject == name) != 1 for name in partition):
                continue  # a part stated twice: the list may be of another year or whole
            issue = _judge(ctx, whole.subject, whole.fact, split, complete=True, severity=Severity.ERROR)
            if issue is not None:
                yield issue
                break  # one issue for a whole, however many of its splits are listed


def _one_value(facts: list[Fact]) -> Fact | None:
    """The fact when every statement of it gives one amount (to the cent of 万元), else None."""
    values = {wanyuan(f) for f in facts}
    return facts[0] if len(values) == 1 and None not in values else None


def _splits(parts: dict[str, list[Fact]], partitions: list[list[str]]) -> Iterator[tuple[list[Fact], bool]]:
    """The parts of each split of the whole, one fact each, and whether they make the split complete;
    parts of no known split form one of their own (never complete). Nothing when a part is stated with
    two values (several years or budgets, not one split)."""
    single = {name: facts[0] for name, facts in parts.items() if len({wanyuan(f) for f in facts}) == 1}
    if len(single) != len(parts):
        return
    known: set[str] = set()
    for partition in partitions:
        members = [single[name] for name in partition if name in single]
        known.update(name for name in partition if name in single)
        if len(members) >= 2:
            yield members, len(members) == len(partition)
    rest = [fact for name, fact in single.items() if name not in known]
    if len(rest) >= 2 and not known:
        yield rest, False


def _quoted(name: str) -> str:
    return name if name.startswith("“") else f"“{name}”"


def _judge(
    ctx: Context,
    whole_name: str,
    whole: Fact,
    split: list[Fact],
    *,
    complete: bool,
    severity: Severity | None = None,
) -> Issue | None:
    total = wanyuan(whole)
    amounts = [wanyuan(f) for f in split]
    if total is None or any(a is None for a in amounts):
        return None
    computed = sum((a for a in amounts if a is not None), Decimal(0))
    per = total / whole.value if whole.value else Decimal(1)
    tolerance = slack([f.value for f in split]) * per + half_step(whole) * per
    if abs(computed - total) <= tolerance or (computed < total and not complete):
        return None
    terms = " + ".join(written(f) for f in split)
    shown = fmt((computed / per).normalize())
    over = computed > total
    where = "、".join(str(ctx.line_of(f.start)) for f in split)
    return ctx.issue(
        None,
        f"{_quoted(whole_name)}的各分项（第{where}行）：{terms} = {shown}{whole.unit or ''}，"
        + (f"超过{place(ctx, whole)}" if over else f"少于{place(ctx, whole)}，而所列分项已是其完整分法"),
        expected=f"{shown}{whole.unit or ''}",
        found=written(whole),
        severity=severity or (Severity.ERROR if over else Severity.WARNING),
        at=(whole.start, whole.end),
        cites=split,
        hint="核对各分项与总数：完整的分项之和应等于总数",
    )

"""Budget arithmetic (BUD): sums of parts, execution rates, shares, overspending."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._support import fmt, rate_verdict, sum_mismatch
from jixiao.checks.registry import Context, check
from jixiao.figures import AMOUNT_COLUMNS, COLUMN_LABELS, LineFigures
from jixiao.issues import Issue, Severity
from jixiao.model import Line, Stated
from jixiao.numbers import distinguishing_decimals, format_percent, percent, round_half_up


def _compare_sum(
    ctx: Context, total_path: str, total: Line, parts: list[tuple[str, Line]], relation: str
) -> Iterator[Issue]:
    for column in AMOUNT_COLUMNS:
        stated_total = getattr(total, column)
        values = [getattr(line, column) for _, line in parts]
        if stated_total is None or any(v is None for v in values):
            continue
        mismatch = sum_mismatch(values, stated_total)
        if mismatch is None:
            continue
        difference, within_slack = mismatch
        if difference < 0 and not within_slack and _further_part(ctx, total_path, parts, column, -difference):
            continue  # the passage states a further part (上年结转 19万元) that makes up the difference
        terms = " + ".join(f"{label} {fmt(v)}" for (label, _), v in zip(parts, values, strict=True))
        computed = sum(values, Decimal(0))
        message = (
            f"{relation}：{COLUMN_LABELS[column]} {terms} = {fmt(computed)} 万元，"
            f"与填报的 {fmt(stated_total)} 万元相差 {fmt(difference)}"
        )
        yield ctx.issue(
            f"{total_path}.{column}",
            message + ("（在四舍五入尾差范围内）" if within_slack else ""),
            expected=fmt(computed),
            found=fmt(stated_total),
            severity=Severity.INFO if within_slack else None,
            hint=None if within_slack else "核对合计数与各分项：合计应等于分项之和；若分项属实，应改合计数",
        )


_TO_WANYUAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _further_part(
    ctx: Context, total_path: str, parts: list[tuple[str, Line]], column: str, gap: Decimal
) -> bool:
    """A published report names, on a line where the total or one of its parts stands, another amount
    equal to the gap: the total has a further part (上年结转, 其他资金, 经营支出 …) that the sum leaves out,
    and nothing certain can be said."""
    if ctx.document is None or not ctx.facts:
        return False
    paths = [f"{total_path}.{column}", *(f"{_part_path(total_path, label)}.{column}" for label, _ in parts)]
    lines = {span.line for path in paths if (span := ctx.evaluation.spans.get(path)) and span.line}
    if not lines:
        return False
    for fact in ctx.facts:
        factor = _TO_WANYUAN.get(fact.unit or "")
        if fact.kind != "amount" or factor is None or ctx.line_of(fact.start) not in lines:
            continue
        if abs(fact.value * factor - gap) <= Decimal("0.005"):
            return True
    return False


def _part_path(total_path: str, label: str) -> str:
    names = {"基本支出": "basic", "项目支出": "project", "人员经费": "personnel", "日常公用经费": "public"}
    parent = "budget" if total_path == "budget.total" else total_path
    return f"{parent}.{names.get(label, label)}"


@check("BUD001", name="budget.total-is-basic-plus-project", group="budget")
def total_is_basic_plus_project(ctx: Context) -> Iterator[Issue]:
    """部门合计 = 基本支出 + 项目支出, for 年初预算, 全年预算 and 全年执行 alike.

    Wrong::

        budget: {total: {executed: 303.06}, basic: {executed: 163.09}, project: {executed: 140.46}}

    Right::

        budget: {total: {executed: 303.55}, basic: {executed: 163.09}, project: {executed: 140.46}}
    """
    budget = ctx.evaluation.budget
    if budget.total is None or budget.basic is None or budget.project is None:
        return
    parts: list[tuple[str, Line]] = [("基本支出", budget.basic), ("项目支出", budget.project)]
    yield from _compare_sum(ctx, "budget.total", budget.total, parts, "合计不等于基本支出与项目支出之和")


@check("BUD002", name="budget.basic-is-personnel-plus-public", group="budget")
def basic_is_personnel_plus_public(ctx: Context) -> Iterator[Issue]:
    """基本支出 = 人员经费 + 日常公用经费, per column.

    Wrong::

        basic: {executed: 163.09, personnel: {executed: 149.27}, public: {executed: 14.82}}

    Right::

        basic: {executed: 163.09, personnel: {executed: 149.27}, public: {executed: 13.82}}
    """
    basic = ctx.evaluation.budget.basic
    if basic is None or basic.personnel is None or basic.public is None:
        return
    parts: list[tuple[str, Line]] = [("人员经费", basic.personnel), ("日常公用经费", basic.public)]
    yield from _compare_sum(ctx, "budget.basic", basic, parts, "基本支出不等于人员经费与日常公用经费之和")


@check("BUD009", name="budget.project-is-sum-of-items", group="budget")
def project_is_sum_of_items(ctx: Context) -> Iterator[Issue]:
    """项目支出 = Σ 各项目, per column, when the projects are listed.

    Wrong::

        project: {adjusted: 100, items: [{name: A, adjusted: 60}, {name: B, adjusted: 30}]}

    Right::

        project: {adjusted: 90, items: [{name: A, adjusted: 60}, {name: B, adjusted: 30}]}
    """
    project = ctx.evaluation.budget.project
    if project is None or len(project.items) < 2:
        return
    parts = [(item.name or f"项目{i + 1}", item) for i, item in enumerate(project.items)]
    yield from _compare_sum(ctx, "budget.project", project, parts, "项目支出不等于各项目之和")


@check("BUD008", name="budget.total-is-sum-of-sources", group="budget")
def total_is_sum_of_sources(ctx: Context) -> Iterator[Issue]:
    """年度资金总额 = Σ 按收入性质 (一般公共预算 + 政府性基金 + 国有资本经营 + 专户 + 上年结转 + 其他).

    Checked when 一般公共预算 is stated (otherwise the list of sources is partial by design).

    Wrong::

        total: {adjusted: 2030.12}
        sources: {general_public: {adjusted: 1325.68}, other: {adjusted: 585.62}}

    Right::

        total: {adjusted: 2030.12}
        sources: {general_public: {adjusted: 1325.68}, government_fund: {adjusted: 118.82},
                  other: {adjusted: 585.62}}
    """
    budget = ctx.evaluation.budget
    if budget.total is None or budget.sources is None or budget.sources.general_public is None:
        return
    parts = [
        (ctx.figures.lines[f"budget.sources.{key}"].label, line)
        for key, line in budget.sources
        if line is not None
    ]
    yield from _compare_sum(ctx, "budget.total", budget.total, parts, "资金总额不等于各收入来源之和")


def _stated_rate_issues(
    ctx: Context, path: str, stated: Stated, exact: Decimal, what: str, truncated_code: str = "BUD006"
) -> Iterator[Issue]:
    verdict, _expected = rate_verdict(exact, stated.value, stated.decimals)
    if verdict in ("exact", "rounded"):
        return
    places = distinguishing_decimals(exact, stated.value, stated.decimals)
    shown = format_percent(round_half_up(exact, places), places)
    if verdict == "truncated":
        yield ctx.issue(
            path,
            f"{what}填报为 {fmt(stated.value)}%，按四舍五入应为 {shown}（精确值 "
            f"{format_percent(exact, 4)}，填报值为截尾）",
            expected=shown,
            found=f"{fmt(stated.value)}%",
            code=truncated_code,
            severity=Severity.WARNING,
            hint="百分比按四舍五入保留小数，不要直接截断",
        )
        return
    yield ctx.issue(
        path,
        f"{what}填报为 {fmt(stated.value)}%，按填报金额计算应为 {shown}（精确值 {format_percent(exact, 4)}）",
        expected=shown,
        found=f"{fmt(stated.value)}%",
        hint="按金额重新计算百分比，或核对金额",
    )


@check("BUD005", name="budget.rate-matches", group="budget", also=("BUD006",))
def rate_matches(ctx: Context) -> Iterator[Issue]:
    """每个填报的执行率（完成%）= 全年执行数 / 全年预算数, rounded half-up to the digits written.

    A rate cut off instead of rounded is a warning of its own code, BUD006 (截尾); a stated 100 % must be
    exact.

    Wrong::

        total: {adjusted: 303.55, executed: 303.06, rate: 99.83%}

    Right::

        total: {adjusted: 303.55, executed: 303.06, rate: 99.84%}
    """
    for path, line in ctx.figures.lines.items():
        if line.line.rate is None or line.execution_rate is None:
            continue
        what = f"{line.label}执行率（{fmt(line.line.executed)} ÷ {fmt(line.line.adjusted)}）"
        yield from _stated_rate_issues(ctx, f"{path}.rate", line.line.rate, line.execution_rate, what)


@check("BUD003", name="budget.share-matches", group="budget", also=("BUD013",))
def share_matches(ctx: Context) -> Iterator[Issue]:
    """每个填报的占比 = 本项执行数 / 上级执行数 (人员经费占基本支出的X%).

    A share cut off instead of rounded is a warning of its own code, BUD013 (截尾).

    Wrong::

        basic: {executed: 163.09, public: {executed: 13.82, share: 9.47%}}

    Right::

        basic: {executed: 163.09, public: {executed: 13.82, share: 8.47%}}
    """
    for path, line in ctx.figures.lines.items():
        exact = ctx.figures.share(path)
        if line.line.share is None or exact is None:
            continue
        parent = ctx.figures.lines.get(line.parent or "")
        parent_label = parent.label if parent else "合计"
        parent_amount = parent.line.executed if parent else None
        what = f"{line.label}占{parent_label}的比重（{fmt(line.line.executed)} ÷ {fmt(parent_amount)}）"
        yield from _stated_rate_issues(ctx, f"{path}.share", line.line.share, exact, what, "BUD013")


@check("BUD004", name="budget.shares-sum-to-100", group="budget")
def shares_sum_to_100(ctx: Context) -> Iterator[Issue]:
    """同一整体的各部分占比之和 = 100 % (checked when the shares cannot each be verified from amounts).

    Wrong::

        basic: {personnel: {share: 91.53%}, public: {share: 9.47%}}

    Right::

        basic: {personnel: {share: 91.53%}, public: {share: 8.47%}}
    """
    basic = ctx.evaluation.budget.basic
    if basic is None or basic.personnel is None or basic.public is None:
        return
    shares = [basic.personnel.share, basic.public.share]
    if any(s is None for s in shares):
        return
    if all(ctx.figures.share(p) is not None for p in ("budget.basic.personnel", "budget.basic.public")):
        return  # each share is checked against its amounts by BUD003
    values = [s.value for s in shares if s is not None]
    mismatch = sum_mismatch(values, Decimal(100))
    if mismatch is not None and not mismatch[1]:
        total = sum(values, Decimal(0))
        yield ctx.issue(
            "budget.basic.public.share",
            f"人员经费占比 {fmt(values[0])}% + 日常公用经费占比 {fmt(values[1])}% = {fmt(total)}%，应为 100%",
            expected="100%",
            found=f"{fmt(total)}%",
        )


@check("BUD007", name="budget.no-overspending", group="budget")
def no_overspending(ctx: Context) -> Iterator[Issue]:
    """全年执行数 ≤ 全年预算数: an execution rate above 100 % means spending beyond the budget.

    Wrong::

        total: {adjusted: 100, executed: 101.5}

    Right::

        total: {adjusted: 101.5, executed: 101.5}
    """
    for path, line in ctx.figures.lines.items():
        executed, adjusted = line.line.executed, line.line.adjusted
        if executed is None or adjusted is None or executed <= adjusted:
            continue
        rate = percent(executed, adjusted)
        severity = None if ctx.ruleset.plausibility.overspend_is_error else Severity.WARNING
        yield ctx.issue(
            f"{path}.executed",
            f"{line.label}全年执行数 {fmt(executed)} 万元超过全年预算数 {fmt(adjusted)} 万元"
            f"（执行率 {format_percent(rate or Decimal(0), 2)}），属超预算支出",
            expected=f"≤ {fmt(adjusted)}",
            found=fmt(executed),
            severity=severity,
            hint="核对执行数，或说明预算调整（追加）情况",
        )


@check("BUD010", name="budget.adjusted-is-initial-plus-changes", group="budget")
def adjusted_is_initial_plus_changes(ctx: Context) -> Iterator[Issue]:
    """全年预算 = 年初预算 + 本年追加 − 本年调减 (+ 上年结转), when the changes are stated.

    Wrong::

        total: {initial: 100, additions: 20, reductions: 5, adjusted: 120}

    Right::

        total: {initial: 100, additions: 20, reductions: 5, adjusted: 115}
    """
    for path, figures in ctx.figures.lines.items():
        yield from _check_changes(ctx, path, figures)


def _check_changes(ctx: Context, path: str, figures: LineFigures) -> Iterator[Issue]:
    line = figures.line
    if line.initial is None or line.adjusted is None or (line.additions is None and line.reductions is None):
        return
    additions, reductions = line.additions or Decimal(0), line.reductions or Decimal(0)
    carryover = line.carryover or Decimal(0)
    parts = [line.initial, additions, -reductions, carryover]
    mismatch = sum_mismatch(parts, line.adjusted)
    if mismatch is None or mismatch[1]:
        return
    expected = sum(parts, Decimal(0))
    yield ctx.issue(
        f"{path}.adjusted",
        f"{figures.label}：年初预算 {fmt(line.initial)} + 追加 {fmt(additions)} − 调减 {fmt(reductions)}"
        f" + 上年结转 {fmt(carryover)} = {fmt(expected)}"
        f" 万元，与全年预算数 {fmt(line.adjusted)} 万元不符",
        expected=fmt(expected),
        found=fmt(line.adjusted),
    )


@check("BUD011", name="budget.breakdown-sums-to-whole", group="budget")
def breakdown_sums_to_whole(ctx: Context) -> Iterator[Issue]:
    """“其中”所列各分项之和 = 所述总额（金额或个数）.

    Wrong::

        breakdowns:
          - {label: 中央水利发展资金, total: 2263, parts: [{label: A, value: 1435}, {label: B, value: 818}]}

    Right::

        breakdowns:
          - {label: 中央水利发展资金, total: 2253, parts: [{label: A, value: 1435}, {label: B, value: 818}]}
    """
    for i, item in enumerate(ctx.evaluation.breakdowns):
        if len(item.parts) < 2:
            continue
        values = [part.value for part in item.parts]
        mismatch = sum_mismatch(values, item.total)
        if mismatch is None:
            continue
        difference, within_slack = mismatch
        within_slack = within_slack and item.unit == "万元"  # counts are exact: no rounding slack
        computed = sum(values, Decimal(0))
        if not item.complete and computed < item.total:
            continue  # "主要包括": the parts named are only some of the whole
        terms = " + ".join(fmt(v) for v in values)
        yield ctx.issue(
            f"breakdowns[{i}].total",
            f"“{item.label}”各分项之和 {terms} = {fmt(computed)}{item.unit}，"
            f"与所述总数 {fmt(item.total)}{item.unit}相差 {fmt(difference)}"
            + ("（在四舍五入尾差范围内）" if within_slack else ""),
            expected=fmt(computed),
            found=fmt(item.total),
            severity=Severity.INFO if within_slack else None,
            hint=None if within_slack else "核对总数与各分项，补上遗漏的分项或更正金额",
        )

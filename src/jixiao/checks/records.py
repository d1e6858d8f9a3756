"""Figures computed from records (REC): the computed actual against the stated one, and the records' own
problems (unreadable sources, formulas, bad cells, duplicate case numbers, unknown values, other years).

The records stage (:mod:`jixiao.records.compute`) has read the tables and computed every bound figure;
these checks only compare and report, each problem at its sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._support import fmt, rate_verdict
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.model import Indicator, RateFact, walk_indicators
from jixiao.numbers import decimals_of, format_percent, round_half_up
from jixiao.records.compute import RecordsFigure, SourceProblem, TableSummary
from jixiao.records.text import provenance, shown
from jixiao.scoring import score_quantitative

MAX_LISTED = 20  # row problems listed one by one per source and code; the rest are counted


def _figures(ctx: Context) -> Iterator[tuple[RecordsFigure, TableSummary | None]]:
    if ctx.records is None:
        return
    tables = {table.name: table for table in ctx.records.tables}
    for figure in ctx.records.figures:
        yield figure, tables.get(figure.source)


def _indicator(ctx: Context, path: str) -> Indicator | None:
    return next((node for p, node, _ in walk_indicators(ctx.evaluation.indicators) if p == path), None)


def _rate(ctx: Context, path: str) -> RateFact | None:
    if not path.startswith("rates["):
        return None
    index = int(path[6:-1])
    return ctx.evaluation.rates[index] if index < len(ctx.evaluation.rates) else None


@check("REC001", name="records.computed-from-records", group="records", severity=Severity.INFO)
def computed_from_records(ctx: Context) -> Iterator[Issue]:
    """实际完成值由台账计算：给出 k/n、公式与来源（文件、SHA-256、读取行数）.

    Wrong::

        indicators: [{name: 群众满意度, target: ≥90%, actual: 99.41%}]   # 手工填写，无从核对

    Right::

        records: [{name: 信访台账, kind: xinfang, file: 信访台账2024.xlsx}]
        indicators: [{name: 群众满意度, target: ≥90%, actual: 99.41%,
                      computed: {source: 信访台账, formula: 满意率}}]
    """
    for figure, table in _figures(ctx):
        if figure.error is not None:
            continue
        formula = figure.formula if figure.evaluated is None else f"{figure.formula} = {figure.evaluated}"
        pending = f"；另有 {figure.pending} 件尚未到期" if figure.pending else ""
        yield ctx.issue(
            f"{figure.path}.actual" if not figure.path.startswith("rates[") else f"{figure.path}.rate",
            f"“{figure.label}”由台账计算：{shown(figure)}（{formula}；{provenance(table)}{pending}）",
        )


def _compare_rate(figure: RecordsFigure, stated: Decimal, decimals: int) -> tuple[str, str]:
    assert figure.value is not None
    verdict, expected = rate_verdict(figure.value, stated, decimals)
    return verdict, format_percent(expected, decimals)


@check("REC002", name="records.actual-matches-records", group="records", also=("REC003",))
def actual_matches_records(ctx: Context) -> Iterator[Issue]:
    """填报的实际完成值（或比率）须等于由台账计算的值（按四舍五入保留所写的小数位；截尾为 REC003 警告）.

    Wrong::

        rates: [{label: 积案化解率, base: 125, rate: 88.9%,
                 computed: {source: 信访台账, formula: 积案化解率}}]      # 台账：111/125 = 88.80%

    Right::

        rates: [{label: 积案化解率, base: 125, rate: 88.8%,
                 computed: {source: 信访台账, formula: 积案化解率}}]
    """
    for figure, _table in _figures(ctx):
        if figure.error is not None or figure.value is None:
            continue
        fact = _rate(ctx, figure.path)
        if fact is not None:
            path, stated, decimals = f"{figure.path}.rate", fact.rate.value, fact.rate.decimals
        else:
            node = _indicator(ctx, figure.path)
            if node is None or node.actual_value is None:
                continue
            path, stated, decimals = (
                f"{figure.path}.actual",
                node.actual_value,
                decimals_of(node.actual_value),
            )
        if figure.unit == "%" or figure.kind == "avg_days":
            verdict, expected = _compare_rate(figure, stated, decimals)
            if figure.unit != "%":
                expected = expected.removesuffix("%")
        else:
            verdict, expected = ("exact" if stated == figure.value else "wrong"), fmt(figure.value)
        written = f"{fmt(stated)}{'%' if figure.unit == '%' else ''}"
        if verdict in ("exact", "rounded"):
            continue
        if verdict == "truncated":
            yield ctx.issue(
                path,
                f"“{figure.label}”填报 {written}，台账计算为 {shown(figure, decimals + 2)}，"
                f"应四舍五入为 {expected}（填报值为截尾）",
                expected=expected,
                found=written,
                code="REC003",
                severity=Severity.WARNING,
            )
            continue
        hint = None
        if figure.unit == "%" and figure.n:
            hint = "台账能得到的相邻比率：" + "，".join(
                f"{k}/{figure.n} = {format_percent(Decimal(k) * 100 / figure.n, decimals)}"
                for k in (int(figure.k or 0) - 1, int(figure.k or 0) + 1)
                if 0 <= k <= figure.n
            )
        yield ctx.issue(
            path,
            f"“{figure.label}”填报 {written}，与台账计算的 {shown(figure, decimals)} 不符",
            expected=expected,
            found=written,
            hint=hint,
        )


@check("REC004", name="records.base-matches-records", group="records")
def base_matches_records(ctx: Context) -> Iterator[Issue]:
    """比率填报的基数（件数）与分子须等于台账中的 n 与 k.

    Wrong::

        # 台账 n = 857
        rates: [{label: 参评率, base: 860, rate: 99.3%, computed: {source: 信访台账, formula: 参评率}}]

    Right::

        rates: [{label: 参评率, base: 857, rate: 99.3%, computed: {source: 信访台账, formula: 参评率}}]
    """
    for figure, _table in _figures(ctx):
        fact = _rate(ctx, figure.path)
        if fact is None or figure.error is not None or figure.n is None:
            continue
        if fact.base is not None and fact.base != figure.n:
            yield ctx.issue(
                f"{figure.path}.base",
                f"“{figure.label}”的基数填报为 {fact.base} 件，台账中为 {figure.n} 件",
                expected=str(figure.n),
                found=str(fact.base),
            )
        if fact.count is not None and Decimal(fact.count) != figure.k:
            yield ctx.issue(
                f"{figure.path}.count",
                f"“{figure.label}”的件数填报为 {fact.count}，台账中为 {fmt(figure.k)}",
                expected=fmt(figure.k),
                found=str(fact.count),
            )


@check("REC005", name="records.score-with-computed-actual", group="records", severity=Severity.WARNING)
def score_with_computed_actual(ctx: Context) -> Iterator[Issue]:
    """定量指标以台账计算的实际完成值计分，应得分与申报得分不符.

    Wrong::

        indicators: [{name: 按期办结率, target: ≥95%, actual: 100%, weight: 10, score: 10,
                      computed: {source: 信访台账, formula: 按期办结率}}]   # 台账 85/100 = 85.00%，应得 8.95

    Right::

        indicators: [{name: 按期办结率, target: ≥95%, actual: 85%, weight: 10, score: 8.95,
                      computed: {source: 信访台账, formula: 按期办结率}}]
    """
    tolerance = ctx.ruleset.tolerance.score_exact
    for figure, _table in _figures(ctx):
        node = _indicator(ctx, figure.path)
        if node is None or figure.value is None or figure.error is not None:
            continue
        if node.kind != "quantitative" or node.weight is None or node.score is None:
            continue
        if node.actual_value is not None and round_half_up(figure.value, 2) == round_half_up(
            node.actual_value, 2
        ):
            continue
        computed = round_half_up(figure.value, 2)
        text = f"{fmt(computed)}{'%' if figure.unit == '%' else ''}"
        copy = node.model_copy(update={"actual_value": computed, "actual": text})
        scored = score_quantitative(copy, node.weight, ctx.ruleset, ctx.evaluation.year)
        score, formula = scored.computed, scored.formula
        if score is None or abs(score - node.score) <= tolerance:
            continue
        yield ctx.issue(
            f"{figure.path}.score",
            f"“{figure.label}”按台账计算的实际完成值 {text} 计分应得 {fmt(score)} 分，"
            f"申报 {fmt(node.score)} 分（{formula}）",
            expected=fmt(score),
            found=fmt(node.score),
        )


@check("REC007", name="records.formula-valid", group="records")
def formula_valid(ctx: Context) -> Iterator[Issue]:
    """计算公式须能解析，所用的台账与列须存在，且不得使用含个人信息的列.

    Wrong::

        indicators: [{name: 满意率,
                      computed: {source: 信访台账, formula: "share(评价 in [满意], 评级 = 有效)"}}]

    Right::

        indicators:
          - name: 满意率
            computed: {source: 信访台账, formula: "share(评价 in [满意, 基本满意], 评价 != 未评价)"}
    """
    for figure, _table in _figures(ctx):
        if figure.error is None or figure.error.startswith("台账“"):
            continue  # an unreadable source is REC006's
        yield ctx.issue(
            f"{figure.path}.computed.formula",
            f"“{figure.label}”的计算公式无法计算：{figure.error}",
            found=figure.formula,
            hint="公式写法见 docs/records.md：count、sum、share、ratio、avg_days、within，"
            "且/或/非，in [ ]，为空",
        )


def _problems(ctx: Context, code: str) -> Iterator[Issue]:
    """The records' problems of ``code``, each at its sheet, row and column; beyond MAX_LISTED per source,
    one issue counting the rest."""
    if ctx.records is None:
        return
    by_source: dict[int, list[SourceProblem]] = {}
    for problem in ctx.records.problems:
        if problem.code == code:
            by_source.setdefault(problem.source, []).append(problem)
    for source, problems in by_source.items():
        name = ctx.evaluation.records[source].name if 0 <= source < len(ctx.evaluation.records) else ""
        for problem in problems[:MAX_LISTED]:
            yield _located(ctx, source, name, problem)
        rest = len(problems) - MAX_LISTED
        if rest > 0:
            yield ctx.issue(
                f"records[{source}]", f"台账“{name}”另有 {rest} 行同类问题（共 {len(problems)} 行）"
            )


def _located(ctx: Context, source: int, name: str, problem: SourceProblem) -> Issue:
    inline = bool(ctx.evaluation.records[source].rows) if 0 <= source < len(ctx.evaluation.records) else False
    path = f"records[{source}].rows[{problem.row - 1}]" if inline and problem.row else f"records[{source}]"
    where = ""
    if problem.row is not None:
        where = f"第 {problem.row} {'条' if inline else '行'}"
        if problem.column:
            where += f"“{problem.column}”列"
        where += "："
    issue = ctx.issue(path, f"台账“{name}”{where}{problem.message}")
    if inline or problem.file is None:
        return issue
    cell = f"{problem.letter or ''}{problem.row or ''}" or None
    if problem.sheet:
        return issue.model_copy(
            update={"file": problem.file, "sheet": problem.sheet, "cell": cell, "line": None}
        )
    return issue.model_copy(update={"file": problem.file, "line": problem.row, "span": None})


@check("REC006", name="records.source-readable", group="records")
def source_readable(ctx: Context) -> Iterator[Issue]:
    """台账须能读取：文件存在、格式为 CSV 或 .xlsx、大小与行数在上限内、工作表与表头（必需的列）存在.

    Wrong::

        records: [{name: 信访台账, kind: xinfang, file: 不存在.xlsx}]

    Right::

        records: [{name: 信访台账, kind: xinfang, file: 信访台账2024.xlsx, sheet: 登记簿}]
    """
    yield from _problems(ctx, "REC006")


@check("REC010", name="records.values-readable", group="records")
def values_readable(ctx: Context) -> Iterator[Issue]:
    """台账中用到的单元格须能识别：日期列为日期，数字列为数字，参与比较的值类型一致.

    Wrong::

        records: [{name: 台账, rows: [{编号: A1, 登记日期: 2024-02-30}]}]

    Right::

        records: [{name: 台账, rows: [{编号: A1, 登记日期: 2024-02-28}]}]
    """
    yield from _problems(ctx, "REC010")


@check("REC011", name="records.dates-in-order", group="records")
def dates_in_order(ctx: Context) -> Iterator[Issue]:
    """台账中的日期须先后有序（受理不早于登记，办结不早于受理），已受理的须有受理日期.

    Wrong::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-03-01, 是否受理: 是,
                   受理日期: 2024-03-05, 办结日期: 2024-03-02}]}]

    Right::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-03-01, 是否受理: 是,
                   受理日期: 2024-03-05, 办结日期: 2024-04-02}]}]
    """
    yield from _problems(ctx, "REC011")


@check("REC012", name="records.unique-case-numbers", group="records")
def unique_case_numbers(ctx: Context) -> Iterator[Issue]:
    """信访台账的编号不得重复（同一件登记两次会被重复计数）.

    Wrong::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-03-01},
                                                      {编号: A1, 登记日期: 2024-03-02}]}]

    Right::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-03-01},
                                                      {编号: A2, 登记日期: 2024-03-02}]}]
    """
    yield from _problems(ctx, "REC012")


@check("REC013", name="records.known-values", group="records")
def known_values(ctx: Context) -> Iterator[Issue]:
    """信访台账的渠道、是否受理、评价等只能取规定的值；延期为 0 至 30 日.

    Wrong::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-03-01, 渠道: 传真}]}]

    Right::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-03-01, 渠道: 来信}]}]
    """
    yield from _problems(ctx, "REC013")


@check("REC014", name="records.rows-in-year", group="records", severity=Severity.INFO)
def rows_in_year(ctx: Context) -> Iterator[Issue]:
    """不属于评价年度的台账行（登记晚于年末，或年初前已全部办完）不计入任何指标.

    Wrong::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2025-01-03}]}]

    Right::

        records: [{name: 信访台账, kind: xinfang, rows: [{编号: A1, 登记日期: 2024-12-28}]}]
    """
    yield from _problems(ctx, "REC014")


@check("REC015", name="records.columns-ignored", group="records", severity=Severity.INFO)
def columns_ignored(ctx: Context) -> Iterator[Issue]:
    """说明台账中未读取的列：含个人信息的列（姓名、身份证号码、电话、住址…）从不读取，其余未用到的列也不读取.

    Wrong::

        records: [{name: 台账, rows: [{姓名: 张三, 日期: 2024-01-02}]}]   # 姓名列不会被读取

    Right::

        records: [{name: 台账, rows: [{日期: 2024-01-02}]}]
    """
    if ctx.records is None:
        return
    for index, table in enumerate(ctx.records.tables):
        parts = []
        if table.personal:
            parts.append(f"含个人信息的列未读取：{'、'.join(table.personal)}")
        if table.ignored:
            parts.append(f"公式未用到、未读取的列：{'、'.join(table.ignored)}")
        if parts:
            source = next((i for i, s in enumerate(ctx.evaluation.records) if s.name == table.name), index)
            yield ctx.issue(f"records[{source}]", f"台账“{table.name}”{'；'.join(parts)}")

"""The command line: thin, it loads, calls the core, prints, and sets the exit code.

Exit codes: 0 clean · 1 errors found · 2 unreadable input (or bad usage).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from jixiao.issues import Issue, Severity
from jixiao.numbers import format_score
from jixiao.pipeline import Result, evaluate

app = typer.Typer(
    name="jixiao",
    help="jixiao 绩效：预算绩效自评的计算、校验与报告生成。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class ExtractFormat(StrEnum):
    yaml = "yaml"
    json = "json"


class RenderTarget(StrEnum):
    docx = "docx"
    pdf = "pdf"
    xlsx = "xlsx"
    html = "html"
    md = "md"


RulesetOption = Annotated[str | None, typer.Option("--ruleset", "-r", help="规则集 ID 或规则集 YAML 文件")]


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def dump_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def result_json(result: Result) -> dict[str, Any]:
    """The ``check --format json`` shape of the design."""
    card = result.scorecard
    return {
        "file": result.file,
        "evaluation": result.evaluation.model_dump(mode="json") if result.evaluation else None,
        "score": None
        if card is None
        else {
            "ruleset": card.ruleset,
            "total": None if card.total is None else str(card.total),
            "declared_total": None if card.declared_total is None else str(card.declared_total),
            "grade": card.grade,
            "declared_grade": card.declared_grade,
            # the indicators read cover part of the rule set's points: no total, and why
            "not_computable": card.partial_note() or None,
            "covered_weight": None if card.covered is None else str(card.covered),
            "full_weight": None if card.full_weight is None else str(card.full_weight),
        },
        "issues": [issue_json(issue) for issue in result.issues],
    }


def issue_json(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "severity": issue.severity.value,
        "path": issue.path,
        "span": list(issue.span) if issue.span else None,
        "line": issue.line,
        "message": issue.message,
        "expected": issue.expected,
        "found": issue.found,
        "hint": issue.hint,
        "file": issue.file,
        "sheet": issue.sheet,
        "cell": issue.cell,
    }


def print_issues(result: Result) -> None:
    style = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    for issue in result.issues:
        out.print(issue.one_line(), style=style[issue.severity], markup=False)
        if issue.hint:
            out.print(f"    提示：{issue.hint}", style="dim", markup=False)
    counts = result.counts
    label = Path(result.file).name if result.file else "输入"
    summary = f"{label}：错误 {counts['error']} 个，警告 {counts['warning']} 个，提示 {counts['info']} 个"
    card = result.scorecard
    if card is not None and card.total is not None:
        declared = "未申报" if card.declared_total is None else format_score(card.declared_total)
        summary += f"；按规则得分 {format_score(card.total)}（{card.grade}），申报得分 {declared}"
    elif card is not None and card.partial:
        summary += f"；按规则得分{card.partial_note()}"
    out.print(summary, style="bold", markup=False)


def exit_code(results: list[Result]) -> int:
    if any(not r.readable for r in results):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(r.has_errors for r in results) else EXIT_CLEAN


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="YAML/JSON/Excel 自评文件，或已发布的报告")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = OutputFormat.text,
    ruleset: RulesetOption = None,
) -> None:
    """校验：计算、评分并列出所有问题（0 无错误 · 1 有错误 · 2 无法读取）。"""
    results = [evaluate(path, ruleset) for path in paths]
    if fmt == OutputFormat.json:
        data = [result_json(r) for r in results]
        out.print(dump_json(data[0] if len(data) == 1 else data), markup=False)
    else:
        for result in results:
            print_issues(result)
    raise typer.Exit(exit_code(results))


@app.command("score")
def score_command(
    path: Annotated[Path, typer.Argument(help="自评文件或报告")],
    ruleset: RulesetOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
) -> None:
    """评分表：每项指标的规则得分、公式与输入，以及申报得分、总分和等级。"""
    result = evaluate(path, ruleset)
    card = result.scorecard
    if card is None:
        print_issues(result)
        raise typer.Exit(EXIT_UNREADABLE)
    if fmt == OutputFormat.json:
        out.print(dump_json(card.model_dump(mode="json")), markup=False)
        raise typer.Exit(EXIT_CLEAN)
    table = Table(
        title=f"{result.evaluation.department if result.evaluation else ''} 评分表（规则集 {card.ruleset}）",
        show_lines=True,
    )
    for column in ("指标", "分值", "申报得分", "规则得分", "计算方法与依据"):
        table.add_column(column, overflow="fold")

    def fmt_score(value: Decimal | None) -> str:
        return "—" if value is None else format_score(value)

    for line in card.lines:
        name = "　" * (line.level - 1) + line.name
        rule = fmt_score(line.computed)
        if line.computed is None and line.used is not None:
            rule = f"({fmt_score(line.used)})"
        differs = line.computed is not None and line.declared is not None and line.computed != line.declared
        table.add_row(
            name,
            fmt_score(line.weight),
            fmt_score(line.declared),
            f"[bold red]{rule}[/]" if differs else rule,
            line.formula,
        )
    out.print(table)
    total = card.partial_note() or "—" if card.total is None else format_score(card.total)
    declared = "未申报" if card.declared_total is None else format_score(card.declared_total)
    out.print(
        f"按规则总分 {total}（等级 {card.grade or '—'}）；申报总分 {declared}"
        f"（等级 {card.declared_grade or '未申报'}）。括号内为定性指标采用的申报得分。",
        markup=False,
    )
    raise typer.Exit(EXIT_CLEAN)


@app.command()
def schema() -> None:
    """打印自评数据（Evaluation）的 JSON Schema。"""
    from jixiao.model import Evaluation  # noqa: PLC0415  (start-up: loaded by its command)

    out.print(dump_json(Evaluation.model_json_schema()), markup=False)


@app.command("checks")
def checks_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 md（生成文档）")] = "text",
) -> None:
    """列出全部校验规则（代码、名称、默认级别、说明）。"""
    from jixiao.checks.catalogue import catalogue_markdown, catalogue_rows  # noqa: PLC0415  (start-up: loaded by its command)

    if fmt == "md":
        sys.stdout.write(catalogue_markdown())
        return
    for code, name, severity, summary in catalogue_rows():
        out.print(f"{code}\t{severity}\t{name}\t{summary}", markup=False)


@app.command()
def rulesets() -> None:
    """列出内置规则集。"""
    from jixiao.rules import available  # noqa: PLC0415  (start-up: loaded by its command)

    for ruleset_id, name in available().items():
        out.print(f"{ruleset_id}\t{name}", markup=False)


@app.command()
def indicators(
    sector: Annotated[str | None, typer.Option("--sector", help="行业，如 信访、教育、共性")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="按名称、层级或定义查找，如 满意")
    ] = None,
    library: Annotated[
        list[Path] | None, typer.Option("--library", help="补充的指标库 YAML（可多次给出）")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = OutputFormat.text,
) -> None:
    """指标库：列出共性和分行业个性指标（编号、层级、单位、方向、常用指标值、数据来源）。"""
    from jixiao.library import DIRECTION_LABELS, extra_files_from_env, load_library  # noqa: PLC0415  (start-up: loaded by its command)

    found_library, issues = load_library([*extra_files_from_env(), *(library or [])])
    for issue in issues:
        err.print(issue.one_line(), markup=False)
    if sector and sector not in found_library.sectors:
        err.print(f"没有行业“{sector}”；可选：{'、'.join(found_library.sectors)}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    entries = found_library.search(search, sector)
    if fmt == OutputFormat.json:
        out.print(dump_json([e.model_dump(mode="json") | {"kind": e.kind} for e in entries]), markup=False)
        raise typer.Exit(EXIT_UNREADABLE if issues else EXIT_CLEAN)
    table = Table(title=f"指标库（{len(entries)} 项）", show_lines=False)
    for column in ("编号", "指标", "行业", "层级", "单位", "方向", "常用指标值", "数据来源", "台账可算"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(
            e.id,
            e.name,
            e.sector,
            e.level_path,
            e.unit or "—",
            DIRECTION_LABELS.get(e.direction or "", "—"),
            e.target,
            e.data_source,
            "是" if e.records else "否",
        )
    out.print(table)
    raise typer.Exit(EXIT_UNREADABLE if issues else EXIT_CLEAN)


@app.command()
def extract(
    path: Annotated[
        Path, typer.Argument(help="已发布的报告：.txt .docx .doc .pdf .html，扫描件 .png .jpg .tif")
    ],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.yaml,
    facts: Annotated[
        bool, typer.Option("--facts", help="列出文中每个数字：数值、单位、类别、所属标签与位置")
    ] = False,
) -> None:
    """从已发布的报告中提取数据（每个数字都带原文位置）。"""
    from jixiao.inputs.structured.writer import evaluation_to_yaml  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.intake import load  # noqa: PLC0415  (start-up: loaded by its command)

    if facts:
        print_facts(path, fmt == ExtractFormat.json)

    evaluation, issues = load(path)
    for issue in issues:
        err.print(issue.one_line(), markup=False)
    if evaluation is None:
        raise typer.Exit(EXIT_UNREADABLE)
    if fmt == ExtractFormat.json:
        out.print(dump_json(evaluation.model_dump(mode="json")), markup=False)
    else:
        sys.stdout.write(evaluation_to_yaml(evaluation))
    raise typer.Exit(EXIT_CLEAN)


def print_facts(path: Path, as_json: bool) -> None:
    """``extract --facts``: one line per number (text), or a JSON list; exits like ``extract``."""
    from bisect import bisect_right  # noqa: PLC0415  (start-up: loaded by its command)

    from jixiao.intake import file_facts  # noqa: PLC0415  (start-up: loaded by its command)

    document, found, issues = file_facts(path)
    for issue in issues:
        err.print(issue.one_line(), markup=False)
    if document is None:
        raise typer.Exit(EXIT_UNREADABLE)
    starts = [0] + [i + 1 for i, char in enumerate(document.text) if char == "\n"]
    rows = [{"line": bisect_right(starts, fact.start), **fact.as_json()} for fact in found]
    if as_json:
        out.print(dump_json(rows), markup=False)
    else:
        for row, fact in zip(rows, found, strict=True):
            where = f"{path}:{row['line']}"
            unit = fact.unit or ""
            label = " / ".join(fact.labels)
            scan = ""
            if fact.confidence is not None:  # read by OCR: page, box (points) and confidence
                box = ",".join(f"{v:g}" for v in fact.box or ())
                scan = f"\t第{fact.page}页[{box}] 识别置信度{fact.confidence:.2f}"
            out.print(f"{where}\t{fact.kind}\t{fact.value}{unit}\t{label}{scan}", markup=False)
    raise typer.Exit(EXIT_CLEAN)


@app.command()
def render(
    path: Annotated[Path, typer.Argument(help="自评文件（YAML/Excel）或报告")],
    to: Annotated[RenderTarget, typer.Option("--to", help="输出格式")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件")],
    ruleset: RulesetOption = None,
    template: Annotated[Path | None, typer.Option("--template", help="自定义 Word 模板（.docx）")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="仍有错误时拒绝生成")] = False,
) -> None:
    """生成自评报告（docx/pdf/html/md）或绩效自评表（xlsx），所有数字由程序计算。"""
    from jixiao.render import RenderError, render_result  # noqa: PLC0415  (start-up: loaded by its command)

    result = evaluate(path, ruleset)
    if not result.readable:
        print_issues(result)
        raise typer.Exit(EXIT_UNREADABLE)
    if strict and result.has_errors:
        print_issues(result)
        err.print("存在错误，--strict 模式下不生成报告。", markup=False)
        raise typer.Exit(EXIT_ERRORS)
    try:
        corrections = render_result(result, to.value, output, template=template)
    except RenderError as exc:
        err.print(f"生成失败：{exc}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    for note in corrections:
        out.print(f"已更正：{note}", markup=False)
    out.print(f"已生成 {output}", markup=False)


def _loaded(result: Result) -> Result:
    """The result, or the exit (2) after printing why its input could not be read."""
    if result.evaluation is None or not result.readable:
        print_issues(result)
        raise typer.Exit(EXIT_UNREADABLE)
    return result


@app.command("next")
def next_command(
    path: Annotated[Path, typer.Argument(help="本年度的自评文件（YAML/Excel）")],
    output: Annotated[Path, typer.Option("-o", "--output", help="下一年度的 YAML 文件")],
    ruleset: RulesetOption = None,
) -> None:
    """下一年度：沿用指标体系和指标值，上年实际完成值和得分列在旁边，预算数留空，部门职能等固定内容保留。"""
    from jixiao.across.next_year import next_evaluation  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.files import atomic_output  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.inputs.structured.writer import evaluation_to_yaml  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.model import walk_indicators  # noqa: PLC0415  (start-up: loaded by its command)

    result = _loaded(evaluate(path, ruleset))
    assert result.evaluation is not None
    following = next_evaluation(result.evaluation, result.scorecard, result.ruleset)
    with atomic_output(output) as temporary:
        temporary.write_text(evaluation_to_yaml(following), encoding="utf-8")
    count = sum(1 for _, node, _ in walk_indicators(following.indicators) if not node.children)
    out.print(
        f"已生成 {output}：{following.year or '下一'}年度，沿用 {count} 项指标及其指标值，"
        f"{result.evaluation.year or '上'}年度实际完成值和得分列于各指标的 prior；预算数待填写。",
        markup=False,
    )


@app.command("compare")
def compare_command(
    path: Annotated[Path, typer.Argument(help="本年度的自评文件")],
    last: Annotated[
        Path | None, typer.Option("--last", help="上年度的自评文件（不给出时用 jixiao next 保留的上年数据）")
    ] = None,
    ruleset: RulesetOption = None,
) -> None:
    """与上年对比：逐项指标（指标值、实际完成值、得分）和逐行预算。"""
    from jixiao.across.compare import compare  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.numbers import format_amount, format_percent  # noqa: PLC0415  (start-up: loaded by its command)

    result = _loaded(evaluate(path, ruleset))
    before = _loaded(evaluate(last, ruleset)) if last is not None else None
    assert result.evaluation is not None
    found = compare(
        result.evaluation,
        result.scorecard,
        before.evaluation if before else None,
        before.scorecard if before else None,
    )
    if found.empty:
        err.print(
            "没有上年数据可比：请用 --last 给出上年度文件，或用 jixiao next 生成本年度文件。", markup=False
        )
        raise typer.Exit(EXIT_UNREADABLE)

    def score(value: Decimal | None) -> str:
        return "—" if value is None else format_score(value)

    years = f"{found.last_year or '上年'} → {found.year or '本年'}"
    table = Table(title=f"{result.evaluation.department} 指标对比（{years}）", show_lines=False)
    for column in ("指标", "上年指标值", "上年实际", "上年得分", "本年指标值", "本年实际", "本年得分"):
        table.add_column(column, overflow="fold")
    for row in found.indicators:
        name = "　" * (row.depth - 1) + row.name + ("（新增）" if row.is_new else "")
        target = (row.target or "") + ("（已调整）" if row.target_changed else "")
        table.add_row(
            name,
            row.last_target or "",
            row.last_actual or "",
            score(row.last_score),
            target,
            row.actual or "",
            score(row.score),
        )
    out.print(table)
    out.print(f"总分：上年 {score(found.last_total)}，本年 {score(found.total)}", markup=False)
    if found.budget:
        money = Table(title=f"预算对比（万元，{years}）")
        for column in (
            "预算行",
            "上年年初",
            "上年全年",
            "上年执行",
            "本年年初",
            "本年全年",
            "本年执行",
            "执行增减",
        ):
            money.add_column(column, overflow="fold")
        for line in found.budget:
            cells = [format_amount(v) if v is not None else "—" for v in (*line.last, *line.this)]
            rate = line.executed_change_rate
            change = "—" if line.executed_change is None else format_amount(line.executed_change)
            money.add_row(
                line.label, *cells, change + ("" if rate is None else f"（{format_percent(rate)}）")
            )
        out.print(money)


@app.command("reliability")
def reliability_command(
    paths: Annotated[list[Path], typer.Argument(help="各部门、各年度的自评文件")],
    ruleset: RulesetOption = None,
) -> None:
    """预算可靠性（参照 PEFA PI-1/PI-2）：按部门比较执行数与年初预算，近三年评 A–D，可靠者在前。"""
    from jixiao.across.reliability import assess, merge_series, rank, series_of  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.numbers import format_percent  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.rules import load_ruleset  # noqa: PLC0415  (start-up: loaded by its command)

    rules, rule_issues = load_ruleset(ruleset)
    if rules is None:
        for issue in rule_issues:
            err.print(issue.one_line(), markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    by_department: dict[str, list[list[Any]]] = {}
    unreadable = False
    for path in paths:
        result = evaluate(path, rules)
        if result.evaluation is None or not result.readable:
            print_issues(result)
            unreadable = True
            continue
        card = result.scorecard
        series = series_of(result.evaluation, card.total if card else None, card.grade if card else None)
        by_department.setdefault(result.evaluation.department, []).append(series)
    ranked = rank(assess(name, merge_series(s), rules.reliability) for name, s in by_department.items())
    table = Table(title="预算可靠性（执行数 ÷ 年初预算，PEFA PI-1 / PI-2）")
    for column in ("部门", "PI-1", "PI-2", "各年执行数 ÷ 年初预算", "各年调整幅度", "说明"):
        table.add_column(column, overflow="fold")

    def pct(value: Decimal | None) -> str:
        return "—" if value is None else format_percent(value, 1)

    for item in ranked:
        years = "；".join(f"{f.year} {pct(f.outturn)}" for f in item.series[: rules.reliability.years])
        adjust = "；".join(f"{f.year} {pct(f.adjustment)}" for f in item.series[: rules.reliability.years])
        table.add_row(
            item.department,
            (item.outturn.letter if item.outturn else None) or "—",
            (item.composition.letter if item.composition else None) or "—",
            years,
            adjust,
            item.outturn.reason if item.outturn else "",
        )
    out.print(table)
    raise typer.Exit(EXIT_UNREADABLE if unreadable else EXIT_CLEAN)


@app.command("template")
def template_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 Excel 模板")],
) -> None:
    """生成空白 Excel 填报模板（含下拉选项、说明和示例）。"""
    from jixiao.inputs.workbook.write import write_template  # noqa: PLC0415  (start-up: loaded by its command)

    write_template(output)
    out.print(f"已生成 {output}", markup=False)


@app.command()
def audit(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（递归）")],
    out_file: Annotated[Path, typer.Option("--out", help="结果：.sqlite .csv .parquet .xlsx")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="本地进程数（默认全部核心）")] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask 调度器地址 tcp://HOST:PORT")
    ] = None,
    html: Annotated[Path | None, typer.Option("--html", help="另存带图表的汇总页面")] = None,
    ruleset: RulesetOption = None,
) -> None:
    """批量审核：逐个提取、评分、校验，结果写入一张表（可中断续跑）。"""
    from jixiao.batch.run import run_audit  # noqa: PLC0415  (start-up: loaded by its command)

    raise typer.Exit(
        run_audit(paths, out_file, jobs=jobs, scheduler=scheduler, html=html, ruleset=ruleset, console=out)
    )


records_app = typer.Typer(
    help="台账：由部门自己的台账计算指标（给出 k/n）。", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(records_app, name="records")


class DaysChoice(StrEnum):
    calendar = "calendar"
    working = "working"


@records_app.command("xinfang")
def records_xinfang(
    path: Annotated[Path, typer.Argument(help="信访台账（.xlsx 或 .csv）")],
    year: Annotated[int, typer.Option("--year", help="评价年度")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表（默认第一个）")] = None,
    header_row: Annotated[int | None, typer.Option("--header-row", help="表头所在行（默认自动查找）")] = None,
    days: Annotated[DaysChoice, typer.Option("--days", help="calendar 日历日（默认）或 working 工作日")] = (
        DaysChoice.calendar
    ),
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
) -> None:
    """信访台账的标准指标（及时受理率、按期办结率、参评率、满意率、积案化解率、重复信访率、网上信访占比），
    每项给出 k/n（0 无问题 · 1 台账有错误行 · 2 无法读取）。"""
    from jixiao.records.engine import Period  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.records.register import measure_register, read_register, readable  # noqa: PLC0415  (start-up: loaded by its command)
    from jixiao.records.text import register_json, register_lines  # noqa: PLC0415  (start-up: loaded by its command)

    if not 1990 <= year <= 2100:
        err.print("--year 应为 1990 至 2100 之间的年度", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    table = read_register(path, sheet=sheet, header_row=header_row)
    rows = measure_register(table, Period.year(year), days.value)
    if fmt == OutputFormat.json:
        out.print(dump_json(register_json(path, year, table, rows)), markup=False)
    else:
        for line, style in register_lines(path, year, table, rows):
            out.print(line, style=style, markup=False)
    if not readable(table):
        raise typer.Exit(EXIT_UNREADABLE)
    errors = any(problem.code not in ("REC014",) for problem in table.problems)
    raise typer.Exit(EXIT_ERRORS if errors else EXIT_CLEAN)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址（演示数据只能用 127.0.0.1）")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    no_demo: Annotated[bool, typer.Option("--no-demo", help="不载入演示数据（正式使用）")] = False,
    workers: Annotated[int | None, typer.Option(help="进程数（默认按 CPU 核数）", min=1, max=64)] = None,
    allowed_hosts: Annotated[
        str, typer.Option(help="用户访问本系统所用的域名或 IP，逗号分隔（监听非本机地址时必填）")
    ] = "",
) -> None:
    """启动网页应用：默认在本机载入演示数据；正式使用见 jixiao init 与 docs/deploy.md。"""
    from jixiao.web.serve import StartError, run_server  # noqa: PLC0415  (start-up: loaded by its command)

    hosts = [h.strip() for h in allowed_hosts.split(",") if h.strip()]
    try:
        run_server(host=host, port=port, demo=not no_demo, workers=workers, allowed_hosts=hosts)
    except StartError as exc:
        err.print(f"无法启动：{exc}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from exc


@app.command()
def init(
    admin: Annotated[str, typer.Option("--admin", help="第一个管理员的用户名")] = "admin",
) -> None:
    """正式使用前的准备：建立数据库（不含演示数据），创建第一个管理员（密码在提示时输入）。"""
    from jixiao.web.serve import init as init_web  # noqa: PLC0415  (start-up: loaded by its command)

    password = typer.prompt("管理员密码（至少 10 位，不能全是数字或常见密码）", hide_input=True,
                            confirmation_prompt="再次输入密码")  # fmt: skip
    try:
        init_web(admin, password)
    except ValueError as exc:
        err.print(f"未创建：{exc}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from exc
    out.print(f"已创建管理员 {admin}。", markup=False)
    start = "jixiao serve --no-demo --host 0.0.0.0 --allowed-hosts 域名"
    out.print(f"启动：{start}（见 docs/deploy.md）", markup=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。", markup=False)
        sys.exit(130)


if __name__ == "__main__":
    main()

"""A 信访 register's measures as lines of text and as JSON (what ``jixiao records xinfang`` prints)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.numbers import format_percent, round_half_up
from jixiao.records.compute import RecordsFigure, RecordsOutcome, TableSummary
from jixiao.records.register import MeasureRow
from jixiao.records.table import Problem, Table

LISTED = 20


def fmt(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize() if value == value.to_integral() else value, "f")


def shown(figure: RecordsFigure, decimals: int = 2) -> str:
    """``846/851 = 99.41%``, ``857 件``, ``41.5 天``."""
    if figure.value is None:
        return f"{fmt(figure.k)}/{figure.n} （基数为 0，无法计算）" if figure.n == 0 else "—"
    if figure.unit == "%":
        return f"{fmt(figure.k)}/{figure.n} = {format_percent(figure.value, decimals)}"
    if figure.kind == "avg_days":
        return f"{fmt(figure.k)} 天 ÷ {figure.n} 件 = {fmt(round_half_up(figure.value, max(decimals, 1)))} 天"
    return f"{fmt(figure.value)}{' 件' if figure.unit == '件' else ''}"


def provenance(table: TableSummary | None) -> str:
    if table is None:
        return ""
    where = table.file or "内嵌数据"
    if table.sheet:
        where += f"「{table.sheet}」"
    digest = f"，SHA-256 {table.sha256[:16]}…" if table.sha256 else ""
    return f"{where}{digest}，读取 {table.rows} 行"


def report_paragraphs(outcome: RecordsOutcome | None) -> list[str]:
    """What a rendered report says of the figures computed from records (“由台账计算”, k/n, provenance)."""
    if outcome is None:
        return []
    tables = {table.name: table for table in outcome.tables}
    lines = [
        f"“{figure.label}”由台账计算：{shown(figure)}（{provenance(tables.get(figure.source))}）。"
        for figure in outcome.figures
        if figure.error is None
    ]
    return ["以下数据由台账计算（台账中的姓名、身份证号码等个人信息未读取）：", *lines] if lines else []


PROBLEM_TITLES = {
    "REC006": "台账无法读取",
    "REC010": "无法识别的值",
    "REC011": "日期先后不符",
    "REC012": "编号重复",
    "REC013": "不在规定取值内",
    "REC014": "不属于本年度（未计入）",
}


def value_text(row: MeasureRow) -> str:
    m = row.measurement
    if m is None:
        return f"— （{row.error}）"
    if m.value is None:
        return f"{m.k}/{m.n} （无数据）"
    if m.unit == "%":
        return f"{m.k}/{m.n} = {format_percent(m.value, 2)}"
    return f"{round_half_up(m.value, 2)} {m.unit}"


def where(path: Path, table: Table, problem: Problem) -> str:
    if problem.row is None:
        return path.name
    if table.sheet:
        return f"{path.name}[{table.sheet}!{problem.letter or ''}{problem.row}]"
    return f"{path.name}:{problem.row}"


def register_lines(
    path: Path, year: int, table: Table, rows: list[MeasureRow]
) -> list[tuple[str, str | None]]:
    """(line, style) pairs; the style is a hint for a terminal (bold, red, yellow, dim) or None."""
    lines: list[tuple[str, str | None]] = []
    sheet = f"「{table.sheet}」" if table.sheet else ""
    digest = f"SHA-256 {table.sha256[:16]}…，" if table.sha256 else ""
    header = f"表头第 {table.header_row} 行，" if table.header_row else ""
    lines.append((f"信访台账 {path.name}{sheet}（{digest}{header}{len(table):,} 行），{year} 年度", "bold"))
    for row in rows:
        pending = (
            f"（另有 {row.measurement.pending} 件未到期）"
            if row.measurement and row.measurement.pending
            else ""
        )
        lines.append((f"{row.measure.name}：{value_text(row)}{pending}", None))
        lines.append((f"    口径：{row.measure.definition}（{row.measure.basis}）", "dim"))
        lines.append((f"    公式：{row.measure.formula}", "dim"))
    if table.personal:
        lines.append((f"含个人信息的列未读取：{'、'.join(table.personal)}", None))
    if table.ignored:
        lines.append((f"未用到、未读取的列：{'、'.join(table.ignored)}", None))
    by_code: dict[str, list[Problem]] = {}
    for problem in table.problems:
        by_code.setdefault(problem.code, []).append(problem)
    for code, problems in sorted(by_code.items()):
        style = "cyan" if code == "REC014" else "red"
        lines.append((f"{PROBLEM_TITLES.get(code, code)}：{len(problems)} 处", style))
        for problem in problems[:LISTED]:
            column = f"“{problem.column}”列：" if problem.column else ""
            at = f"第 {problem.row} 行" if problem.row else ""
            lines.append((f"  {where(path, table, problem)}: [{code}] {at}{column}{problem.message}", style))
        if len(problems) > LISTED:
            lines.append((f"  … 另有 {len(problems) - LISTED} 处", style))
    return lines


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def register_json(path: Path, year: int, table: Table, rows: list[MeasureRow]) -> dict[str, Any]:
    return {
        "file": path.name,
        "sha256": table.sha256,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "year": year,
        "rows": len(table),
        "ignored": table.ignored,
        "personal": table.personal,
        "measures": [
            {
                "name": row.measure.name,
                "formula": row.measure.formula,
                "basis": row.measure.basis,
                "k": None if row.measurement is None else _decimal(row.measurement.k),
                "n": None if row.measurement is None else row.measurement.n,
                "value": None if row.measurement is None else _decimal(row.measurement.value),
                "pending": None if row.measurement is None else row.measurement.pending,
                "error": row.error,
            }
            for row in rows
        ],
        "problems": [
            {
                "code": p.code,
                "row": p.row,
                "column": p.column,
                "cell": f"{p.letter or ''}{p.row or ''}",
                "message": p.message,
            }
            for p in table.problems
        ],
    }

"""The closing summary of an audit, computed from the journal (so a resumed run summarises everything)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from jixiao.batch.store import Journal

SCORE_BINS: tuple[tuple[int, int], ...] = ((0, 60), (60, 70), (70, 80), (80, 90), (90, 101))


@dataclass
class Summary:
    """Counts over the whole results table."""

    documents: int = 0
    ok: int = 0
    unreadable: int = 0
    failed: int = 0
    issues: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    top_codes: list[tuple[str, str, int]] = field(default_factory=list)  # code, a sample message, count
    score_bins: list[tuple[str, int]] = field(default_factory=list)
    grades: list[tuple[str, int]] = field(default_factory=list)
    score_mismatch: int = 0  # declared total differs from the computed one
    seconds: float = 0.0  # wall time of this run
    processed: int = 0  # files audited in this run (not skipped)
    skipped: int = 0
    interrupted: bool = False


def bin_label(low: int, high: int) -> str:
    return f"{low}–{min(high, 100)}" if high <= 100 else f"{low}–100"


def summarise(journal: Journal) -> Summary:
    """Documents, unreadable ones, the ten most frequent issue codes and the score distribution."""
    db = journal.db
    summary = Summary()
    for status, count in db.execute("SELECT status, count(*) FROM documents GROUP BY status"):
        if status in {"ok", "unreadable", "failed"}:
            setattr(summary, status, count)
        summary.documents += count
    summary.by_severity = dict(
        db.execute("SELECT severity, count(*) FROM issues GROUP BY severity").fetchall()
    )
    summary.issues = sum(summary.by_severity.values())
    summary.top_codes = db.execute(
        "SELECT code, min(message), count(*) AS n FROM issues GROUP BY code ORDER BY n DESC, code LIMIT 10"
    ).fetchall()
    counts = dict.fromkeys(SCORE_BINS, 0)
    mismatch = 0
    for computed, declared in db.execute(
        "SELECT computed_score, declared_score FROM documents WHERE computed_score IS NOT NULL"
    ):
        value = Decimal(computed)
        for low, high in SCORE_BINS:
            if low <= value < high:
                counts[(low, high)] += 1
                break
        if declared is not None and Decimal(declared) != value:
            mismatch += 1
    summary.score_bins = [(bin_label(low, high), n) for (low, high), n in counts.items()]
    summary.score_mismatch = mismatch
    summary.grades = db.execute(
        "SELECT coalesce(grade, '—'), count(*) FROM documents WHERE status = 'ok' GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    return summary


def print_summary(summary: Summary, console: Console) -> None:
    """The summary as rich tables in Chinese."""
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    head = (
        f"共 {summary.documents} 份文档：可读 {summary.ok}，无法读取 {summary.unreadable}，"
        f"处理失败 {summary.failed}；问题 {summary.issues} 个"
        f"（错误 {summary.by_severity.get('error', 0)}，警告 {summary.by_severity.get('warning', 0)}，"
        f"提示 {summary.by_severity.get('info', 0)}）。"
        f"本次处理 {summary.processed} 份，跳过已有结果 {summary.skipped} 份，"
        f"用时 {summary.seconds:.1f} 秒（{rate:.1f} 份/秒）。"
    )
    if summary.interrupted:
        head = "已中断，已完成的结果均已保存；再次运行同一命令可继续。" + head
    console.print(head, markup=False)
    if summary.top_codes:
        table = Table(title="最常见的十类问题")
        for column in ("代码", "次数", "示例"):
            table.add_column(column, overflow="fold")
        for code, message, count in summary.top_codes:
            table.add_row(code, str(count), message or "")
        console.print(table)
    if any(n for _, n in summary.score_bins):
        table = Table(title="按规则总分分布")
        table.add_column("分数段")
        table.add_column("文档数", justify="right")
        for label, count in summary.score_bins:
            table.add_row(label, str(count))
        console.print(table)
        console.print(f"申报总分与按规则总分不一致：{summary.score_mismatch} 份。", markup=False)

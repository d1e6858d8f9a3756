"""``jixiao audit``: many files → one results table, with progress, resumable, local or on Dask.

Exit codes: 0 the run finished (findings in documents are data, not failures) · 2 bad usage or nothing
to audit · 130 interrupted (everything done so far is kept; the same command resumes).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from jixiao.batch.executors import LocalPool, run_dask
from jixiao.batch.html import write_html
from jixiao.batch.pages import PageCount, count_pages
from jixiao.batch.store import FORMATS, Journal, export, journal_path
from jixiao.batch.summary import Summary, print_summary, summarise
from jixiao.batch.worker import DEFAULT_TIMEOUT, STATUS_OK, Outcome, file_key, sha256_of
from jixiao.inputs.kinds import DOCUMENT, STRUCTURED, WORKBOOK

SUPPORTED = STRUCTURED | WORKBOOK | DOCUMENT
MAX_CHUNK = 64
EXIT_DONE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130


class RateColumn(ProgressColumn):
    """Files per second: of the last half minute while running, of the whole run once finished (results
    arrive a chunk at a time, so the last window's rate would be a burst, not what the run did)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed
        speed = task.completed / elapsed if (task.finished or task.total is None) and elapsed else task.speed
        return Text(f"{speed or 0:.1f} {task.fields.get('unit', '份')}/秒")


class PagesBar:
    """The progress line of the pages of PDFs and images (counted before the run, :mod:`.pages`): a scan
    costs seconds a page, so pages, not files, tell how far OCR work has gone. Its tail says how many
    pages OCR read and their mean confidence."""

    def __init__(self, count: PageCount, progress: Progress) -> None:
        self.count = count
        self.ocr_pages = 0
        self.weighted = 0.0
        self.task: TaskID | None = None
        if count.total:
            about = f"（约，{count.estimated} 个文件未计页数）" if count.estimated else ""
            self.task = progress.add_task(f"页{about}", total=count.total, unit="页", tail="文字识别 0 页")

    def add(self, batch: list[Outcome], progress: Progress) -> None:
        if self.task is None:
            return
        for outcome in batch:
            read = outcome.document.get("ocr_pages")
            if read:
                count = len(read.split(","))
                self.ocr_pages += count
                self.weighted += count * (outcome.document.get("ocr_confidence") or 0.0)
        tail = f"文字识别 {self.ocr_pages} 页"
        if self.ocr_pages:
            tail += f"，平均置信度 {self.weighted / self.ocr_pages:.3f}"
        done = sum(self.count.of(outcome.document["file"]) for outcome in batch)
        progress.update(self.task, advance=done, tail=tail)


def discover(paths: Iterable[Path], exclude: set[Path]) -> tuple[list[Path], list[Path]]:
    """Every supported file under ``paths`` (recursively, sorted), and the paths that do not exist."""
    found: set[Path] = set()
    missing: list[Path] = []
    for path in paths:
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file())
        else:
            missing.append(path)
    wanted = [
        p
        for p in found
        if p.resolve() not in exclude and not p.name.startswith(("~$", ".")) and p.suffix.lower() in SUPPORTED
    ]
    return sorted(wanted), missing


@dataclass
class Plan:
    """The files this run audits, after skipping those already in the results."""

    todo: list[Path]
    skipped: int


def plan(files: list[Path], journal: Journal) -> Plan:
    """Skip files already audited: same path, size and mtime (not read), else same content hash."""
    journal.forget_failed()
    keys = journal.done_keys()
    hashes = journal.done_hashes()
    todo: list[Path] = []
    for path in files:
        key = file_key(path)
        if (str(path), key["size"], key["mtime_ns"]) in keys:
            continue
        if hashes and sha256_of(path) in hashes:  # only read on a resume, and only the rest
            continue
        todo.append(path)
    return Plan(todo, len(files) - len(todo))


def chunk_size(files: int, workers: int) -> int:
    """About eight chunks per worker, between 1 and MAX_CHUNK files each."""
    return max(1, min(MAX_CHUNK, files // max(1, workers * 8)))


def chunked(paths: list[Path], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield [str(p) for p in paths[start : start + size]]


def outcomes(
    todo: list[Path], jobs: int, scheduler: str | None, ruleset: str | None, timeout: float | None
) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes, as completed, from the local pool or the Dask cluster."""
    if scheduler:
        return _dask(todo, scheduler, ruleset, timeout)
    return _local(todo, jobs, ruleset, timeout)


def _dask(
    todo: list[Path], scheduler: str, ruleset: str | None, timeout: float | None
) -> Iterator[list[Outcome]]:
    """On the cluster, chunks sized for the threads it really has (Dask is imported only here)."""
    from distributed import Client  # noqa: PLC0415  (Dask only with a scheduler)

    with Client(scheduler, timeout="30s") as client:  # type: ignore[no-untyped-call]
        threads = max(1, sum(client.nthreads().values()))
        yield from run_dask(
            chunked(todo, chunk_size(len(todo), threads)), scheduler, ruleset, timeout, client
        )


def _local(
    todo: list[Path], jobs: int, ruleset: str | None, timeout: float | None
) -> Iterator[list[Outcome]]:
    with LocalPool(jobs, ruleset, timeout) as pool:  # closing this generator stops the pool
        yield from pool.run(chunked(todo, chunk_size(len(todo), jobs)))


def run_audit(
    paths: list[Path],
    out_file: Path,
    *,
    jobs: int | None,
    scheduler: str | None,
    html: Path | None,
    ruleset: str | None,
    console: Console,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> int:
    """Audit every supported file under ``paths`` into ``out_file``; return the exit code."""
    if out_file.suffix.lower() not in {*FORMATS, ".sqlite3", ".db"}:
        console.print(f"不支持的结果格式“{out_file.suffix}”：请用 .sqlite .csv .parquet .xlsx", markup=False)
        return EXIT_USAGE
    if jobs is not None and jobs < 1:
        console.print("--jobs 至少为 1", markup=False)
        return EXIT_USAGE
    journal_file = journal_path(out_file)
    exclude = {p.resolve() for p in (out_file, journal_file, html) if p is not None}
    files, missing = discover(paths, exclude)
    for path in missing:
        console.print(f"找不到：{path}", markup=False)
    if missing or not files:
        if not missing:
            console.print(
                "没有找到可审核的文件（.yaml .json .xlsx .txt .docx .doc .pdf .html）", markup=False
            )
        return EXIT_USAGE
    journal = Journal(journal_file)
    try:
        return _run(
            journal, files, out_file, jobs or os.cpu_count() or 1, scheduler, html, ruleset, console, timeout
        )
    finally:
        journal.close()


def _run(
    journal: Journal,
    files: list[Path],
    out_file: Path,
    jobs: int,
    scheduler: str | None,
    html: Path | None,
    ruleset: str | None,
    console: Console,
    timeout: float | None,
) -> int:
    started = time.perf_counter()
    work = plan(files, journal)
    processed, problems, interrupted = 0, 0, False
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[tail]}"),
        console=console,
        transient=False,
    )
    stream = outcomes(work.todo, jobs, scheduler, ruleset, timeout) if work.todo else iter(())
    try:
        with progress if work.todo else nullcontext():
            task = progress.add_task("审核", total=len(work.todo), tail="无法读取/失败 0")
            pages = PagesBar(count_pages(work.todo), progress)  # a second line counts pages
            for batch in stream:
                journal.add(batch)
                processed += len(batch)
                problems += sum(o.document["status"] != STATUS_OK for o in batch)
                progress.update(task, advance=len(batch), tail=f"无法读取/失败 {problems}")
                pages.add(batch, progress)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # stops the pool or disconnects from the cluster
    summary = summarise(journal)
    summary.seconds = time.perf_counter() - started
    summary.processed, summary.skipped, summary.interrupted = processed, work.skipped, interrupted
    _finish(journal, out_file, html, summary, console)
    return EXIT_INTERRUPTED if interrupted else EXIT_DONE


def _finish(journal: Journal, out_file: Path, html: Path | None, summary: Summary, console: Console) -> None:
    """Write the requested format and the HTML page from the journal, then print the summary."""
    written = export(journal, out_file)
    print_summary(summary, console)
    if html is not None:
        write_html(summary, html)
        written.append(html)
    names = "、".join(str(p) for p in [*written, journal.path])
    console.print(f"结果已写入 {names}", markup=False)

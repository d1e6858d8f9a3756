"""Where the chunks run: a local process pool (default) or a Dask distributed cluster (``--scheduler``).

Both take an iterator of chunks (lists of paths) and yield each chunk's outcomes as it completes, with a
bounded number of chunks in flight, so that a million-file run holds only a few chunks in memory. A
worker process that dies (a reader crashing in C) does not end the run: its chunk is retried one file
per task, one at a time, and the file that kills a worker while running alone becomes a ``failed`` row.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from jixiao.batch.worker import STATUS_FAILED, Outcome, _document_row, _engine_issue, audit_chunk

ChunkTask = Callable[[list[str], str | None, float | None], list[Outcome]]
IN_FLIGHT_PER_WORKER = 2


def crashed(path: str, ruleset: str | None, reason: str) -> Outcome:
    """The row of a file whose worker died while reading it."""
    row = _document_row(Path(path), ruleset)
    message = f"处理失败：工作进程异常退出（{reason}）"
    row.update(status=STATUS_FAILED, error=message, errors=1, warnings=0, infos=0)
    issue = _engine_issue("ENG902", message)
    issue.update(file=row["file"], sha256=row["sha256"])
    return Outcome(row, [issue])


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and keeps what is done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalPool:
    """A process pool that survives a worker crash by retrying the chunks it lost file by file."""

    def __init__(
        self, jobs: int, ruleset: str | None, timeout: float | None, task: ChunkTask = audit_chunk
    ) -> None:
        self.jobs, self.ruleset, self.timeout, self.task = jobs, ruleset, timeout, task
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["jixiao.batch.worker", "jixiao.pipeline"])
        self.context = context
        self.pool = self._new_pool()
        self.suspected: set[str] = set()  # files that were in flight when a worker died

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_ignore_sigint)

    def run(self, chunks: Iterator[list[str]]) -> Iterator[list[Outcome]]:
        pending: dict[Future[list[Outcome]], list[str]] = {}
        suspects: list[list[str]] = []  # single files to retry after a crash
        limit = self.jobs * IN_FLIGHT_PER_WORKER

        def refill() -> None:
            while len(pending) < limit:
                if suspects:  # after a crash, suspects run one at a time: a loss then names its file
                    if not pending:
                        chunk = suspects.pop()
                        pending[self.pool.submit(self.task, chunk, self.ruleset, self.timeout)] = chunk
                    return
                fresh = next(chunks, None)
                if fresh is None:
                    return
                pending[self.pool.submit(self.task, fresh, self.ruleset, self.timeout)] = fresh

        refill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost: list[list[str]] = []
            for future in done:
                chunk = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    lost.append(chunk)
            if lost:
                yield from self._recover(lost, pending, suspects)
            refill()

    def close(self) -> None:
        """Stop the workers; chunks not started are dropped (a re-run does them)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _recover(
        self,
        lost: list[list[str]],
        pending: dict[Future[list[Outcome]], list[str]],
        suspects: list[list[str]],
    ) -> Iterator[list[Outcome]]:
        """After a worker died: a new pool, single files retried, a lone culprit recorded as failed."""
        lost.extend(pending.values())  # every future of a broken pool fails
        pending.clear()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        if len(lost) == 1 and len(lost[0]) == 1 and lost[0][0] in self.suspected:
            yield [crashed(lost[0][0], self.ruleset, "单独重试仍然退出")]
            return
        for chunk in lost:
            self.suspected.update(chunk)
            suspects.extend([path] for path in chunk)


def run_dask(
    chunks: Iterator[list[str]],
    address: str,
    ruleset: str | None,
    timeout: float | None,
    client: Any = None,
) -> Iterator[list[Outcome]]:
    """The same chunks on a Dask distributed cluster (imported only here).

    ``client``: an already connected ``distributed.Client`` to reuse (the benchmark keeps the connection
    out of its timing); by default one is opened for the run and closed after it.
    """
    from distributed import Client  # noqa: PLC0415  (Dask only with a scheduler)

    if client is not None:
        yield from _run_on(client, chunks, ruleset, timeout)
        return
    with Client(address, timeout="30s") as own:  # type: ignore[no-untyped-call]
        yield from _run_on(own, chunks, ruleset, timeout)


def _run_on(
    client: Any, chunks: Iterator[list[str]], ruleset: str | None, timeout: float | None
) -> Iterator[list[Outcome]]:
    from distributed import as_completed  # noqa: PLC0415  (Dask only with a scheduler)

    threads = max(1, sum(client.nthreads().values()))
    limit = threads * IN_FLIGHT_PER_WORKER
    futures: dict[Any, list[str]] = {}
    queue = as_completed()  # type: ignore[no-untyped-call]

    def submit(chunk: list[str]) -> None:
        future = client.submit(audit_chunk, chunk, ruleset, timeout, pure=False)
        futures[future] = chunk
        queue.add(future)  # type: ignore[no-untyped-call]

    for chunk in chunks:
        submit(chunk)
        if len(futures) >= limit:
            break
    for future in queue:
        chunk = futures.pop(future)
        try:
            yield future.result()
        except Exception as exc:  # a worker killed by this chunk: isolate the culprit
            if len(chunk) == 1:
                yield [crashed(chunk[0], ruleset, type(exc).__name__)]
            else:
                for path in chunk:
                    submit([path])
        next_chunk = next(chunks, None)
        if next_chunk is not None:
            submit(next_chunk)

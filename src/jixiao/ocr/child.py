"""The OCR child process, as the PDF reader's (ADR 0007): one per file, or one kept per batch worker.

Each page is one request with its own time limit (:data:`jixiao.ocr.PAGE_TIMEOUT`): a page that overruns
it, or crashes the child, costs that page only; the next page gets a fresh child. Loading the models
takes a fresh child 1–2 s, which a batch worker pays once (:func:`kept_child`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jixiao import ocr
from jixiao.inputs.files.pdf_child import Kept, PdfChild

T = TypeVar("T")
KEPT_CHILD_PAGES = 2000  # pages a kept child reads before it is replaced (bounds leaks)


@dataclass(slots=True)
class PageRead:
    """What the OCR child read on one page (1-based ``number``), or why it could not."""

    number: int
    lines: list[list[Any]] = field(default_factory=list)  # [text, [left, top, right, bottom] px, confidence]
    width: int = 0
    height: int = 0
    dpi: float = 72.0
    cpu: float = 0.0
    error: str | None = None
    rules: dict[str, list[list[float]]] = field(
        default_factory=dict
    )  # "h": [y, left, right], "v": [x, top, bottom]


class OcrChild(PdfChild):
    """The OCR engine in a child process (``python -m jixiao.ocr.engine``), restarted after any failure."""

    def __init__(self, threads: int = 0, max_files: int = KEPT_CHILD_PAGES) -> None:
        super().__init__(memory=ocr.CHILD_MEMORY, timeout=ocr.PAGE_TIMEOUT, max_files=max_files)
        self.threads = threads  # onnxruntime threads: 1 in a batch worker (one per core), 0 = all cores
        self.cpu = 0.0  # CPU seconds the pages read so far took in the child (benchmarks)

    def command(self) -> list[str]:
        memory, threads, side = str(self.memory), str(self.threads), str(ocr.MAX_SIDE)
        return [sys.executable, "-m", "jixiao.ocr.engine", memory, threads, side]

    def answered(self, result: dict[str, Any]) -> bool:
        return "lines" in result or "pages" in result

    def page(self, request: dict[str, Any]) -> dict[str, Any]:
        """One request within the page time limit (plus the models' loading time for a fresh child)."""
        fresh = self.process is None or self.process.poll() is not None
        limit = ocr.PAGE_TIMEOUT + (ocr.STARTUP_TIMEOUT if fresh else 0.0)
        hook = ocr.PAGE_STARTED.get()
        if hook is not None:
            hook(limit)
        return self.ask(request, timeout=limit)


def failure(result: dict[str, Any]) -> str:
    """Why a request has no answer, in Chinese."""
    if "timeout" in result:
        return f"文字识别超时（超过 {result['timeout']:g} 秒）"
    if "crashed" in result:
        return "文字识别进程异常退出（内存不足或图像损坏）"
    return f"文字识别失败（{result.get('error', '未知原因')}）"


def read_pages(child: OcrChild, requests: list[dict[str, Any]], numbers: list[int]) -> list[PageRead]:
    """Each request (a page) read by ``child``; a failed page is a :class:`PageRead` with its error."""
    pages = []
    for request, number in zip(requests, numbers, strict=True):
        result = child.page(request)
        if "lines" not in result:
            pages.append(PageRead(number, error=failure(result)))
            continue
        child.cpu += float(result.get("cpu", 0.0))
        pages.append(
            PageRead(
                number,
                result["lines"],
                int(result["width"]),
                int(result["height"]),
                float(result["dpi"]),
                float(result.get("cpu", 0.0)),
                rules=result.get("rules") or {},
            )
        )
    return pages


def pdf_pages(path: Path, numbers: list[int], kept: bool) -> list[PageRead]:
    """The pages ``numbers`` (1-based) of a PDF read by OCR at :data:`jixiao.ocr.DPI`."""
    where = os.path.abspath(path)
    requests = [{"pdf": where, "page": number - 1, "dpi": ocr.DPI} for number in numbers]
    return _with_child(kept, lambda child: read_pages(child, requests, numbers))


def image_pages(path: Path, kept: bool) -> tuple[list[PageRead], str | None]:
    """Every page (frame) of an image read by OCR, or why the image is refused."""
    where = os.path.abspath(path)

    def run(child: OcrChild) -> tuple[list[PageRead], str | None]:
        probe = child.page({"image": where})
        if "pages" not in probe:
            return [], failure(probe)
        count = min(int(probe["pages"]), ocr.MAX_OCR_PAGES)
        numbers = list(range(1, count + 1))
        return read_pages(child, [{"image": where, "page": n - 1} for n in numbers], numbers), None

    return _with_child(kept, run)


def _with_child(kept: bool, work: Callable[[OcrChild], T]) -> T:
    if kept:
        return work(kept_child())
    child = OcrChild()
    try:
        return work(child)
    finally:
        child.close()


_KEPT = Kept(lambda: OcrChild(threads=1))  # one onnxruntime thread: a batch runs a worker per core


def kept_child() -> OcrChild:
    """This process's long-lived OCR child, created on first use."""
    return _KEPT.get()


def close_kept_child() -> None:
    """End this process's kept OCR child, if any (also done at interpreter exit)."""
    _KEPT.close()

"""How many pages each PDF and image of a batch has, counted before the run: the progress bar counts pages.

A scanned page costs seconds of OCR where a whole text document costs milliseconds, so a bar counting
files says little about a batch with scans. The client counts the pages of every PDF (PDFium opens the
file and reads its page tree, no page is loaded) and every image (its frames, from the header) in a child
process with an address-space limit and a time limit per file, as every reader does (ADR 0007): a hostile
file costs its own count (taken as one page), never the run. Counting is bounded too: after
:data:`COUNT_BUDGET` seconds the files not yet counted are taken at the mean of those counted, and the
total says it is an estimate.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.inputs.files.pdf_child import PdfChild

PAGED = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # the formats whose pages OCR may read
COUNT_TIMEOUT = 5.0  # seconds for one file's count
COUNT_BUDGET = 30.0  # seconds for counting a whole batch; the rest is estimated
COUNT_MEMORY = 512 * 1024 * 1024  # address-space limit of the counting child (bytes)

_CHILD = r"""
import json, resource, signal, struct, sys
limit, alarm = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import pypdfium2 as pdfium
from PIL import Image

def count(path):
    if path.lower().endswith(".pdf"):
        pdf = pdfium.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    with Image.open(path) as image:  # the header only: no pixel is decoded
        return getattr(image, "n_frames", 1)

out = sys.stdout.buffer
for line in sys.stdin.buffer:
    signal.alarm(alarm)
    try:
        result = {"pages": count(json.loads(line))}
    except Exception as exc:
        result = {"error": type(exc).__name__}
    signal.alarm(0)
    data = json.dumps(result).encode("utf-8")
    out.write(struct.pack(">I", len(data)) + data)
    out.flush()
"""


class CountChild(PdfChild):
    """The counting child: one path a request, ``{"pages": n}`` or why not."""

    def __init__(self) -> None:
        super().__init__(memory=COUNT_MEMORY, timeout=COUNT_TIMEOUT, max_files=100_000)

    def command(self) -> list[str]:
        return [sys.executable, "-c", _CHILD, str(self.memory), str(int(self.timeout) + 2)]

    def answered(self, result: dict[str, object]) -> bool:
        return "pages" in result or "error" in result  # a file PDFium refuses leaves the child sound


@dataclass
class PageCount:
    """The pages of a batch's PDFs and images: each file's count, and whether the total is estimated."""

    pages: dict[str, int] = field(default_factory=dict)  # path → pages (counted, or the estimate)
    estimated: int = 0  # how many files were not counted (budget spent): their pages are the mean
    unreadable: int = 0  # files the child could not count (taken as one page)

    @property
    def total(self) -> int:
        return sum(self.pages.values())

    def of(self, path: str) -> int:
        """The pages one file adds to the bar (0 for a file without pages: .txt, .docx, .yaml ...)."""
        return self.pages.get(path, 0)


def count_pages(
    files: Iterable[Path], budget: float = COUNT_BUDGET, clock: Callable[[], float] = time.monotonic
) -> PageCount:
    """The pages of every PDF and image among ``files`` (others have none), within ``budget`` seconds."""
    paged = [str(path) for path in files if path.suffix.lower() in PAGED]
    result = PageCount()
    if not paged:
        return result
    child = CountChild()
    deadline = clock() + budget
    try:
        for index, path in enumerate(paged):
            if clock() >= deadline:
                rest = paged[index:]
                counted = list(result.pages.values())
                mean = max(1, round(sum(counted) / len(counted))) if counted else 1
                result.pages.update(dict.fromkeys(rest, mean))
                result.estimated = len(rest)
                break
            answer = child.ask(os.path.abspath(path))
            if isinstance(answer.get("pages"), int) and answer["pages"] > 0:
                result.pages[path] = answer["pages"]
            else:
                result.pages[path] = 1
                result.unreadable += 1
    finally:
        child.close()
    return result

"""Scanned pages: which PDF pages need OCR, reading them, and images (.png .jpg .tif) read as documents.

A PDF page is read by OCR when its text layer is empty or nearly so while an image covers part of it (a
scan, perhaps with a page number as text), or when its text layer is garbage: fonts without a usable
encoding give private-use or replacement characters. Every other page is read from its text layer, as
before: pages with text are never OCRed (ADR 0012).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from jixiao import ocr
from jixiao.inputs.document import Table
from jixiao.issues import Issue, Severity
from jixiao.model import OcrInfo
from jixiao.ocr import child

MIN_TEXT = 20  # visible characters: a page with fewer (and an image) is a scan
MIN_IMAGE_SHARE = 0.1  # of the page's area: a nearly blank page is not worth an OCR pass
GARBAGE_SHARE = 0.3  # of a page's visible characters private-use / replacement / control: garbage
_GARBAGE = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0e-\x1f]")
_VISIBLE = re.compile(r"\S")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


class Place(NamedTuple):
    """Where a stretch of the text was read on a scan: 1-based page, box (points from the page's top-left
    corner, the union of the text lines on that page) and the lowest confidence of the lines it covers."""

    page: int
    box: tuple[float, float, float, float]
    confidence: float


@dataclass(slots=True)
class Scanned:
    """The OCR part of a document: the pieces read, the pages read, those that failed, the issues, and
    (once the reader has the document's final text) where each piece stands in it."""

    pieces: list[Any] = field(default_factory=list)  # jixiao.ocr.layout.Piece
    pages: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    trace: Any = None  # jixiao.ocr.layout.OcrText over the document's text (:func:`locate_blocks`)
    # each line of prose read by OCR, by its text: how far it stops short of its column's margins (em),
    # jixiao.ocr.layout.Edges, for pdf_layout.reflow
    edges: dict[str, Any] = field(default_factory=dict)

    def where(self, start: int | None, end: int | None) -> Place | None:
        """The place of the text ``[start, end)`` on the scan, or None when no OCR piece covers it."""
        if self.trace is None or start is None or end is None:
            return None
        pieces = self.trace.at(start, end)
        if not pieces:
            return None
        first = pieces[0]
        same = [p for p in pieces if p.page == first.page]
        box = (
            round(min(p.box[0] for p in same), 1),
            round(min(p.box[1] for p in same), 1),
            round(max(p.box[2] for p in same), 1),
            round(max(p.box[3] for p in same), 1),
        )
        return Place(first.page, box, round(min(p.confidence for p in pieces), 4))


def locate_blocks(document: Any) -> None:
    """Give every paragraph and table cell of a document read (partly) by OCR the page, box and
    confidence of the OCR lines it was read from; blocks read from a text layer keep None."""
    from jixiao.ocr.layout import OcrText  # noqa: PLC0415 (numpy: only for a document read by OCR)

    scanned: Scanned | None = document.scanned
    if scanned is None or not scanned.pieces:
        return
    scanned.trace = OcrText(document.text, scanned.pieces)
    for block in document.blocks:
        cells = [cell for row in block.rows for cell in row] if isinstance(block, Table) else [block]
        for cell in cells:
            place = scanned.where(cell.start, cell.end)
            if place is not None:
                cell.page, cell.box, cell.confidence = place


def garbage_share(text: str) -> float:
    """The share of a page's visible characters that no font maps to a real character."""
    visible = len(_VISIBLE.findall(text))
    return len(_GARBAGE.findall(text)) / visible if visible else 0.0


def pages_to_read(pages: list[str], images: list[float] | None) -> list[int]:
    """The 1-based pages of a PDF that OCR must read."""
    shares = images or [1.0] * len(pages)
    wanted = []
    for number, (text, share) in enumerate(zip(pages, shares, strict=False), start=1):
        visible = len(_VISIBLE.findall(text))
        if (visible < MIN_TEXT and share >= MIN_IMAGE_SHARE) or garbage_share(text) >= GARBAGE_SHARE:
            wanted.append(number)
    return wanted


def pages_label(numbers: list[int]) -> str:
    """``1–3、5`` for pages 1, 2, 3 and 5."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def missing_extra(path: Path, numbers: list[int] | None, severity: Severity) -> Issue:
    """The OCR extra is not installed: say which pages it would read and how to install it."""
    what = f"第 {pages_label(numbers)} 页是扫描页（没有文字层）" if numbers else "图片需要文字识别才能读取"
    return Issue(
        code="EXT013",
        severity=severity,
        file=str(path),
        message=f"{what}，但未安装文字识别（OCR）组件，未能读取",
        hint=_install_hint(),
    )


def _install_hint() -> str:

    return ocr.INSTALL_HINT


def read_scanned_pages(
    path: Path, pages: list[str], boxes: list[Any], numbers: list[int], kept: bool
) -> Scanned:
    """OCR the pages ``numbers`` of a PDF; each page's text and pieces replace its text layer's."""

    out = Scanned()
    wanted = numbers[: ocr.MAX_OCR_PAGES]
    if len(numbers) > len(wanted):
        out.issues.append(
            _page_issue(path, numbers[len(wanted) :], f"扫描页超过 {ocr.MAX_OCR_PAGES} 页，其余未识别")
        )
    _merge(out, child.pdf_pages(path, wanted, kept), pages, boxes, path)
    return out


def _merge(out: Scanned, reads: list[Any], pages: list[str], boxes: list[Any], path: Path) -> None:
    from jixiao.ocr.layout import page_pieces, wider  # noqa: PLC0415 (numpy: only for pages read by OCR)

    for read in reads:
        index = read.number - 1
        if read.error is not None:
            out.failed.append(read.number)
            out.issues.append(_page_issue(path, [read.number], read.error))
            pages[index], boxes[index] = "", [[]]
            continue
        text, layout, pieces, edges = page_pieces(read)
        pages[index], boxes[index] = (text, layout) if layout else ("", [[]])
        out.pages.append(read.number)
        out.pieces.extend(pieces)
        for line, found in edges.items():
            out.edges[line] = wider(out.edges.get(line), found)


def _page_issue(path: Path, numbers: list[int], reason: str) -> Issue:
    return Issue(
        code="EXT012",
        severity=Severity.WARNING,
        file=str(path),
        message=f"第 {pages_label(numbers)} 页未能识别：{reason}",
        hint="这些页面的数字未参与校验；请提供更清晰的扫描件或带文字层的 PDF",
    )


def read_image_pages(path: Path, kept: bool) -> tuple[list[str], list[Any], Scanned]:
    """Every page of an image read by OCR, as the PDF reader's pages and pieces."""

    reads, error = child.image_pages(path, kept)
    out = Scanned()
    if error is not None:
        out.issues.append(
            Issue(
                code="EXT014",
                severity=Severity.ERROR,
                file=str(path),
                message=f"无法读取图片：{error}",
                hint="支持 PNG、JPEG、TIFF 图片，每页不超过 6000 万像素",
            )
        )
        return [], [], out
    pages: list[str] = [""] * len(reads)
    boxes: list[Any] = [[]] * len(reads)
    _merge(out, reads, pages, boxes, path)
    return pages, boxes, out


def annotate(evaluation: Any, document_text: str, scanned: Scanned, dpi: int | None) -> None:
    """Give every span and stated figure read by OCR its page, box and confidence, and the evaluation its
    :class:`~jixiao.model.OcrInfo`."""
    from jixiao.ocr.layout import OcrText  # noqa: PLC0415 (numpy: only for a document read by OCR)

    if scanned.trace is None or scanned.trace.text != document_text:
        scanned.trace = OcrText(document_text, scanned.pieces)
    for key, span in evaluation.spans.items():
        place = scanned.where(span.start, span.end)
        if place:
            evaluation.spans[key] = span.model_copy(update=place._asdict())
    for index, figure in enumerate(evaluation.stated):
        place = scanned.where(*figure.span)
        if place:
            evaluation.stated[index] = figure.model_copy(update=place._asdict())
    characters = sum(len(p.text) for p in scanned.pieces)
    mean = sum(p.confidence * len(p.text) for p in scanned.pieces) / characters if characters else None
    info = OcrInfo(
        engine=ocr.ENGINE_NAME,
        pages=sorted(scanned.pages),
        failed=sorted(scanned.failed),
        confidence=round(mean, 4) if mean is not None else None,
        dpi=dpi,
    )
    if evaluation.source is not None:
        evaluation.source.ocr = info

"""The Document between reading and understanding: blocks in reading order, each pointing into the text.

A reader turns a file into one ``text`` (what every later stage reads, so that a span is an offset into it)
and ``blocks``: paragraphs and tables. A table is a grid of cells (rows × cells, a merged cell repeated in
every position it covers, ``Cell.merged`` set on the copies), its header rows counted, its caption and unit
declaration attached. Every cell and paragraph has ``start``/``end`` offsets into ``text``; one read by OCR
also has its page, box and confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]  # left, top, right, bottom on the page, in points


@dataclass(slots=True)
class Cell:
    """One grid position: its text as written and where it stands in the document's text."""

    text: str
    start: int
    end: int
    merged: bool = False  # a copy of a merged cell that starts in an earlier row or column
    page: int | None = None
    box: Box | None = None
    confidence: float | None = None  # OCR: the recogniser's confidence in [0, 1]; None when read as text

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Paragraph:
    """A paragraph (one line of the text), with its offsets."""

    text: str
    start: int
    end: int
    page: int | None = None
    box: Box | None = None
    confidence: float | None = None


@dataclass(slots=True)
class Table:
    """A grid of cells; ``layout`` says how it reached us (docx, html, pdf, pipe, tab, aligned, …)."""

    rows: list[list[Cell]]
    layout: str
    header_rows: int = 0
    caption: Paragraph | None = None  # the title line right above the table
    unit: str | None = None  # the declared unit of its amounts: 元 / 千元 / 万元 / 亿元
    unit_span: tuple[int, int] | None = None  # where the declaration stands (caption, header cell, a line)

    @property
    def start(self) -> int:
        return min(cell.start for row in self.rows for cell in row)

    @property
    def end(self) -> int:
        return max(cell.end for row in self.rows for cell in row)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        """The grid as cell texts (what the round trip compares)."""
        return [[cell.text for cell in row] for row in self.rows]

    def header(self) -> list[list[Cell]]:
        return self.rows[: self.header_rows]

    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows :]


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """The text of a file as jixiao reads it, and its blocks; spans and lines refer to ``text``."""

    text: str
    format: str
    encoding: str | None = None
    metadata_lines: int = 0  # leading ``URL:``/``QUERY:`` lines of a stored page, not report text
    blocks: list[Block] = field(default_factory=list)
    scanned: Any = None  # jixiao.inputs.files.scans.Scanned: the pages read by OCR, with their pieces
    # what is read from the blocks once and then reused (``inputs.facts``: each block's facts, read by
    # the amounts pass and again for the checks); keyed on the blocks list it was read from
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def ocr_place(self, start: int, end: int) -> tuple[int, Box, float] | None:
        """(page, box, confidence) of the text ``[start, end)`` when OCR read it, else None."""
        if self.scanned is None:
            return None
        place: tuple[int, Box, float] | None = self.scanned.where(start, end)
        return place

    def tables(self) -> Iterator[Table]:
        return (block for block in self.blocks if isinstance(block, Table))

    def paragraphs(self) -> Iterator[Paragraph]:
        return (block for block in self.blocks if isinstance(block, Paragraph))
